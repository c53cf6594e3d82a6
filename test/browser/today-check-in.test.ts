import type { Page } from 'playwright-core'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { expectAccessible } from '../support/axe'
import { addCustomer } from '../support/customers'
import { startDeskApp, type DeskApp } from '../support/desk'
import { expectText } from '../support/ui'

/**
 * Checking customers in from Today (PRODUCT 5.1, 5.6): *Check in* on an appointment still to come
 * (which then shows as *Shown*), none on a cancelled one or for someone already in, and *Check
 * in a customer…* for a walk-in through the quick lookup.
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
})
