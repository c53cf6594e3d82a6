import type { Page } from 'playwright-core'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { expectAccessible } from '../support/axe'
import { screenshotPath } from '../support/browser'
import { shownCount } from '../support/customers'
import { chartState, customerAction, hoverBar, startDeskApp, tileText, type DeskApp } from '../support/desk'
import { choose, expectText } from '../support/ui'

const formatted = (minor: number) => new Intl.NumberFormat('en', { style: 'currency', currency: 'USD' }).format(minor / 100)

describe('a newcomer fills an empty store with demo data and sees it on the metrics page', () => {
  let desk: DeskApp
  let page: Page

  beforeAll(async () => {
    desk = await startDeskApp('2026-06-15T15:00:00.000Z')
    page = desk.owner
  })
  afterAll(async () => desk?.app.close())

  it('offers demo data on the empty customer screen, asks first, then says what it added', async () => {
    await page.getByRole('button', { name: 'Fill with demo data' }).click()
    const confirm = page.getByRole('alertdialog', { name: 'Fill with demo data?' })
    await expectAccessible(page, 'the demo data question', confirm)
    await confirm.getByRole('button', { name: 'Fill with demo data' }).click()
    await expectText(page, /^Demo data added: \d+ customers, \d+ receipts/)
    const everyone = await desk.app.core.ok('customers:search', { period: 'all', limit: 1 })
    expect(everyone.total).toBeGreaterThan(0)
    await expect.poll(() => shownCount(page)).toBe(everyone.total)
    expect(await page.getByRole('button', { name: 'Fill with demo data' }).count()).toBe(0)
  })

  it('shows a demo customer’s year: the monthly bars add up to the net sales before tax under the sale amount tile', async () => {
    const [first] = (await desk.app.core.ok('customers:search', { period: 'all', sort: 'loyaltyPoints', direction: 'desc', limit: 1 })).rows
    const name = [first!.firstName, first!.lastName].filter(Boolean).join(' ')
    await customerAction(page, name, 'View metrics')
    await choose(page, 'Time period', 'This year')
    await expectText(page, '01/01/2026 – 06/15/2026')
    const metrics = await desk.app.core.ok('metrics:customer', { customerId: first!.id, period: 'thisYear' })
    expect(metrics.tiles.visits).toBeGreaterThan(0)
    // The demo store's sales are all in its currency: one pair of charts.
    const [sales] = metrics.sales
    expect(metrics.sales).toHaveLength(1)
    await expect.poll(async () => (await chartState(page, 'chart-net-sales')).values).toEqual(sales!.netSalesBars.map((b) => b.netSalesMinor))
    const monthly = (await chartState(page, 'chart-net-sales')).values.reduce((a, b) => a + b, 0)
    expect(monthly).toBe(sales!.netSalesMinor)
    expect(await tileText(page, 'visits')).toBe(String(metrics.tiles.visits))
    // README's picture of the page: a year of demo sales, with one bar's tooltip showing.
    expect(await hoverBar(page, 'chart-net-sales', 4)).toBe(formatted(sales!.netSalesBars[4]!.netSalesMinor))
    await page.screenshot({ path: screenshotPath('metrics-page') })
  })
})
