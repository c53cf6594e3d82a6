import type { Page } from 'playwright-core'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { expectAccessible } from '../support/axe'
import { STORE } from '../support/core'
import { addCustomer, startCustomerApp, type CustomerApp } from '../support/customers'
import { offlinePc } from '../support/sync/foreign'
import { expectText, expectToast } from '../support/ui'
import { addDays, localDateOf } from '../../electron/core/time/local-dates'

/**
 * A slot booked on both PCs of the store while they were offline from each other: both bookings
 * arrive (every write is kept), the Appointments screen marks each double-booked with what
 * clashes, and moving one clears the mark on both.
 */
describe('a double-booked appointment', () => {
  let ctx: CustomerApp
  let page: Page
  const tomorrow = addDays(localDateOf(new Date(), STORE.timeZone), 1)

  beforeAll(async () => {
    ctx = await startCustomerApp()
    page = ctx.owner
    const ana = (await addCustomer(ctx.app, { firstName: 'Ana', lastName: 'Petrov' })).id
    const bo = (await addCustomer(ctx.app, { firstName: 'Bo', lastName: 'Lind' })).id
    const staff = (await ctx.app.core.ok('customers:staffOptions', {})).find((s) => s.name === 'Olivia Owner')!
    // The back-room PC, offline, gives Olivia's 10:00 to Bo while the desk gives it to Ana; then the link comes back.
    const backRoom = await offlinePc(ctx.app.core)
    await ctx.app.core.ok('appointments:schedule', { customerId: ana, date: tomorrow, time: '10:00', staffId: staff.id, note: 'Fitting' })
    await backRoom.twin.ok('appointments:schedule', { customerId: bo, date: tomorrow, time: '10:00', staffId: staff.id, note: 'Test ride' })
    await backRoom.deliver()
  })
  afterAll(async () => ctx?.app.close())

  it('marks both, says who clashes, and clears the mark when one is rescheduled', async () => {
    await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Appointments' }).click()
    await page.getByRole('heading', { level: 1, name: 'Appointments' }).waitFor()
    const table = page.getByRole('table', { name: 'Store appointments' })
    const fitting = table.getByRole('row').filter({ hasText: 'Fitting' })
    const ride = table.getByRole('row').filter({ hasText: 'Test ride' })
    for (const row of [fitting, ride]) {
      await row.filter({ hasText: 'Double-booked' }).waitFor()
      await expectText(row, 'Olivia Owner has another appointment at 10:00, booked on another PC: reschedule or cancel one')
    }
    await expectAccessible(page, 'the Appointments screen with a double booking')

    await ride.getByRole('button', { name: /^Reschedule Bo Lind’s appointment/ }).click()
    const dialog = page.getByRole('dialog', { name: 'Reschedule appointment' })
    await dialog.getByLabel('Time').fill('11:00 AM')
    await dialog.getByRole('button', { name: 'Save appointment' }).click()
    await expectToast(page, 'Appointment moved')
    await ride.filter({ hasText: '11:00' }).waitFor()
    await expect.poll(() => table.getByText('Double-booked').count()).toBe(0)
    expect(await fitting.textContent()).toContain('Scheduled')
    await expectAccessible(page, 'the Appointments screen after the move')
  })
})
