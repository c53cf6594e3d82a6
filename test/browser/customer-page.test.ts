import type { Locator, Page } from 'playwright-core'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { expectAccessible } from '../support/axe'
import { addUser, OWNER } from '../support/core'
import { addLoyalCustomer, startDeskApp, tileText, typeAmount, type DeskApp } from '../support/desk'
import { simpleSale } from '../support/sales'
import { choose, expectText, expectToast, signIn } from '../support/ui'

/**
 * The customer's page as the desk reads it: the line under the name counts visits as the
 * metrics page does and follows a check-in made on the page, the Details tab shows the balance
 * a points adjustment left, and its dates are written the store's way.
 */
describe('the customer page', () => {
  let desk: DeskApp
  let page: Page

  /** The figure beside a term of the line under the customer's name ("Visits", "Last visit"). */
  const totalsFigure = (term: string) => page.getByTestId('customer-totals').locator('div').filter({ has: page.getByText(term, { exact: true }) }).locator('dd')

  const openPage = async (on: Page, id: string, name: string) => {
    await on.goto(`${desk.app.host.origin}/#/customers/${id}`)
    await on.getByRole('heading', { level: 1, name }).waitFor()
  }

  beforeAll(async () => {
    // 11:00 in New York (the test store's zone) on Monday 15 June 2026.
    desk = await startDeskApp()
    page = desk.owner
    expect((await desk.app.core.ok('settings:get', {})).locale).toBe('en-US')
  })
  afterAll(async () => desk?.app.close())

  it('counts a check-in made on the page as a visit on the line under the name, as the metrics page does', async () => {
    // She came and bought something last Friday; the store has never checked anyone in.
    desk.clock.set(Date.parse('2026-06-12T15:00:00.000Z'))
    const ana = await addLoyalCustomer(desk.app, { firstName: 'Ana', lastName: 'Petrov' })
    await desk.app.core.ok('sales:create', simpleSale(ana.id, 1500))
    desk.clock.set(Date.parse('2026-06-15T15:00:00.000Z'))
    await openPage(page, ana.id, 'Ana Petrov')
    await expect.poll(() => totalsFigure('Visits').textContent()).toBe('1')
    expect(await totalsFigure('Last visit').textContent()).toBe('06/12/2026')
    await expectAccessible(page, 'the customer page with its totals line')

    // Today she is checked in and buys nothing: a visit, today, without reloading the page.
    await page.getByRole('button', { name: 'Check in Ana Petrov' }).click()
    await expectText(page, 'Ana Petrov checked in')
    await expect.poll(() => totalsFigure('Last visit').textContent()).toBe('06/15/2026')
    // The store now checks customers in: a visit is a check-in, as on the metrics page.
    expect(await totalsFigure('Visits').textContent()).toBe('1')
    await expectAccessible(page, 'the customer page after a check-in')

    await page.getByRole('button', { name: 'Metrics' }).click()
    await page.getByTestId('tile-visits').waitFor()
    await expect.poll(() => tileText(page, 'visits')).toBe('1')
    await expect(page.getByTestId('tile-visits').textContent()).resolves.toContain('check-ins')
  })

  it('shows the new balance on the Details tab right after points are added on the Loyalty history tab', async () => {
    const manager = await addUser(desk.app.core, { role: 'manager', username: 'maria' })
    const linus = await addLoyalCustomer(desk.app, { firstName: 'Linus', lastName: 'Pauling' })
    await desk.app.core.ok('sales:create', simpleSale(linus.id, 4000)) // earns 40 points
    await openPage(page, linus.id, 'Linus Pauling')
    await expectText(page, 'Enrolled · 40 points')

    await page.getByRole('tab', { name: 'Loyalty history' }).click()
    await page.getByRole('button', { name: 'Add or remove points' }).click()
    const dialog: Locator = page.getByRole('dialog', { name: 'Loyalty — Linus Pauling' })
    await dialog.getByRole('radio', { name: 'Add points' }).check()
    await typeAmount(dialog.getByLabel('Points', { exact: true }), '25')
    await dialog.getByLabel('Reason', { exact: true }).fill('Birthday bonus')
    await choose(page, 'Approving manager', manager.user.displayName, dialog)
    await dialog.getByLabel('Manager PIN').fill(manager.pin)
    await dialog.getByRole('button', { name: 'Add points' }).click()
    await expectToast(page, 'Points added')
    await expect.poll(() => dialog.getByTestId('loyalty-balance').textContent()).toBe('65')
    await expectAccessible(page, 'the loyalty dialog on the customer page', dialog)
    await dialog.getByRole('button', { name: 'Close' }).click()
    await dialog.waitFor({ state: 'detached' })

    // The tab's own balance, then the Details tab: both the new one, with no reload.
    await expectText(page.getByRole('tabpanel'), '65 points')
    await page.getByRole('tab', { name: 'Details' }).click()
    await expectText(page.getByRole('tabpanel'), 'Enrolled · 65 points')
    await expectAccessible(page, 'the Details tab after a points adjustment')
    // Thousands written as the Loyalty tab writes them.
    await desk.app.core.ok('loyalty:adjust', { customerId: linus.id, direction: 'add', points: 1200, reason: 'Old card', approverId: manager.user.id, approverPin: manager.pin })
    await page.reload()
    await expectText(page.getByRole('tabpanel'), 'Enrolled · 1,265 points')
  })

  it('writes date of birth, anniversary and expiry dates the store’s way (US), on their calendar day whatever the PC’s zone', async () => {
    const { id } = await addLoyalCustomer(desk.app, {
      firstName: 'Grace',
      lastName: 'Hopper',
      dateOfBirth: '1985-04-12',
      anniversary: '2020-01-01',
      driversLicenseNumber: 'D1234567',
      driversLicenseExpiry: '2030-12-31',
    })
    // A PC in Tokyo, a store in New York: a birthday read as a moment would fall on the day before there.
    const tokyo = await desk.app.openPage({ timezoneId: 'Asia/Tokyo' })
    // Signed in, the app opens on Today here (the store has checked someone in), not on Customers.
    await signIn(tokyo, OWNER.username, OWNER.password)
    await tokyo.getByRole('navigation', { name: 'Main' }).waitFor()
    await openPage(tokyo, id, 'Grace Hopper')
    const details = tokyo.getByRole('tabpanel')
    const value = (label: string) => details.getByRole('term').filter({ hasText: label }).locator('xpath=following-sibling::dd[1]')
    await expect.poll(() => value('Date of birth').textContent()).toBe('04/12/1985')
    expect(await value('Anniversary').textContent()).toBe('01/01/2020')
    expect(await value("Driver's licence").textContent()).toBe('D1234567 · expires 12/31/2030')
    expect(await value('Registered').textContent()).toBe('06/15/2026')
    await expectAccessible(tokyo, 'the Details tab with the customer’s dates')
    await tokyo.close()
  })
})
