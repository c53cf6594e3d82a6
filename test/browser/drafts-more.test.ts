import type { Locator, Page } from 'playwright-core'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { memorySecrets } from '../../electron/core/mail/secrets'
import { expectAccessible } from '../support/axe'
import { startBrowserApp, type BrowserApp } from '../support/browser'
import { OWNER, STORE } from '../support/core'
import { addCustomer, openSignedIn } from '../support/customers'
import { customerReceipt, smtpSettings, testMailOptions, type Receipt } from '../support/mail'
import { unusedPort } from '../support/smtp/server'
import { arriveFromAnotherStore } from '../support/sync/foreign'
import { choose, expectText, expectToast } from '../support/ui'

/**
 * PRODUCT 7.1 on Send receipt, the tax rate dialog, New user / Edit user and Resolve conflict:
 * typing outlives a reload (as a crash would leave the window), is put back with a notice, and
 * is gone once saved or cancelled. A user's password and PIN are never kept.
 */
const PUT_BACK = /Unsaved .* from .* was put back/

describe('Send receipt, tax rates, users and conflicts keep what was typed through a reload', () => {
  let app: BrowserApp
  let page: Page
  let customerId: string
  let receipt: Receipt
  let maria: { id: string }

  const draftHolding = (text: string) => page.waitForFunction((t) => Object.values(localStorage).some((draft) => draft.includes(t)), text)
  const draftsHold = (text: string) => page.evaluate((t) => Object.values(localStorage).some((draft) => draft.includes(t)), text)

  async function goTo(path: string, heading: string) {
    await page.goto(`${app.host.origin}/#${path}`)
    await page.getByRole('heading', { level: 1, name: heading }).waitFor()
  }

  async function openDialog(button: string, name: string): Promise<Locator> {
    await page.getByRole('button', { name: button, exact: true }).click()
    const dialog = page.getByRole('dialog', { name })
    await dialog.waitFor()
    return dialog
  }

  beforeAll(async () => {
    app = await startBrowserApp({ secrets: memorySecrets(), mail: testMailOptions() })
    await app.core.ok('auth:setup', { store: STORE, owner: OWNER })
    // Nothing listens on the port: a send waits in the outbox, which is all this test needs.
    await app.core.ok('mail:saveSettings', smtpSettings({ port: await unusedPort() }))
    ;({ customerId, receipt } = await customerReceipt(app.core))
    maria = await app.core.ok('users:create', { username: 'maria', displayName: 'Maria Lopez', role: 'staff', password: 'password of maria', pin: '86420' })
    page = await openSignedIn(app, OWNER.username, OWNER.password)
  })
  afterAll(async () => app?.close())

  it('puts the address typed for a send back, about the receipt’s customer, and none once sent', async () => {
    const openSend = async () => {
      await goTo(`/receipts/${receipt.id}`, `Receipt ${receipt.number}`)
      const dialog = await openDialog('Send receipt', `Send receipt ${receipt.number}`)
      await expect.poll(() => dialog.getByLabel('Email address').inputValue()).not.toBe('')
      return dialog
    }
    let dialog = await openSend()
    expect(await dialog.getByLabel('Email address').inputValue()).toBe('ana.garcia@example.com')
    await dialog.getByLabel('Email address').fill('ana.work@example.org')
    await draftHolding('ana.work@example.org')
    const [raw] = await page.evaluate(() => Object.values(localStorage).filter((draft) => draft.includes('ana.work@example.org')))
    // The draft names the customer: erasing them removes it (useFormDraft's sweep).
    expect(JSON.parse(raw!).customerId).toBe(customerId)

    await page.reload()
    dialog = await openSend()
    await expectText(dialog, PUT_BACK)
    expect(await dialog.getByLabel('Email address').inputValue()).toBe('ana.work@example.org')
    await expectAccessible(page, 'the Send receipt dialog with its address put back', dialog)
    await dialog.getByRole('button', { name: 'Send' }).click()
    await dialog.waitFor({ state: 'detached' })
    await expect.poll(() => page.getByTestId('receipt-email').textContent()).toContain('ana.work@example.org')
    expect(await draftsHold('ana.work@example.org')).toBe(false)

    // Opened again: the customer's address, and no notice.
    dialog = await openSend()
    expect(await dialog.getByLabel('Email address').inputValue()).toBe('ana.garcia@example.com')
    expect(await dialog.getByText(PUT_BACK).count()).toBe(0)
    await dialog.getByRole('button', { name: 'Cancel' }).click()
  })

  it('puts a new tax rate back, and none once saved', async () => {
    const openNew = async () => {
      await goTo('/settings', 'Settings')
      return openDialog('New tax rate', 'New tax rate')
    }
    let dialog = await openNew()
    await dialog.getByLabel('Tax name').fill('City tax')
    await dialog.getByLabel('Rate (%)').pressSequentially('4.5')
    // Still in the field (no blur) when the window goes.
    await draftHolding('"ratePercent":4.5')
    await page.reload()
    dialog = await openNew()
    await expectText(dialog, PUT_BACK)
    expect(await dialog.getByLabel('Tax name').inputValue()).toBe('City tax')
    expect(await dialog.getByLabel('Rate (%)').inputValue()).toBe('4.5')
    await expectAccessible(page, 'the new tax rate dialog with its typing put back', dialog)
    await dialog.getByRole('button', { name: 'Save tax rate' }).click()
    await expectText(page, 'Tax rate saved')
    expect((await app.core.ok('taxRates:list', {})).map((rate) => rate.name)).toContain('City tax')
    expect(await draftsHold('City tax')).toBe(false)
  })

  it('puts an edit of a tax rate back, keeps a rate saved since as saved, and none once cancelled', async () => {
    const state = (await app.core.ok('taxRates:list', {})).find((rate) => rate.name === 'State tax')!
    const openEdit = async (name: string) => {
      await goTo('/settings', 'Settings')
      return openDialog(`Edit ${name}`, `Edit ${name}`)
    }
    let dialog = await openEdit('State tax')
    await dialog.getByLabel('Tax name').fill('State sales tax')
    const rate = dialog.getByLabel('Rate (%)')
    await rate.click()
    await rate.press('ControlOrMeta+a')
    await rate.pressSequentially('9.25')
    await draftHolding('"ratePercent":9.25')

    // Another manager changes the rate meanwhile: the typed rate is not put back over it.
    await app.core.ok('taxRates:save', { ...state, ratePercent: 7 })
    await page.reload()
    dialog = await openEdit('State tax')
    await expectText(dialog, PUT_BACK)
    expect(await dialog.getByLabel('Tax name').inputValue()).toBe('State sales tax')
    expect(await dialog.getByLabel('Rate (%)').inputValue()).toBe('7')
    await expectText(dialog, 'Rate (%) (yours was “9.25”)')
    await expectAccessible(page, 'the edit tax rate dialog with its typing put back', dialog)
    await dialog.getByRole('button', { name: 'Cancel' }).click()
    await dialog.waitFor({ state: 'detached' })
    expect(await draftsHold('State sales tax')).toBe(false)
    expect((await app.core.ok('taxRates:list', {})).find((rate) => rate.id === state.id)!.name).toBe('State tax')
  })

  it('puts a new user back, never the password or the PIN, and none once created', async () => {
    const openNew = async () => {
      await goTo('/users', 'Users & permissions')
      return openDialog('New user', 'New user')
    }
    let dialog = await openNew()
    const exportTick = () => dialog.getByLabel('Export customer lists')
    await choose(page, 'Role', 'Manager', dialog)
    const exportWas = await exportTick().isChecked()
    await exportTick().click()
    await dialog.getByLabel('Password').fill('never kept in a draft')
    await dialog.getByLabel('PIN').fill('97531')
    await dialog.getByLabel('Username').fill('priya')
    await dialog.getByLabel('Name', { exact: true }).fill('Priya Patel')
    await draftHolding('Priya Patel')
    expect(await draftsHold('priya')).toBe(true)
    // The secrets never reach this PC's storage.
    expect(await draftsHold('never kept in a draft')).toBe(false)
    expect(await draftsHold('97531')).toBe(false)

    await page.reload()
    dialog = await openNew()
    await expectText(dialog, PUT_BACK)
    expect(await dialog.getByLabel('Name', { exact: true }).inputValue()).toBe('Priya Patel')
    expect(await dialog.getByLabel('Username').inputValue()).toBe('priya')
    await expect.poll(() => dialog.getByLabel('Role', { exact: true }).textContent()).toContain('Manager')
    expect(await exportTick().isChecked()).toBe(!exportWas)
    expect(await dialog.getByLabel('Password').inputValue()).toBe('')
    expect(await dialog.getByLabel('PIN').inputValue()).toBe('')
    await expectAccessible(page, 'the New user dialog with its typing put back', dialog)
    await dialog.getByLabel('Password').fill('password of priya')
    await dialog.getByLabel('PIN').fill('97531')
    await dialog.getByRole('button', { name: 'Create user' }).click()
    await expectToast(page, 'User created')
    const priya = (await app.core.ok('users:list', {})).find((user) => user.username === 'priya')!
    expect(priya.role).toBe('manager')
    expect(priya.permissionOverrides.export_data).toBe(!exportWas)
    expect(await draftsHold('Priya Patel')).toBe(false)
  })

  it('puts an edit of a user back, keeps a name saved since as saved, and none once cancelled', async () => {
    const openEdit = async (name: string) => {
      await goTo('/users', 'Users & permissions')
      return openDialog(`Edit ${name}`, `Edit ${name}`)
    }
    let dialog = await openEdit('Maria Lopez')
    const voidTick = () => dialog.getByLabel('Void receipts')
    const voidWas = await voidTick().isChecked()
    await voidTick().click()
    await dialog.getByLabel('Name', { exact: true }).fill('Maria López-Díaz')
    await draftHolding('Maria López-Díaz')

    // Another manager renames her meanwhile: the typed name is not put back over it, the tick is.
    await app.core.ok('users:update', { id: maria.id, displayName: 'Maria L.' })
    await page.reload()
    dialog = await openEdit('Maria L.')
    await expectText(dialog, PUT_BACK)
    expect(await dialog.getByLabel('Name', { exact: true }).inputValue()).toBe('Maria L.')
    expect(await voidTick().isChecked()).toBe(!voidWas)
    await expectText(dialog, 'Name (yours was “Maria López-Díaz”)')
    await expectAccessible(page, 'the Edit user dialog with its typing put back', dialog)
    await dialog.getByRole('button', { name: 'Cancel' }).click()
    await dialog.waitFor({ state: 'detached' })
    expect(await draftsHold('Maria López-Díaz')).toBe(false)
    expect(await draftsHold('void_receipts')).toBe(false)
    expect((await app.core.ok('users:list', {})).find((user) => user.id === maria.id)!.permissionOverrides).toEqual({})
  })

  it('puts the value typed to resolve a conflict back, about the customer it is for, and none once resolved', async () => {
    const bea = await addCustomer(app, { firstName: 'Beatriz', lastName: 'Sousa', username: 'bea' })
    // Harbour Street gave "bea" a minute earlier: theirs keeps it; ours shows none and is listed.
    await arriveFromAnotherStore(app.core.services, { firstName: 'Bea', lastName: 'Lund', username: 'bea' }, { storeName: 'Harbour Street', writtenAt: new Date(Date.now() - 60_000) })
    const openResolve = async () => {
      await goTo('/conflicts', 'Conflicts')
      return openDialog('Resolve username bea for Beatriz Sousa', 'Resolve username bea')
    }
    let dialog = await openResolve()
    await dialog.getByLabel('New username for Beatriz Sousa').fill('bea.sousa')
    await draftHolding('bea.sousa')
    const [raw] = await page.evaluate(() => Object.values(localStorage).filter((draft) => draft.includes('bea.sousa')))
    expect(JSON.parse(raw!).customerId).toBe(bea.id)

    await page.reload()
    dialog = await openResolve()
    await expectText(dialog, PUT_BACK)
    expect(await dialog.getByLabel('New username for Beatriz Sousa').inputValue()).toBe('bea.sousa')
    await expectAccessible(page, 'the Resolve dialog with its typing put back', dialog)
    await dialog.getByRole('button', { name: 'Resolve' }).click()
    await expectText(page, 'Beatriz Sousa now has the username bea.sousa')
    await dialog.waitFor({ state: 'detached' })
    expect((await app.core.ok('customers:get', { id: bea.id })).username).toBe('bea.sousa')
    expect(await draftsHold('bea.sousa')).toBe(false)
  })

  it('takes the address typed to send a receipt with the erase of the receipt’s customer', async () => {
    await goTo(`/receipts/${receipt.id}`, `Receipt ${receipt.number}`)
    const dialog = await openDialog('Send receipt', `Send receipt ${receipt.number}`)
    await expect.poll(() => dialog.getByLabel('Email address').inputValue()).not.toBe('')
    await dialog.getByLabel('Email address').fill('ana.private@example.net')
    await draftHolding('ana.private@example.net')
    // Erased behind this window's back (another desk): the next start finds it and takes the draft.
    await app.core.ok('customers:erase', { id: customerId })
    await page.reload()
    await expect.poll(() => draftsHold('ana.private@example.net')).toBe(false)
  })
})
