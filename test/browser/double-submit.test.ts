import type { Locator, Page, Route } from 'playwright-core'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { CustomerDetail } from '../../electron/contract/customers'
import { expectAccessible } from '../support/axe'
import { addUser } from '../support/core'
import { addLoyalCustomer, customerAction, fillItems, fillPayments, goToNewSale, openMetrics, startDeskApp, typeAmount, type DeskApp } from '../support/desk'
import { choose, expectText, expectToast } from '../support/ui'

/**
 * A double click (or Enter pressed again) while a form's command is on its way: the form shows it
 * is busy, sends once, and main writes once. The commands are held on their way to main here,
 * so the second click surely comes while the first is pending.
 */

/** Holds every call of `command` until `release()`, counting them. `duplicate` also sends each one to main twice. */
async function holdCalls(page: Page, command: string, options: { duplicate?: boolean } = {}) {
  let release!: () => void
  const gate = new Promise<void>((resolve) => (release = resolve))
  const held = { sent: 0, release, stop: async () => page.unroute(matches, handler) }
  const matches = (url: URL) => url.pathname === `/__backroom/call/${encodeURIComponent(command)}`
  const handler = async (route: Route) => {
    held.sent += 1
    await gate
    if (!options.duplicate) return route.continue()
    // As if the request had been sent again on its way: main gets it twice, the page one answer.
    const [first] = await Promise.all([route.fetch(), route.fetch()])
    await route.fulfill({ response: first })
  }
  await page.route(matches, handler)
  return held
}

/** Double-clicks a form's submit button while its command is held; the button turns off (busy) until main answers. */
async function doubleClickWhileHeld(button: Locator, held: { sent: number }) {
  await button.dblclick()
  await expect.poll(() => held.sent).toBeGreaterThan(0)
  expect(await button.isDisabled()).toBe(true)
}

describe('a double click sends a form once', () => {
  let desk: DeskApp
  let page: Page
  let linus: CustomerDetail
  let manager: Awaited<ReturnType<typeof addUser>>

  beforeAll(async () => {
    desk = await startDeskApp()
    page = desk.owner
    manager = await addUser(desk.app.core, { role: 'manager', username: 'mara' })
    linus = await addLoyalCustomer(desk.app, { firstName: 'Linus', lastName: 'Pauling' })
  })
  afterAll(async () => desk?.app.close())

  const ledger = async () => desk.app.core.ok('loyalty:history', { customerId: linus.id })

  async function fillAdjustment(dialog: Locator, points: string, reason: string) {
    await dialog.getByRole('radio', { name: 'Add points' }).check()
    await typeAmount(dialog.getByLabel('Points', { exact: true }), points)
    await dialog.getByLabel('Reason', { exact: true }).fill(reason)
    await choose(page, 'Approving manager', manager.user.displayName, dialog)
    await dialog.getByLabel('Manager PIN').fill(manager.pin)
  }

  it('"Add points" double-clicked, then Enter in a field, while the first is on its way: the points are added once', async () => {
    await openMetrics(page, 'Linus Pauling')
    await page.getByRole('button', { name: 'Loyalty' }).click()
    const dialog = page.getByRole('dialog', { name: 'Loyalty — Linus Pauling' })
    await fillAdjustment(dialog, '25', 'Birthday bonus')

    const held = await holdCalls(page, 'loyalty:adjust')
    await doubleClickWhileHeld(dialog.getByRole('button', { name: 'Add points' }), held)
    await dialog.getByLabel('Reason', { exact: true }).press('Enter')
    held.release()
    await expectToast(page, 'Points added')
    await expectText(dialog, 'Last change: Birthday bonus')
    expect(await dialog.getByTestId('loyalty-balance').textContent()).toBe('25')
    await held.stop()

    expect(held.sent).toBe(1)
    const { balance, rows } = await ledger()
    expect({ balance, entries: rows.length }).toEqual({ balance: 25, entries: 1 })
    // A header row and the one adjustment.
    expect(await dialog.getByRole('table', { name: 'Loyalty history' }).getByRole('row').count()).toBe(2)
    expect(await dialog.getByRole('button', { name: 'Add points' }).isEnabled()).toBe(true)
    await expectAccessible(page, 'the loyalty dialog after a double click', dialog)
  })

  it('an adjustment that reaches main twice (sent again on its way) is still written once: the form’s request id', async () => {
    const dialog = page.getByRole('dialog', { name: 'Loyalty — Linus Pauling' })
    await fillAdjustment(dialog, '10', 'Survey answered')
    const held = await holdCalls(page, 'loyalty:adjust', { duplicate: true })
    await dialog.getByRole('button', { name: 'Add points' }).click()
    await expect.poll(() => held.sent).toBe(1)
    held.release()
    await expectText(dialog, 'Last change: Survey answered')
    await held.stop()

    const { balance, rows } = await ledger()
    expect({ balance, entries: rows.length }).toEqual({ balance: 35, entries: 2 })
    await dialog.getByRole('button', { name: 'Close' }).click()
  })

  it('"Save feedback" double-clicked: one feedback note', async () => {
    await page.getByRole('button', { name: 'Record feedback' }).click()
    const dialog = page.getByRole('dialog', { name: 'Feedback from Linus Pauling' })
    await dialog.getByLabel('Positive').check()
    await dialog.getByLabel('Comment').fill('Lovely gift wrapping')
    await expectAccessible(page, 'the feedback dialog', dialog)

    const held = await holdCalls(page, 'feedback:add')
    await doubleClickWhileHeld(dialog.getByRole('button', { name: 'Save feedback' }), held)
    held.release()
    await expectToast(page, 'Feedback recorded')
    await dialog.waitFor({ state: 'detached' })
    await held.stop()

    expect(held.sent).toBe(1)
    expect((await desk.app.core.ok('feedback:listForCustomer', { customerId: linus.id })).rows).toHaveLength(1)
  })

  it('"Save sale" double-clicked, then Enter, while the sale is on its way, and it reaches main twice: one receipt, points once', async () => {
    const pointsBefore = (await ledger()).rows.length
    await goToNewSale(page)
    await page.getByLabel('Customer', { exact: true }).pressSequentially('Pauling')
    await page.getByRole('option').filter({ hasText: 'Linus Pauling' }).click()
    await fillItems(page, [{ name: 'Fountain pen', quantity: 1, unitPrice: '40' }])
    await fillPayments(page, [{ method: 'cash', amount: '100' }])

    // Sent again on its way too: only the sale's request id keeps main from a second receipt.
    const held = await holdCalls(page, 'sales:create', { duplicate: true })
    await doubleClickWhileHeld(page.getByRole('button', { name: 'Save sale' }), held)
    await page.getByRole('group', { name: 'Item 1' }).getByLabel('Item', { exact: true }).press('Enter')
    held.release()
    await page.getByTestId('saved-receipt-number').waitFor()
    await held.stop()

    expect(held.sent).toBe(1)
    const { rows } = await desk.app.core.ok('receipts:listForCustomer', { customerId: linus.id, period: 'thisYear' })
    expect(rows).toHaveLength(1)
    expect((await ledger()).rows.length).toBe(pointsBefore + 1)
    await expectAccessible(page, 'the new sale screen after a double click')
  })

  it('"Flag customer" double-clicked: one flag event', async () => {
    await customerAction(page, 'Linus Pauling', 'View details')
    await page.getByLabel('Flag customer?').check()
    await page.getByLabel('Flagged reason').fill('Shouted at staff')

    const held = await holdCalls(page, 'customers:setFlag')
    await doubleClickWhileHeld(page.getByRole('button', { name: 'Flag customer' }), held)
    held.release()
    await expectToast(page, 'Customer flagged')
    await held.stop()

    expect(held.sent).toBe(1)
    expect(await desk.app.core.ok('customers:flagHistory', { id: linus.id })).toHaveLength(1)
    await expectAccessible(page, 'a customer flagged with a double click')
  })
})
