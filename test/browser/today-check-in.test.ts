import type { Page } from 'playwright-core'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { expectAccessible } from '../support/axe'
import { addCustomer } from '../support/customers'
import { startDeskApp, type DeskApp } from '../support/desk'
import { expectText } from '../support/ui'

/**
 * Checking customers in from Today (PRODUCT 5.1, 5.6): *Check in* on an appointment still to come
 * (which then shows as *Shown*), none on a cancelled one or for someone already in, and *Check
 * in a customer…* for a walk-in through the quick lookup. *Checked out today* lists the day's last
 * 100 and says so when more left.
 */
describe('checking in from Today', () => {
  let desk: DeskApp
  let owner: Page
  let carla: string
  let eve: string

  beforeAll(async () => {
    // 10:15 in New York on Monday 23 November 2026.
    desk = await startDeskApp('2026-11-23T15:15:00.000Z')
    owner = desk.owner
    const ownerId = (await desk.app.core.ok('customers:staffOptions', {})).find((s) => s.name === 'Olivia Owner')!.id
    carla = (await addCustomer(desk.app, { firstName: 'Carla', lastName: 'Reyes' })).id
    eve = (await addCustomer(desk.app, { firstName: 'Eve', lastName: 'Marsh' })).id
    await addCustomer(desk.app, { firstName: 'Dan', lastName: 'Brooks' })
    await desk.app.core.ok('appointments:schedule', { customerId: carla, date: '2026-11-23', time: '11:00', staffId: ownerId, note: 'Fitting' })
    const eves = await desk.app.core.ok('appointments:schedule', { customerId: eve, date: '2026-11-23', time: '12:00', staffId: ownerId, note: 'Measure' })
    await desk.app.core.ok('appointments:cancel', { id: eves.id })
  })
  afterAll(async () => desk?.app.close())

  const inStore = () => owner.getByRole('table', { name: 'In the store now' })
  const appointments = () => owner.getByRole('table', { name: 'Appointments today' })

  it('checks in a customer with an appointment from its row, and a walk-in through the quick lookup', async () => {
    await owner.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Today' }).click()
    await owner.getByRole('heading', { level: 1, name: /^Today/ }).waitFor()
    const carlasRow = appointments().getByRole('row').filter({ hasText: 'Carla Reyes' })
    const checkIn = carlasRow.getByRole('button', { name: 'Check in Carla Reyes (11:00 AM)' })
    await checkIn.waitFor()
    // A cancelled appointment offers none.
    await appointments().getByRole('row').filter({ hasText: 'Eve Marsh' }).getByText('Cancelled').waitFor()
    expect(await appointments().getByRole('button', { name: /Eve Marsh/ }).count()).toBe(0)
    await expectAccessible(owner, 'Today with an appointment to check in')

    await checkIn.click()
    await expectText(owner, 'Carla Reyes checked in')
    await inStore().getByRole('row').filter({ hasText: 'Carla Reyes' }).waitFor()
    await carlasRow.getByText('Shown').waitFor()
    expect(await carlasRow.getByRole('button').count()).toBe(0)
    expect((await desk.app.core.ok('visits:status', { customerId: carla })).visit).not.toBeNull()

    // A walk-in: the quick lookup, its Check in under the match.
    await owner.getByRole('button', { name: 'Check in a customer…' }).click()
    const lookup = owner.getByRole('dialog', { name: 'Find a customer' })
    await owner.getByRole('combobox', { name: 'Find a customer' }).fill('Brooks')
    await lookup.getByRole('button', { name: 'Check in Dan Brooks' }).click()
    await expectText(owner, 'Dan Brooks checked in')
    await lookup.getByRole('button', { name: 'Check Out Dan Brooks' }).waitFor()
    await expectAccessible(owner, 'the quick lookup opened from Today', lookup)
    await owner.keyboard.press('Escape')
    await lookup.waitFor({ state: 'detached' })
    await inStore().getByRole('row').filter({ hasText: 'Dan Brooks' }).waitFor()
    expect(await inStore().getByRole('row').filter({ hasText: /Carla Reyes|Dan Brooks/ }).count()).toBe(2)
  })

  it('says when Checked out today shows the last 100 of more who left today', async () => {
    const checkedOut = () => owner.getByRole('table', { name: 'Checked out today' })
    const more = () => owner.getByText(/^Showing the last \d+ of \d+ checked out today\.$/)
    await owner.getByRole('button', { name: 'Refresh' }).click()
    await owner.getByRole('heading', { level: 2, name: 'Checked out today (0)' }).waitFor()
    expect(await more().count()).toBe(0)

    // A busy day at the store's other desks: 100 customers in and out, a minute apart.
    for (let n = 1; n <= 100; n++) {
      const guest = await addCustomer(desk.app, { firstName: 'Guest', lastName: `No ${n}` })
      await desk.app.core.ok('visits:checkIn', { customerId: guest.id })
      await desk.app.core.ok('visits:checkOut', { customerId: guest.id })
      desk.clock.advance(60_000)
    }
    await owner.getByRole('button', { name: 'Refresh' }).click()
    await owner.getByRole('heading', { level: 2, name: 'Checked out today (100)' }).waitFor()
    // All of them shown: nothing to say.
    expect(await more().count()).toBe(0)

    // One more, from this screen: the first guest drops off the list, and the screen says so.
    await inStore().getByRole('row').filter({ hasText: 'Dan Brooks' }).getByRole('button', { name: 'Check Out Dan Brooks' }).click()
    await expectText(owner, 'Dan Brooks checked out')
    await owner.getByRole('heading', { level: 2, name: 'Checked out today (101)' }).waitFor()
    await more().waitFor()
    expect(await more().textContent()).toBe('Showing the last 100 of 101 checked out today.')
    expect(await checkedOut().getByRole('row').count()).toBe(101) // the header and 100
    expect(await checkedOut().getByRole('row').nth(1).textContent()).toContain('Dan Brooks')
    const guest = (n: number) => checkedOut().getByRole('link', { name: `Guest No ${n}`, exact: true })
    expect([await guest(1).count(), await guest(2).count(), await guest(100).count()]).toEqual([0, 1, 1])
    await expectAccessible(owner, 'Today with more checked out than it lists')
  })

  it('shows what another desk did first when its Check in or Check Out is refused', async () => {
    // Hostile review: a refused check-in (another desk had checked the customer in) left the
    // screen as it was, still offering Check in and without the customer in the store; a refused
    // check-out left the customer listed, still offering Check Out. Each click failed again.
    const ownerId = (await desk.app.core.ok('customers:staffOptions', {})).find((s) => s.name === 'Olivia Owner')!.id
    const gina = (await addCustomer(desk.app, { firstName: 'Gina', lastName: 'Hart' })).id
    await desk.app.core.ok('appointments:schedule', { customerId: gina, date: '2026-11-23', time: '16:00', staffId: ownerId })
    await owner.getByRole('button', { name: 'Refresh' }).click()
    const ginasRow = appointments().getByRole('row').filter({ hasText: 'Gina Hart' })
    const checkIn = ginasRow.getByRole('button', { name: 'Check in Gina Hart (04:00 PM)' })
    await checkIn.waitFor()
    const checkOut = inStore().getByRole('button', { name: 'Check Out Carla Reyes' })
    await checkOut.waitFor()

    // The front desk's other PC is quicker.
    await desk.app.core.ok('visits:checkIn', { customerId: gina })
    await checkIn.click()
    await expectText(owner, /^Gina Hart is already checked in: by Olivia Owner at /)
    await inStore().getByRole('row').filter({ hasText: 'Gina Hart' }).waitFor()
    await ginasRow.getByText('Shown').waitFor()
    expect(await ginasRow.getByRole('button').count()).toBe(0)

    await desk.app.core.ok('visits:checkOut', { customerId: carla })
    await checkOut.click()
    await expectText(owner, 'Carla Reyes is not checked in')
    await checkOut.waitFor({ state: 'detached' })
    expect(await inStore().getByRole('row').filter({ hasText: 'Carla Reyes' }).count()).toBe(0)
    await owner.getByRole('table', { name: 'Checked out today' }).getByRole('link', { name: 'Carla Reyes', exact: true }).waitFor()
    await expectAccessible(owner, 'Today after refusals brought it up to date')
  })
})
