import type { Page } from 'playwright-core'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { expectAccessible, openDialog } from '../support/axe'
import { addLoyalCustomer, startDeskApp, type DeskApp } from '../support/desk'
import { simpleSale } from '../support/sales'
import { expectText, expectToast } from '../support/ui'

/**
 * A US store's times and points as its screens write them, the store's way everywhere: an
 * appointment's time as its receipts write times (02:30 PM), points with thousands grouped
 * (1,500), on the receipt, the loyalty history, Today and the appointments list.
 */
describe('times and points the store’s way (US)', () => {
  let desk: DeskApp
  let page: Page
  let lena: { id: string }

  const go = async (hash: string, heading: string) => {
    await page.goto(`${desk.app.host.origin}/#${hash}`)
    await page.getByRole('heading', { level: 1, name: heading }).waitFor()
  }

  beforeAll(async () => {
    // 11:00 in New York (the test store's zone) on Monday 15 June 2026.
    desk = await startDeskApp()
    page = desk.owner
    expect((await desk.app.core.ok('settings:get', {})).locale).toBe('en-US')
    lena = await addLoyalCustomer(desk.app, { firstName: 'Lena', lastName: 'Horne' })
  })
  afterAll(async () => desk?.app.close())

  it('writes a sale’s 1,500 points grouped on its receipt and in the customer’s loyalty history', async () => {
    const sale = await desk.app.core.ok('sales:create', simpleSale(lena.id, 150_000)) // $1,500.00 earns 1,500 points
    expect(sale.loyaltyPoints).toBe(1500)
    await go(`/receipts/${sale.id}`, `Receipt ${sale.number}`)
    const points = page.locator('dt', { hasText: 'Loyalty points' }).locator('xpath=following-sibling::dd[1]')
    await expect.poll(() => points.textContent()).toBe('+1,500')
    await expectAccessible(page, 'the receipt')

    await go(`/customers/${lena.id}`, 'Lena Horne')
    await page.getByRole('tab', { name: 'Loyalty history' }).click()
    const row = page.getByRole('table', { name: 'Loyalty history' }).getByRole('row').filter({ hasText: sale.number })
    await expect.poll(async () => (await row.getByRole('cell').allTextContents()).slice(1, 3)).toEqual(['+1,500', '1,500'])
    await expectAccessible(page, 'the Loyalty history tab')
  })

  it('shows appointment times as 02:30 PM on Today and the Appointments screen, and takes them typed so in the box', async () => {
    const { date } = await desk.app.core.ok('visits:today', {})
    const staff = (await desk.app.core.ok('customers:staffOptions', {}))[0]
    await desk.app.core.ok('appointments:schedule', { customerId: lena.id, date, time: '14:30', staffId: staff.id, note: 'Fitting' })
    await desk.app.core.ok('appointments:schedule', { customerId: lena.id, date: '2026-06-16', time: '09:05', staffId: staff.id, note: 'Pick-up' })

    await go('/today', 'Today')
    const today = page.getByRole('table', { name: 'Appointments today' }).getByRole('row').filter({ hasText: 'Lena Horne' })
    await expect.poll(async () => (await today.getByRole('cell').first().textContent())?.trim()).toBe('02:30 PM')
    await expectAccessible(page, 'Today with an appointment')

    await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Appointments' }).click()
    await page.getByRole('heading', { level: 1, name: 'Appointments' }).waitFor()
    const list = page.getByRole('table', { name: 'Store appointments' })
    await list.getByRole('row').filter({ hasText: 'Fitting' }).filter({ hasText: '02:30 PM' }).waitFor()
    const pickUp = list.getByRole('row').filter({ hasText: 'Pick-up' })
    await pickUp.filter({ hasText: '06/16/2026' }).filter({ hasText: '09:05 AM' }).waitFor()
    // The row's buttons name the appointment as the row shows it.
    await pickUp.getByRole('button', { name: 'Reschedule Lena Horne’s appointment of 06/16/2026 09:05 AM' }).click()
    const dialog = page.getByRole('dialog', { name: 'Reschedule appointment' })
    // The box shows the time as the list does, and takes one typed so (review: it took only 14:30).
    const time = dialog.getByLabel('Time')
    await expect(time.inputValue()).resolves.toBe('09:05 AM')
    // A morning time needs its AM here ("11:30" alone is refused, naming both readings): the hint says so.
    await expectText(dialog, 'Store time with AM or PM, e.g. 9:30 AM or 2:30 PM (14:30 works too)')
    await expectAccessible(page, 'the reschedule dialog', openDialog(page))
    // Without AM or PM, 2:30 could be either: refused under the box, saying both.
    await time.fill('2:30')
    await dialog.getByRole('button', { name: 'Save appointment' }).click()
    await expectText(dialog, '“2:30” could be 02:30 AM or 02:30 PM: add AM or PM (or type 14:30 for 02:30 PM)')
    expect(await time.getAttribute('aria-invalid')).toBe('true')
    await expectAccessible(page, 'the reschedule dialog refusing a time that could be either', openDialog(page))
    await time.fill('2:30 PM')
    await dialog.getByRole('button', { name: 'Save appointment' }).click()
    await expectToast(page, 'Appointment moved')
    await pickUp.filter({ hasText: '02:30 PM' }).waitFor()
    expect((await desk.app.core.ok('appointments:list', { from: '2026-06-16', to: '2026-06-16' })).find((a) => a.note === 'Pick-up')?.time).toBe('14:30')
    await expectAccessible(page, 'the Appointments screen')

    // On the 24-hour clock too.
    await pickUp.getByRole('button', { name: 'Reschedule Lena Horne’s appointment of 06/16/2026 02:30 PM' }).click()
    await expect(time.inputValue()).resolves.toBe('02:30 PM')
    await time.fill('16:45')
    await dialog.getByRole('button', { name: 'Save appointment' }).click()
    await expectToast(page, 'Appointment moved')
    await pickUp.filter({ hasText: '04:45 PM' }).waitFor()
  })
})
