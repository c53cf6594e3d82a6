import type { Page } from 'playwright-core'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { expectAccessible } from '../support/axe'
import { addCustomer, addStaff, openSignedIn } from '../support/customers'
import { startDeskApp, type DeskApp } from '../support/desk'
import { expectText } from '../support/ui'

/**
 * Who may check a customer in (PRODUCT 5.8) and the conversion cycle a check-in belongs to
 * (PRODUCT 5.5), done on the screens: staff without access to the customer's open deal see why
 * they cannot check them in, and a stale *Check in* is refused with main's words; the deal's
 * staff, and staff granted *See all deals*, check them in. A sold deal makes the next check-in
 * a *Return visit* on Today; once delivered (from the Deals tab), the next check-in opens a new
 * deal. The core's clock moves by days; check-outs are done through the core (visits.test.ts
 * clicks them).
 */
const DAY = 24 * 3_600_000

describe('who checks a customer in, and the deal each check-in belongs to', () => {
  let desk: DeskApp
  let owner: Page
  let sam: Page
  let tom: Page
  let ana: string
  let tomId: string

  beforeAll(async () => {
    // 10:15 in New York on Monday 23 November 2026.
    desk = await startDeskApp('2026-11-23T15:15:00.000Z')
    owner = desk.owner
    ana = (await addCustomer(desk.app, { firstName: 'Ana', lastName: 'Petrov' })).id
    const samPassword = await addStaff(desk.app, { displayName: 'Sam Staff', username: 'sam' })
    const tomPassword = await addStaff(desk.app, { displayName: 'Tom Staff', username: 'tom' })
    tomId = (await desk.app.core.ok('users:list', {})).find((u) => u.username === 'tom')!.id
    // Signed in before anyone is checked in: the app still opens on Customers.
    sam = await openSignedIn(desk.app, 'sam', samPassword)
    tom = await openSignedIn(desk.app, 'tom', tomPassword)
  })
  afterAll(async () => desk?.app.close())

  /** The customer's page, loaded afresh: a change of the address's hash alone keeps the screen as it was. */
  const openCustomer = async (page: Page, id: string, name: string) => {
    await page.goto(`${desk.app.host.origin}/#/customers/${id}`)
    await page.reload()
    await page.getByRole('heading', { level: 1, name }).waitFor()
  }
  const checkOut = () => desk.app.core.ok('visits:checkOut', { customerId: ana })
  const dealRow = (page: Page, status: string) =>
    page.getByRole('table', { name: 'Deals' }).getByRole('row').filter({ has: page.getByRole('cell', { name: status, exact: true }) })
  const todayRow = async (page: Page, name: string) => {
    await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Today' }).click()
    await page.getByRole('heading', { level: 1, name: /^Today/ }).waitFor()
    const row = page.getByRole('table', { name: 'In the store now' }).getByRole('row').filter({ hasText: name })
    await row.waitFor()
    return row
  }

  it('refuses staff without access to the customer’s open deal, on screen; the deal’s staff and staff who see all deals check in', async () => {
    const refusal = 'Only Sam Staff (Ana Petrov’s deal) or someone allowed to see all deals can check Ana Petrov in'
    // Tom opens Ana's page while she has no deal: his screen offers Check in. His page's timers
    // stand still, the frame's status poll with them, so his page stays as it opened and his Check
    // in is stale when he clicks it: the refusal is what this checks (a page whose timers run
    // follows by itself, today-check-in.test.ts).
    await tom.clock.install()
    await openCustomer(tom, ana, 'Ana Petrov')
    const tomsCheckIn = tom.getByRole('button', { name: 'Check in Ana Petrov' })
    await tomsCheckIn.waitFor()

    // Sam checks her in: the first check-in opens a deal assigned to him.
    await openCustomer(sam, ana, 'Ana Petrov')
    await sam.getByRole('button', { name: 'Check in Ana Petrov' }).click()
    await expectText(sam, 'Ana Petrov checked in')
    await sam.getByRole('tab', { name: 'Deals' }).click()
    await dealRow(sam, 'Open').filter({ hasText: 'Sam Staff' }).waitFor()
    await checkOut()

    // Tom's stale Check in: main refuses him, and the screen says who can.
    await tomsCheckIn.click()
    await expectText(tom, refusal)
    await expectAccessible(tom, 'a customer’s page after a refused check-in')
    // Opened afresh, his page says so in place of the button.
    await openCustomer(tom, ana, 'Ana Petrov')
    await tom.getByTestId('visit-action').getByText(refusal).waitFor()
    expect(await tom.getByRole('button', { name: 'Check in Ana Petrov' }).count()).toBe(0)
    await expectAccessible(tom, 'a customer’s page that staff may not check in')
    // Past the screen, main refuses him too, and nothing is written.
    const direct = await tom.evaluate((id) => window.backroom.visits.checkIn({ customerId: id }), ana)
    expect(direct).toEqual({ ok: false, error: { code: 'FORBIDDEN', message: refusal } })
    expect((await desk.app.core.ok('visits:today', {})).inStore).toEqual([])

    // Sam, the deal's staff, checks her in again, into the same deal.
    desk.clock.advance(60 * 60_000)
    await openCustomer(sam, ana, 'Ana Petrov')
    await sam.getByRole('button', { name: 'Check in Ana Petrov' }).click()
    await expectText(sam, 'Ana Petrov checked in')
    await checkOut()

    // An owner grants Tom See all deals: he may check her in now.
    await desk.app.core.ok('users:update', { id: tomId, permissionOverrides: { see_all_deals: true } })
    desk.clock.advance(60 * 60_000)
    await openCustomer(tom, ana, 'Ana Petrov')
    await tom.getByRole('button', { name: 'Check in Ana Petrov' }).click()
    await expectText(tom, 'Ana Petrov checked in')
    await tom.getByText(/checked in by Tom Staff/).waitFor()
    const { deals } = await desk.app.core.ok('deals:listForCustomer', { customerId: ana })
    expect(deals.map((d) => [d.status, d.assignedTo?.name, d.visits])).toEqual([['open', 'Sam Staff', 3]])
    await checkOut()
  })

  it('shows a sold customer’s check-in as a Return visit on Today; once delivered, the next check-in opens a new deal', async () => {
    // Sold from the Deals tab.
    await openCustomer(owner, ana, 'Ana Petrov')
    await owner.getByRole('tab', { name: 'Deals' }).click()
    await dealRow(owner, 'Open').getByRole('button', { name: /^Mark sold/ }).click()
    await expectText(owner, 'Deal marked sold')
    await dealRow(owner, 'Sold').waitFor()

    // The next day she comes back: a return visit.
    desk.clock.advance(DAY)
    await owner.reload()
    await owner.getByRole('button', { name: 'Check in Ana Petrov' }).click()
    await expectText(owner, 'Ana Petrov checked in')
    const returning = await todayRow(owner, 'Ana Petrov')
    await returning.getByText('Return visit', { exact: true }).waitFor()
    await expect(returning.textContent()).resolves.toContain('Sold · Sam Staff')
    await expectAccessible(owner, 'Today with a return visit')

    // Delivered from the Deals tab, then checked out.
    await openCustomer(owner, ana, 'Ana Petrov')
    await owner.getByRole('tab', { name: 'Deals' }).click()
    // Delivered is final: the dialog asks first.
    await dealRow(owner, 'Sold').getByRole('button', { name: /^Mark delivered/ }).click()
    await owner.getByRole('dialog', { name: 'Mark this deal delivered?' }).getByRole('button', { name: 'Mark delivered' }).click()
    await expectText(owner, 'Deal marked delivered')
    await dealRow(owner, 'Delivered').waitFor()
    await expectAccessible(owner, 'the Deals tab with a delivered deal')
    await checkOut()

    // The day after, a new visit starts a new cycle: an open deal of whoever checked her in, no return visit.
    desk.clock.advance(DAY)
    await owner.reload()
    await owner.getByRole('button', { name: 'Check in Ana Petrov' }).click()
    await expectText(owner, 'Ana Petrov checked in')
    const fresh = await todayRow(owner, 'Ana Petrov')
    await expect(fresh.textContent()).resolves.toContain('Open · Olivia Owner')
    expect(await fresh.getByText('Return visit', { exact: true }).count()).toBe(0)

    await openCustomer(owner, ana, 'Ana Petrov')
    await owner.getByRole('tab', { name: 'Deals' }).click()
    const open = dealRow(owner, 'Open')
    await open.filter({ hasText: 'Olivia Owner' }).waitFor()
    await dealRow(owner, 'Delivered').filter({ hasText: 'Sam Staff' }).waitFor()
    // The new deal has this one visit; the delivered one keeps its four.
    expect((await open.getByRole('cell').allTextContents()).map((t) => t.trim())[6]).toBe('1')
    expect((await dealRow(owner, 'Delivered').getByRole('cell').allTextContents()).map((t) => t.trim())[6]).toBe('4')
    await expectAccessible(owner, 'the Deals tab with a new cycle')
  })
})
