import type { Page } from 'playwright-core'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { newId } from '../../electron/core/ids'
import { expectAccessible, openDialog } from '../support/axe'
import { startDeskApp, type DeskApp } from '../support/desk'
import { choose, expectText, expectToast, fieldMessage } from '../support/ui'

/** What a store's Settings refuse or carry over, as the owner sees it on the screen. */
describe('Settings: receipt prefixes other stores print, tax rate names, the value per point across currencies', () => {
  let desk: DeskApp
  let page: Page

  beforeAll(async () => {
    desk = await startDeskApp()
    page = desk.owner
    // Another of the owner's stores, as sync brings it: North Side prints NS-.
    const at = new Date().toISOString()
    await desk.app.core.services.db('stores').insert({ id: newId(), name: 'North Side', currency: 'USD', time_zone: 'UTC', receipt_prefix: 'NS', created_at: at, updated_at: at })
    await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Settings' }).click()
    await page.getByRole('heading', { name: 'Settings', exact: true }).waitFor()
  })
  afterAll(async () => desk?.app.close())

  const save = () => page.getByRole('button', { name: 'Save settings' }).click()
  const settings = () => desk.app.core.ok('settings:get', {})

  it('refuses a new name whose initials another store prints while the prefix is empty, under the prefix', async () => {
    await page.getByLabel('Store name').fill('New Shop')
    await page.getByLabel('Receipt prefix').fill('')
    await save()
    expect(await fieldMessage(page, 'settings-receipt-prefix')).toBe(
      'North Side already prints NS, the initials of New Shop: type a receipt prefix of its own',
    )
    await expect(page.getByLabel('Receipt prefix').getAttribute('aria-invalid')).resolves.toBe('true')
    await expectAccessible(page, 'Settings with the refused prefix')
    await expect.poll(() => settings()).toMatchObject({ storeName: 'Corner Shop', receiptPrefix: 'CS' })

    await page.getByLabel('Receipt prefix').fill('nsh')
    await save()
    await expectToast(page, 'Settings saved')
    await expect.poll(() => settings()).toMatchObject({ storeName: 'New Shop', receiptPrefix: 'NSH' })
  })

  it('refuses a second active tax rate named like the first, under the name', async () => {
    for (const [name, rate] of [['VAT', '20'], ['vat', '5']]) {
      await page.getByRole('button', { name: 'New tax rate' }).click()
      const dialog = page.getByRole('dialog', { name: 'New tax rate' })
      await dialog.getByLabel('Tax name').fill(name)
      await dialog.getByLabel('Rate (%)').pressSequentially(rate)
      await dialog.getByRole('button', { name: 'Save tax rate' }).click()
      if (name === 'VAT') await dialog.waitFor({ state: 'detached' })
    }
    expect(await fieldMessage(page, 'tax-rate-name')).toBe('VAT is already an active tax rate: choose another name, or switch that one off first')
    await expectAccessible(page, 'the tax rate dialog with the refused name', openDialog(page))
    await openDialog(page).getByLabel('Tax name').fill('Reduced VAT')
    await openDialog(page).getByRole('button', { name: 'Save tax rate' }).click()
    await expectText(page, 'Tax rate saved')
    expect((await desk.app.core.ok('taxRates:list', {})).map((rate) => rate.name).sort()).toEqual(['Reduced VAT', 'VAT'])
  })

  it('carries the value per point over to a new currency as the same figure, and asks again where it cannot', async () => {
    // The label names what the number counts, in the currency chosen.
    const value = page.getByLabel(/^Value per point/)
    await page.getByLabel('Value per point (in cents of USD)').waitFor()
    await expect(value.inputValue()).resolves.toBe('1')
    await choose(page, 'Currency', 'KWD')
    await page.getByLabel('Value per point (in thousandths of KWD)').waitFor()
    await expect(value.inputValue()).resolves.toBe('10')
    await expectText(page, 'Changed with the currency: $0.01 per point is KWD 0.010 (10). Check it before saving')
    await expectAccessible(page, 'Settings after a currency change')
    await save()
    await expectToast(page, 'Settings saved')
    await expect.poll(() => settings()).toMatchObject({ currency: 'KWD', loyaltyValuePerPointMinor: 10 })
    await expectText(page, 'What one point is worth: 1 is KWD 0.001')

    // 0.010 dinar has no whole number of yen: the box empties and says so.
    await choose(page, 'Currency', 'JPY')
    await page.getByLabel('Value per point (in Japanese yen)').waitFor()
    await expect(value.inputValue()).resolves.toBe('')
    await expectText(page, 'KWD 0.010 per point is no whole number of JPY minor units: enter what one point is worth in JPY')
    await save()
    expect(await fieldMessage(page, 'settings-value-per-point')).toBe('Enter a number')
    await expectAccessible(page, 'Settings asking for the value per point again')
    await value.pressSequentially('2')
    await save()
    await expectToast(page, 'Settings saved')
    await expect.poll(() => settings()).toMatchObject({ currency: 'JPY', loyaltyValuePerPointMinor: 2 })
  })

  it('takes points per unit with four decimals, as the box shows them', async () => {
    const points = page.getByLabel('Loyalty points per currency unit')
    await points.fill('')
    await points.pressSequentially('0.0125')
    await save()
    await expectToast(page, 'Settings saved')
    await expect.poll(async () => (await settings()).loyaltyPointsPerUnit).toBe(0.0125)
    await expect(points.inputValue()).resolves.toBe('0.0125')
  })
})

describe('Settings of a store an older version set up with a time zone and locale the lists no longer have', () => {
  let desk: DeskApp
  let page: Page

  beforeAll(async () => {
    desk = await startDeskApp()
    page = desk.owner
  })
  afterAll(async () => desk?.app.close())

  async function openSettingsWith(row: { time_zone: string; locale: string }) {
    await desk.app.core.services.db('stores').update(row)
    await page.goto(`${desk.app.host.origin}/#/customers`)
    await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Settings' }).click()
    await page.getByRole('heading', { name: 'Settings', exact: true }).waitFor()
  }
  const shown = (label: string) => page.getByLabel(label, { exact: true }).textContent()

  it('shows an alias by its listed name and a locale by its language’s listed one, and saves them so', async () => {
    await openSettingsWith({ time_zone: 'US/Eastern', locale: 'fr-LU' })
    await expect(shown('Time zone')).resolves.toBe('America/New_York')
    await expect(shown('Dates and numbers')).resolves.toMatch(/^French \(France\)/)
    await page.getByLabel('Store name').fill('Corner Shop East')
    await page.getByRole('button', { name: 'Save settings' }).click()
    await expectToast(page, 'Settings saved')
    await expect.poll(() => desk.app.core.services.db('stores').first()).toMatchObject({ name: 'Corner Shop East', time_zone: 'America/New_York', locale: 'fr-FR' })
  })

  it('shows a zone the list has no name for as it is, and keeps it when other fields are saved', async () => {
    await openSettingsWith({ time_zone: 'Etc/GMT+5', locale: 'en-US' })
    await expect(shown('Time zone')).resolves.toBe('Etc/GMT+5 (set earlier; not in the list)')
    await expectAccessible(page, 'Settings with a zone kept from an older version')
    await page.getByLabel('Store name').fill('Corner Shop West')
    await page.getByRole('button', { name: 'Save settings' }).click()
    await expectToast(page, 'Settings saved')
    await expect.poll(() => desk.app.core.services.db('stores').first()).toMatchObject({ name: 'Corner Shop West', time_zone: 'Etc/GMT+5' })
    await choose(page, 'Time zone', 'America/Chicago')
    await page.getByRole('button', { name: 'Save settings' }).click()
    await expectToast(page, 'Settings saved')
    await expect.poll(async () => (await desk.app.core.services.db('stores').first()).time_zone).toBe('America/Chicago')
  })
})
