import type { Locator, Page } from 'playwright-core'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { CustomerDetail } from '../../electron/contract/customers'
import { memorySecrets } from '../../electron/core/mail/secrets'
import { expectAccessible } from '../support/axe'
import { startBrowserApp, type BrowserApp } from '../support/browser'
import { OWNER, STORE } from '../support/core'
import { addCustomer, openSignedIn } from '../support/customers'
import { testMailOptions } from '../support/mail'
import { simpleSale } from '../support/sales'
import { expectText, expectToast } from '../support/ui'

/**
 * PRODUCT 7.1 on the flag reason, a new deal, a void's reason and the Settings screens: typing
 * outlives a reload (as a crash would leave the window), is put back with a notice, and is gone
 * once saved or cancelled. The SMTP password is never kept.
 */
const PUT_BACK = /Unsaved .* from .* was put back/

describe('the flag, deal, void and settings forms keep what was typed through a reload', () => {
  let app: BrowserApp
  let page: Page
  let grace: CustomerDetail

  const draftHolding = (text: string) => page.waitForFunction((t) => Object.values(localStorage).some((draft) => draft.includes(t)), text)
  const draftsHold = (text: string) => page.evaluate((t) => Object.values(localStorage).some((draft) => draft.includes(t)), text)

  async function openCustomer() {
    await page.goto(`${app.host.origin}/#/customers/${grace.id}`)
    await page.getByRole('heading', { level: 1, name: 'Grace Hopper' }).waitFor()
  }

  async function openSettings() {
    await page.goto(`${app.host.origin}/#/settings`)
    await page.getByRole('heading', { name: 'Settings', exact: true }).waitFor()
    await page.getByLabel('Store address').waitFor()
  }

  beforeAll(async () => {
    app = await startBrowserApp({ secrets: memorySecrets(), mail: testMailOptions() })
    await app.core.ok('auth:setup', { store: STORE, owner: OWNER })
    page = await openSignedIn(app, OWNER.username, OWNER.password)
    grace = await addCustomer(app, { firstName: 'Grace', lastName: 'Hopper' })
  })
  afterAll(async () => app?.close())

  it('puts a half-typed flag reason back, and none once the customer is flagged', async () => {
    await openCustomer()
    await page.getByLabel('Flag customer?').check()
    await page.getByLabel('Flagged reason').fill('Paid with a stolen card')
    await draftHolding('Paid with a stolen card')
    await page.reload()
    await page.getByRole('heading', { level: 1, name: 'Grace Hopper' }).waitFor()
    await expectText(page, PUT_BACK)
    expect(await page.getByLabel('Flagged reason').inputValue()).toBe('Paid with a stolen card')
    await expectAccessible(page, 'the customer page with a flag reason put back')
    await page.getByRole('button', { name: 'Flag customer' }).click()
    await page.getByTestId('flag-state').filter({ hasText: 'Paid with a stolen card' }).waitFor()
    expect(await page.getByText(PUT_BACK).count()).toBe(0)
    await page.reload()
    await page.getByTestId('flag-state').waitFor()
    expect(await draftsHold('Paid with a stolen card')).toBe(false)
    expect(await page.getByText(PUT_BACK).count()).toBe(0)
  })

  it('puts a new deal’s note back; Cancel removes it', async () => {
    const openNewDeal = async (): Promise<Locator> => {
      await openCustomer()
      await page.getByRole('tab', { name: 'Deals' }).click()
      await page.getByRole('button', { name: 'New deal' }).click()
      const dialog = page.getByRole('dialog', { name: 'New deal' })
      await dialog.waitFor()
      return dialog
    }
    let dialog = await openNewDeal()
    await dialog.getByLabel('Note').fill('Wants the blue bike')
    await draftHolding('Wants the blue bike')
    await page.reload()
    dialog = await openNewDeal()
    await expectText(dialog, PUT_BACK)
    expect(await dialog.getByLabel('Note').inputValue()).toBe('Wants the blue bike')
    await expectAccessible(page, 'the new deal dialog with its note put back', dialog)
    await dialog.getByRole('button', { name: 'Cancel' }).click()
    expect(await draftsHold('Wants the blue bike')).toBe(false)
  })

  it('puts a void’s reason back, and none once the receipt is voided', async () => {
    const sale = await app.core.ok('sales:create', simpleSale(grace.id, 1200))
    const openVoid = async (): Promise<Locator> => {
      await page.goto(`${app.host.origin}/#/receipts/${sale.id}`)
      await page.getByRole('button', { name: 'Void receipt' }).click()
      const dialog = page.getByRole('dialog', { name: `Void receipt ${sale.number}?` })
      await dialog.waitFor()
      return dialog
    }
    let dialog = await openVoid()
    await dialog.getByLabel('Reason for the void').fill('Rang up twice')
    await draftHolding('Rang up twice')
    await page.reload()
    dialog = await openVoid()
    await expectText(dialog, PUT_BACK)
    expect(await dialog.getByLabel('Reason for the void').inputValue()).toBe('Rang up twice')
    await dialog.getByRole('button', { name: 'Void receipt' }).click()
    await page.getByTestId('receipt-voided').waitFor()
    expect(await draftsHold('Rang up twice')).toBe(false)
  })

  it('puts Settings and Settings → Email back, never the SMTP password, and none once saved', async () => {
    await openSettings()
    await page.getByLabel('Store address').fill('1 Harbour Lane')
    const email = page.getByRole('region', { name: 'Email' })
    await email.getByLabel('Server').fill('smtp.cornershop.example')
    await email.getByLabel('Password', { exact: true }).fill('never kept in a draft')
    await draftHolding('1 Harbour Lane')
    await draftHolding('smtp.cornershop.example')
    expect(await draftsHold('never kept in a draft')).toBe(false)

    await page.reload()
    await openSettings()
    expect(await page.getByLabel('Store address').inputValue()).toBe('1 Harbour Lane')
    expect(await email.getByLabel('Server').inputValue()).toBe('smtp.cornershop.example')
    expect(await email.getByLabel('Password', { exact: true }).inputValue()).toBe('')
    await expect.poll(() => page.getByText(PUT_BACK).count()).toBe(2)
    await expectAccessible(page, 'Settings with typing put back')

    // Start over on Email: the saved settings again, and no draft.
    await email.getByRole('button', { name: 'Start over' }).click()
    expect(await email.getByLabel('Server').inputValue()).not.toBe('smtp.cornershop.example')
    await expect.poll(() => draftsHold('smtp.cornershop.example')).toBe(false)

    await page.getByRole('button', { name: 'Save settings' }).click()
    await expectToast(page, 'Settings saved')
    expect((await app.core.ok('settings:get', {})).storeAddress).toBe('1 Harbour Lane')
    await page.reload()
    await openSettings()
    expect(await draftsHold('1 Harbour Lane')).toBe(false)
    expect(await page.getByText(PUT_BACK).count()).toBe(0)
  })

  it('keeps only the Settings changed, under the store’s id, and puts none back over a change saved since', async () => {
    const storeId = (await app.core.ok('stores:list', {})).find((store) => store.local)!.id
    const settingsDrafts = () => page.evaluate(() => Object.entries(localStorage).filter(([key]) => key.startsWith('backroom.draft.settings.')))
    await openSettings()
    const prefix = await page.getByLabel('Receipt prefix').inputValue()
    await page.getByLabel('Store name').fill('Corner Shop & Café')
    await page.getByLabel('Receipt prefix').fill('CSC')
    await draftHolding('Corner Shop & Café')
    await expect.poll(async () => (await settingsDrafts()).map(([, raw]) => JSON.parse(raw).values.receiptPrefix)).toEqual(['CSC'])
    const [[key, raw]] = await settingsDrafts()
    expect(key.endsWith(`.${storeId}`)).toBe(true)
    // The fields typed into, each with the value it started from; nothing else (the address saved earlier is not in it).
    expect(JSON.parse(raw)).toMatchObject({ values: { storeName: 'Corner Shop & Café', receiptPrefix: 'CSC' }, from: { storeName: 'Corner Shop', receiptPrefix: prefix } })
    expect(Object.keys(JSON.parse(raw).values).sort()).toEqual(['receiptPrefix', 'storeName'])

    // Meanwhile another user renames the store (and moves it) at another desk.
    const saved = await app.core.ok('settings:get', {})
    await app.core.ok('settings:update', { ...saved, storeName: 'Harbour Corner', storeAddress: '9 Quay Street' })
    await page.reload()
    await openSettings()
    await expectText(page, 'Store name (yours was “Corner Shop & Café”)')
    expect(await page.getByLabel('Store name').inputValue()).toBe('Harbour Corner')
    expect(await page.getByLabel('Store address').inputValue()).toBe('9 Quay Street')
    expect(await page.getByLabel('Receipt prefix').inputValue()).toBe('CSC')
    await expectAccessible(page, 'Settings with a draft field saved since by someone else')
    await page.getByRole('button', { name: 'Start over' }).click()
    expect(await page.getByLabel('Receipt prefix').inputValue()).toBe(prefix)
    await expect.poll(async () => (await settingsDrafts()).length).toBe(0)

    // A draft kept under another store's id (this PC was that store before a restore) is not offered here.
    await page.evaluate(
      (k) => localStorage.setItem(k, JSON.stringify({ savedAt: new Date().toISOString(), values: { storeAddress: 'Another store’s street' } })),
      key.replace(storeId, '0190aaaa-0000-7000-8000-00000000beef'),
    )
    await page.reload()
    await openSettings()
    expect(await page.getByLabel('Store address').inputValue()).toBe('9 Quay Street')
    expect(await page.getByText(PUT_BACK).count()).toBe(0)
  })

  it('says nothing was put back when every field typed was saved since with another value, and names staff by name', async () => {
    await openSettings()
    await page.getByLabel('Store name').fill('Corner Shop & Deli')
    await draftHolding('Corner Shop & Deli')
    const saved = await app.core.ok('settings:get', {})
    await app.core.ok('settings:update', { ...saved, storeName: 'Harbour Deli' })
    await page.reload()
    await openSettings()
    await expectText(page, /Unsaved settings from .* was not put back\./)
    await expectText(page, 'Store name (yours was “Corner Shop & Deli”)')
    expect(await page.getByText(PUT_BACK).count()).toBe(0)
    await page.getByRole('button', { name: 'Start over' }).click()

    // A move of Grace's appointment to Sam, typed here, while another desk gave it to someone else.
    const sam = await app.core.ok('users:create', { username: 'sam', displayName: 'Sam Staff', role: 'staff', password: 'sam password 123', pin: '5555', permissionOverrides: {} })
    const olivia = (await app.core.ok('customers:staffOptions', {})).find((s) => s.name === OWNER.displayName)!
    await app.core.ok('users:create', { username: 'kim', displayName: 'Kim Lee', role: 'staff', password: 'kim password 123', pin: '5556', permissionOverrides: {} })
    const kim = (await app.core.ok('customers:staffOptions', {})).find((s) => s.name === 'Kim Lee')!
    const tomorrow = new Date(Date.now() + 86_400_000).toISOString().slice(0, 10)
    const booked = await app.core.ok('appointments:schedule', { customerId: grace.id, date: tomorrow, time: '10:00', staffId: olivia.id, note: '' })
    await openCustomer()
    await page.getByRole('tab', { name: 'Appointments' }).click()
    await page.getByRole('button', { name: /^Reschedule the appointment/ }).click()
    const dialog = page.getByRole('dialog', { name: 'Reschedule appointment' })
    await dialog.getByLabel('Staff').click()
    await page.getByRole('option', { name: 'Sam Staff', exact: true }).click()
    await draftHolding(sam.id)
    await app.core.ok('appointments:reschedule', { id: booked.id, date: tomorrow, time: '10:00', staffId: kim.id, note: '' })
    await page.reload()
    await page.getByRole('tab', { name: 'Appointments' }).click()
    await page.getByRole('button', { name: /^Reschedule the appointment/ }).click()
    await expectText(dialog, 'Staff (yours was “Sam Staff”)')
    await expectAccessible(page, 'the appointment move put back over a change saved since', dialog)
  })
})
