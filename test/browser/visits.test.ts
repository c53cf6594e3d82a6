import type { Page } from 'playwright-core'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { expectAccessible, openDialog } from '../support/axe'
import { addCustomer, addStaff, FLAG_RED, nameLook, openSignedIn, startCustomerApp, type CustomerApp } from '../support/customers'
import { choose, expectText, signIn } from '../support/ui'
import { STORE } from '../support/core'
import { localDateOf, startOfLocalDay } from '../../electron/core/time/local-dates'

/**
 * Checking customers in and out, the Today screen, deals and appointments as the desk uses them
 * (issue 12, guide 000): found by label and name, checked on screen and in the core.
 */
const REASON = 'Paid with a stolen card'
const CHECK_OUT_REFUSAL = 'Checking customers out needs the “Check customers out” permission'

describe('visits at the desk', () => {
  let ctx: CustomerApp
  let owner: Page
  let ana: string
  let ben: string
  let carla: string
  let staffPassword: string

  beforeAll(async () => {
    ctx = await startCustomerApp()
    owner = ctx.owner
    // The core reads 09:00 in the store's zone today, whenever this runs: the tests book today's
    // appointments up to 23:59 (a start already past is refused), and check-ins must not cross
    // the store's midnight. The clock still moves from there.
    const today = localDateOf(new Date(), STORE.timeZone)
    ctx.shiftClock(Date.parse(startOfLocalDay(today, STORE.timeZone)) + 9 * 3_600_000 - Date.now())
    ana = (await addCustomer(ctx.app, { firstName: 'Ana', lastName: 'Petrov' })).id
    ben = (await addCustomer(ctx.app, { firstName: 'Ben', lastName: 'Okafor' })).id
    carla = (await addCustomer(ctx.app, { firstName: 'Carla', lastName: 'Reyes' })).id
    await ctx.app.core.ok('customers:setFlag', { id: ana, flagged: true, reason: REASON })
    staffPassword = await addStaff(ctx.app, { displayName: 'Sam Staff', username: 'sam' })
    await ctx.app.core.ok('users:create', { role: 'manager', username: 'mia', displayName: 'Mia Manager', password: 'password of mia', pin: '1357', permissionOverrides: {} })
  })
  afterAll(async () => ctx?.app.close())

  const openCustomer = async (page: Page, id: string, name: string) => {
    await page.goto(`${ctx.app.host.origin}/#/customers/${id}`)
    await page.getByRole('heading', { level: 1, name }).waitFor()
  }

  it('checks a customer in: a green Check Out, Today lists them in red with the flag’s reason; a second check-in names who and when', async () => {
    // Sam opens Ana's page before anyone checks her in: his screen still offers Check in.
    const sam = await openSignedIn(ctx.app, 'sam', staffPassword)
    await openCustomer(sam, ana, 'Ana Petrov')
    await sam.getByRole('button', { name: 'Check in Ana Petrov' }).waitFor()

    await openCustomer(owner, ana, 'Ana Petrov')
    await owner.getByRole('button', { name: 'Check in Ana Petrov' }).click()
    await expectText(owner, 'Ana Petrov checked in')
    const checkOut = owner.getByRole('button', { name: 'Check Out Ana Petrov' })
    await checkOut.waitFor()
    // Green: the theme's success colour, with the words "Check Out" (never colour alone).
    const [r, g, b] = (await checkOut.evaluate((el) => getComputedStyle(el).backgroundColor)).match(/\d+/g)!.map(Number)
    expect(g).toBeGreaterThan(r)
    expect(g).toBeGreaterThan(b)
    await expect(checkOut.textContent()).resolves.toContain('Check Out')
    await expectAccessible(owner, 'a checked-in customer’s page')

    await owner.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Today' }).click()
    const inStore = owner.getByRole('table', { name: 'In the store now' })
    const row = inStore.getByRole('row').filter({ hasText: 'Ana Petrov' })
    await row.waitFor()
    expect(await nameLook(row.locator('.customer-name'))).toEqual({ color: FLAG_RED, flag: true, title: `Flagged: ${REASON}` })
    await expect(row.textContent()).resolves.toContain(REASON)
    await expect(row.textContent()).resolves.toContain('Olivia Owner')
    await expectAccessible(owner, 'the Today screen')

    // Sam's stale Check in is refused: main says who checked her in and when.
    await sam.getByRole('button', { name: 'Check in Ana Petrov' }).click()
    await expectText(sam, /Ana Petrov is already checked in: by Olivia Owner at/)
    expect((await ctx.app.core.ok('visits:today', {})).inStore).toHaveLength(1)
    // And his page then says she is in, as main has it, instead of offering Check in again.
    await sam.getByText('In the store', { exact: true }).waitFor()
    await sam.getByText(/In since .*, checked in by Olivia Owner/).waitFor()
    expect(await sam.getByRole('button', { name: 'Check in Ana Petrov' }).count()).toBe(0)
    await sam.close()
  })

  it('refuses a check-out by a user without the permission, with the message, then a manager checks out from Today', async () => {
    // Once the store checks customers in, the app opens on Today.
    const page = await ctx.app.openPage()
    await signIn(page, 'sam', staffPassword)
    await page.getByRole('heading', { level: 1, name: /^Today/ }).waitFor()
    await page.getByRole('table', { name: 'In the store now' }).getByRole('row').filter({ hasText: 'Ana Petrov' }).waitFor()
    expect(await page.getByRole('button', { name: 'Check Out Ana Petrov' }).count()).toBe(0)
    await openCustomer(page, ana, 'Ana Petrov')
    await expectText(page, 'A manager (“Check customers out” permission) checks them out.')
    const direct = await page.evaluate((id) => window.backroom.visits.checkOut({ customerId: id }), ana)
    expect(direct.ok).toBe(false)
    expect(!direct.ok && direct.error.code).toBe('FORBIDDEN')
    expect(!direct.ok && direct.error.message).toContain(CHECK_OUT_REFUSAL)
    await expectAccessible(page, 'a checked-in customer’s page for staff')
    // Ana's deal is the owner's: Sam's Deals tab says his list is empty, not that she has none.
    await page.getByRole('tab', { name: 'Deals' }).click()
    await page.getByRole('table', { name: 'Deals' }).getByRole('cell', { name: 'No deals assigned to you.' }).waitFor()
    await expectText(page, '1 more deal assigned to other staff.')
    // Sam sees only his own deals, so he opens one only for himself: the choice offers just him.
    await page.getByRole('button', { name: 'New deal' }).click()
    const newDeal = page.getByRole('dialog', { name: 'New deal' })
    await newDeal.getByLabel('Assigned to', { exact: true }).click()
    await page.getByRole('option', { name: 'Sam Staff', exact: true }).waitFor()
    expect(await page.getByRole('listbox').getByRole('option').allTextContents()).toEqual(['Sam Staff'])
    await page.getByRole('option', { name: 'Sam Staff', exact: true }).click()
    await page.getByRole('listbox').waitFor({ state: 'detached' })
    await newDeal.getByRole('button', { name: 'Cancel' }).click()
    await page.close()

    const mia = await ctx.app.openPage()
    await signIn(mia, 'mia', 'password of mia')
    await mia.getByRole('heading', { level: 1, name: /^Today/ }).waitFor()
    await mia.getByRole('button', { name: 'Check Out Ana Petrov' }).click()
    await expectText(mia, 'Ana Petrov checked out')
    const left = mia.getByRole('table', { name: 'Checked out today' }).getByRole('row').filter({ hasText: 'Ana Petrov' })
    await left.waitFor()
    await expect(left.textContent()).resolves.toContain('Mia Manager')
    await expectText(mia, 'Nobody is checked in.')
    await expectAccessible(mia, 'Today after a check-out')
    await mia.close()
  })

  it('asks which deal the visit belongs to when the customer has two open deals, and closes the duplicate', async () => {
    const me = (await ctx.app.core.ok('customers:staffOptions', {})).find((s) => s.name === 'Olivia Owner')!
    await ctx.app.core.ok('deals:create', { customerId: ben, assignedUserId: me.id, note: 'Blue bike' })
    await ctx.app.core.ok('deals:create', { customerId: ben, assignedUserId: me.id, note: 'Blue bike again', alsoWhenOpen: true })

    // Checked in from the quick lookup.
    await owner.goto(`${ctx.app.host.origin}/#/customers`)
    await owner.getByRole('heading', { name: 'Customers' }).waitFor()
    await owner.keyboard.press('Control+k')
    const lookup = owner.getByRole('dialog', { name: 'Find a customer' })
    await owner.getByRole('combobox', { name: 'Find a customer' }).fill('Okafor')
    await lookup.getByRole('button', { name: 'Check in Ben Okafor' }).click()
    await expectText(owner, 'Ben Okafor checked in')
    await lookup.getByRole('button', { name: 'Check Out Ben Okafor' }).waitFor()
    await expectAccessible(owner, 'the quick lookup with a checked-in customer', lookup)
    await owner.keyboard.press('Escape')

    await openCustomer(owner, ben, 'Ben Okafor')
    await owner.getByRole('button', { name: 'Check Out Ben Okafor' }).click()
    const dialog = owner.getByRole('dialog', { name: 'Check out Ben Okafor' })
    await dialog.waitFor()
    await expectText(owner, 'Ben Okafor has 2 open deals: choose the deal this visit belongs to, or close the duplicates')
    await expectAccessible(owner, 'the deal choice at check-out', openDialog(owner))
    // Checking out without a choice is refused in the dialog.
    await dialog.getByRole('button', { name: 'Check out' }).click()
    await expectText(owner, 'Choose the deal this visit belongs to, or close the duplicates')
    // The duplicates, opened the same day for the same staff, are told apart by time and note.
    const names = await dialog.getByRole('radio').evaluateAll((radios) => (radios as HTMLInputElement[]).map((r) => r.labels?.[0]?.textContent?.trim()))
    expect(new Set(names).size).toBe(2)
    await dialog.getByRole('radio', { name: /“Blue bike”$/ }).check()
    await dialog.getByRole('checkbox', { name: /“Blue bike again”$/ }).check()
    await dialog.getByRole('button', { name: 'Check out' }).click()
    await expectText(owner, 'Ben Okafor checked out')
    await dialog.waitFor({ state: 'detached' })
    const deals = (await ctx.app.core.ok('deals:listForCustomer', { customerId: ben })).deals
    expect(deals.map((d) => d.status).sort()).toEqual(['lost', 'open'])
    expect(deals.find((d) => d.status === 'open')?.statusNote).toBe('Blue bike')

    await owner.getByRole('tab', { name: 'Deals' }).click()
    const table = owner.getByRole('table', { name: 'Deals' })
    await table.getByRole('row').filter({ has: owner.getByRole('cell', { name: 'Lost', exact: true }) }).waitFor()
    await expectAccessible(owner, 'the Deals tab')
    // The open deal is sold from the tab.
    await table.getByRole('button', { name: /^Mark sold/ }).click()
    await expectText(owner, 'Deal marked sold')
    await table.getByRole('row').filter({ has: owner.getByRole('cell', { name: 'Sold', exact: true }) }).waitFor()
    // The sold deal goes to Sam: Reassign, pick him, and the row names him.
    await table.getByRole('button', { name: /^Reassign/ }).click()
    const reassign = owner.getByRole('dialog', { name: 'Reassign deal' })
    await reassign.waitFor()
    await expectAccessible(owner, 'the reassign dialog', openDialog(owner))
    await choose(owner, 'Assigned to', 'Sam Staff', reassign)
    await reassign.getByRole('button', { name: 'Reassign' }).click()
    await expectText(owner, 'Deal reassigned')
    await table.getByRole('row').filter({ has: owner.getByRole('cell', { name: 'Sold', exact: true }) }).filter({ hasText: 'Sam Staff' }).waitFor()
    expect((await ctx.app.core.ok('deals:listForCustomer', { customerId: ben })).deals.find((d) => d.status === 'sold')?.assignedTo?.name).toBe('Sam Staff')
    await owner.getByRole('button', { name: 'New deal' }).click()
    await expectAccessible(owner, 'the new deal dialog', openDialog(owner))
    await owner.getByRole('dialog', { name: 'New deal' }).getByRole('button', { name: 'Cancel' }).click()
  })

  it('schedules an appointment for today, which becomes shown when the customer checks in', async () => {
    await openCustomer(owner, carla, 'Carla Reyes')
    await owner.getByRole('tab', { name: 'Appointments' }).click()
    await owner.getByRole('button', { name: 'Schedule appointment' }).click()
    const dialog = owner.getByRole('dialog', { name: 'Schedule an appointment' })
    await dialog.waitFor()
    await expectAccessible(owner, 'the appointment dialog', openDialog(owner))
    await dialog.getByLabel('Time').fill('9:5')
    await dialog.getByRole('button', { name: 'Schedule' }).click()
    await expectText(owner, 'Use a time such as 14:30')
    // The field's own check can show the message while the refused submit still runs: typed
    // into meanwhile, that submit sent the new time and closed the dialog before the next click.
    await expect.poll(() => dialog.getByRole('button', { name: 'Schedule' }).isEnabled()).toBe(true)
    await dialog.getByLabel('Time').fill('23:59')
    await dialog.getByLabel('Note').fill('Fitting for the red bike')
    await dialog.getByRole('button', { name: 'Schedule' }).click()
    await expectText(owner, 'Appointment scheduled')
    const table = owner.getByRole('table', { name: 'Appointments' })
    const row = table.getByRole('row').filter({ hasText: 'Fitting for the red bike' })
    await row.filter({ hasText: 'Scheduled' }).waitFor()
    await expectAccessible(owner, 'the Appointments tab')

    await owner.getByRole('button', { name: 'Check in Carla Reyes' }).click()
    await expectText(owner, 'Carla Reyes checked in')
    await owner.reload()
    await owner.getByRole('table', { name: 'Appointments' }).getByRole('row').filter({ hasText: 'Fitting for the red bike' }).filter({ hasText: 'Shown' }).waitFor()

    await owner.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Today' }).click()
    await owner.getByRole('table', { name: 'Appointments today' }).getByRole('row').filter({ hasText: 'Carla Reyes' }).filter({ hasText: 'Shown' }).waitFor()
  })

  it('lists the store’s appointments of the coming days, and reschedules and cancels them there, one booked after the customer checked in today too', async () => {
    const { date } = await ctx.app.core.ok('visits:today', {})
    // Today: Ben came in earlier (an earlier test checked him in) and is booked after that, "come
    // back tonight": his check-in is not for it, so it is scheduled and can be moved and cancelled.
    const staff = (await ctx.app.core.ok('customers:staffOptions', {})).find((s) => s.name === 'Olivia Owner')!
    const booked = await ctx.app.core.ok('appointments:schedule', { customerId: ben, date, time: '23:50', staffId: staff.id, note: 'Test ride' })
    await owner.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Appointments' }).click()
    await owner.getByRole('heading', { level: 1, name: 'Appointments' }).waitFor()
    const table = owner.getByRole('table', { name: 'Store appointments' })
    await table.getByRole('row').filter({ hasText: 'Carla Reyes' }).filter({ hasText: 'Shown' }).waitFor()
    const ride = table.getByRole('row').filter({ hasText: 'Test ride' })
    await ride.filter({ hasText: 'Ben Okafor' }).filter({ hasText: 'Scheduled' }).waitFor()
    await expectAccessible(owner, 'the Appointments screen')

    await ride.getByRole('button', { name: /^Reschedule Ben Okafor’s appointment/ }).click()
    const dialog = owner.getByRole('dialog', { name: 'Reschedule appointment' })
    await dialog.getByLabel('Time').fill('23:55')
    await dialog.getByRole('button', { name: 'Save appointment' }).click()
    await expectText(owner, 'Appointment moved')
    await ride.filter({ hasText: '11:55 PM' }).waitFor()
    await ride.getByRole('button', { name: /^Cancel Ben Okafor’s appointment/ }).click()
    await expectText(owner, 'Appointment cancelled')
    await ride.filter({ hasText: 'Cancelled' }).waitFor()
    const [after] = (await ctx.app.core.ok('appointments:list', { customerId: ben })).filter((a) => a.id === booked.id)
    expect(after).toMatchObject({ date, time: '23:55', status: 'cancelled' })

    // Another desk cancels one first: the refusal brings the list up to date, no Cancel left to press.
    const papers = await ctx.app.core.ok('appointments:schedule', { customerId: ben, date, time: '23:45', staffId: staff.id, note: 'Bring the papers' })
    await owner.getByRole('button', { name: 'Show appointments' }).click()
    const papersRow = table.getByRole('row').filter({ hasText: 'Bring the papers' })
    const cancel = papersRow.getByRole('button', { name: /^Cancel Ben Okafor’s appointment/ })
    await cancel.waitFor()
    await ctx.app.core.ok('appointments:cancel', { id: papers.id })
    await cancel.click()
    await expectText(owner, 'This appointment is already cancelled')
    await papersRow.filter({ hasText: 'Cancelled' }).waitFor()
    expect(await cancel.count()).toBe(0)
  })

  it('changes the note of an appointment whose staff member has left since, keeping them; a new time needs someone active', async () => {
    const { date } = await ctx.app.core.ok('visits:today', {})
    await addStaff(ctx.app, { displayName: 'Lee Leaver', username: 'lee' })
    const lee = (await ctx.app.core.ok('customers:staffOptions', {})).find((s) => s.name === 'Lee Leaver')!
    await ctx.app.core.ok('appointments:schedule', { customerId: carla, date, time: '23:40', staffId: lee.id, note: 'Saddle fitting' })
    await ctx.app.core.ok('users:setActive', { id: lee.id, active: false })
    await owner.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Appointments' }).click()
    await owner.getByRole('heading', { level: 1, name: 'Appointments' }).waitFor()
    await owner.getByRole('button', { name: 'Show appointments' }).click()
    const fitting = owner.getByRole('table', { name: 'Store appointments' }).getByRole('row').filter({ hasText: 'Saddle fitting' })
    await fitting.getByRole('button', { name: /^Reschedule Carla Reyes’s appointment/ }).click()
    const dialog = owner.getByRole('dialog', { name: 'Reschedule appointment' })
    await dialog.getByLabel('Staff').filter({ hasText: 'Lee Leaver (no longer active)' }).waitFor()
    await dialog.getByLabel('Note').fill('Saddle fitting, bring the bike')
    await dialog.getByRole('button', { name: 'Save appointment' }).click()
    await expectText(owner, 'Appointment moved')
    await owner.getByRole('table', { name: 'Store appointments' }).getByRole('row').filter({ hasText: 'Saddle fitting, bring the bike' }).filter({ hasText: 'Lee Leaver' }).waitFor()
    // A new time is a new booking: refused under the staff field, the dialog kept open.
    await owner.getByRole('table', { name: 'Store appointments' }).getByRole('row').filter({ hasText: 'Saddle fitting, bring the bike' }).getByRole('button', { name: /^Reschedule/ }).click()
    await dialog.getByLabel('Time').fill('23:45')
    await dialog.getByRole('button', { name: 'Save appointment' }).click()
    await expectText(dialog, 'Choose an active staff member')
    await expectAccessible(owner, 'the reschedule dialog refusing a staff member no longer active', dialog)
    await owner.keyboard.press('Escape')
  })

  it('shows the conversion figures for a period', async () => {
    await owner.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Conversion' }).click()
    await owner.getByRole('heading', { level: 1, name: 'Conversion' }).waitFor()
    const figures = await ctx.app.core.ok('visits:conversion', { period: 'thisMonth' })
    expect(figures.visits).toBe(3)
    await expect(owner.getByTestId('conversion-visits').textContent()).resolves.toContain('3')
    await expect(owner.getByTestId('conversion-sold').textContent()).resolves.toContain(String(figures.sold))
    await expectAccessible(owner, 'the Conversion screen')
    // A store's figures have no "All time" (a customer's runs from their first day; the store's would run from 1900).
    await owner.getByLabel('Time period', { exact: true }).click()
    await owner.getByRole('option', { name: 'Last year', exact: true }).waitFor()
    expect(await owner.getByRole('option', { name: 'All time', exact: true }).count()).toBe(0)
    await owner.keyboard.press('Escape')
  })
})
