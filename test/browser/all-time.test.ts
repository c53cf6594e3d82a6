import type { Page } from 'playwright-core'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { CustomerDetail } from '../../electron/contract/customers'
import { expectAccessible } from '../support/axe'
import { screenshotPath } from '../support/browser'
import { addLoyalCustomer, chartState, customerAction, hoverBar, openMetrics, startDeskApp, tileText, type DeskApp } from '../support/desk'
import { addTaxRate, simpleSale } from '../support/sales'
import { choose, expectText } from '../support/ui'

/**
 * A regular in January (New York; today is Sat 10 January 2026): $40.00 on 5 January 2024, two
 * years ago; $30.00 + 10 % tax on 10 June 2025; $20.00 + 10 % tax on 1 July 2025, voided;
 * $10.00 on 5 January 2026.
 */
describe('a customer’s whole history: the Sales tab opens on all time, the metrics page offers it', () => {
  let desk: DeskApp
  let page: Page
  let rita: CustomerDetail
  const numbers: Record<string, string> = {}

  beforeAll(async () => {
    desk = await startDeskApp('2023-11-20T15:00:00.000Z')
    page = desk.owner
    const rate = await addTaxRate(desk.app.core, 'State tax', 10)
    rita = await addLoyalCustomer(desk.app, { firstName: 'Rita', lastName: 'Regular' })
    const sell = async (label: string, at: string, minor: number, taxed = false) => {
      desk.clock.set(Date.parse(at))
      const input = simpleSale(rita.id, minor)
      if (taxed) {
        input.items[0]!.taxRateId = rate.id
        input.payments[0]!.amountMinor = minor + minor / 10
      }
      const receipt = await desk.app.core.ok('sales:create', input)
      numbers[label] = receipt.number
      return receipt
    }
    await sell('twoYearsAgo', '2024-01-05T17:00:00Z', 4000)
    await sell('june', '2025-06-10T17:00:00Z', 3000, true)
    const july = await sell('july', '2025-07-01T17:00:00Z', 2000, true)
    await desk.app.core.ok('sales:void', { receiptId: july.id, reason: 'Returned' })
    await sell('thisJanuary', '2026-01-05T17:00:00Z', 1000)
    desk.clock.set(Date.parse('2026-01-10T15:00:00Z'))
  })
  afterAll(async () => desk?.app.close())

  it('shows the order from two years ago on her Sales history tab without changing the period', async () => {
    await customerAction(page, 'Rita Regular', 'View details')
    await page.getByRole('tab', { name: 'Sales history' }).click()
    const sales = page.getByRole('table', { name: 'Transaction history' })
    await sales.getByRole('link', { name: numbers.twoYearsAgo }).waitFor()
    expect((await page.getByLabel('Time period', { exact: true }).textContent())?.trim()).toBe('All time')
    for (const label of ['thisJanuary', 'june', 'july']) await sales.getByRole('link', { name: numbers[label] }).waitFor()
    await expect(sales.getByRole('row').filter({ hasText: numbers.twoYearsAgo }).textContent()).resolves.toContain('$40.00')
    await expectAccessible(page, 'her Sales history, all time')
    await page.screenshot({ path: screenshotPath('sales-history-all-time'), fullPage: true })
  })

  it('keeps a chosen period in the address, and Back from a receipt returns to it', async () => {
    await choose(page, 'Time period', 'This year')
    const sales = page.getByRole('table', { name: 'Transaction history' })
    await expect.poll(() => sales.getByRole('link').allTextContents()).toEqual([numbers.thisJanuary])
    expect(page.url()).toContain('period=thisYear')
    expect(page.url()).toContain('tab=sales')

    await choose(page, 'Time period', 'All time')
    await sales.getByRole('link', { name: numbers.twoYearsAgo }).click()
    await page.getByRole('heading', { name: `Receipt ${numbers.twoYearsAgo}` }).waitFor()
    await page.getByRole('button', { name: 'Back', exact: true }).click()
    await sales.getByRole('link', { name: numbers.twoYearsAgo }).waitFor()
    expect(page.url()).toContain('period=allTime')
    expect((await page.getByLabel('Time period', { exact: true }).textContent())?.trim()).toBe('All time')
  })

  it('offers all time on her metrics page: net sales before tax, a bar per year, the sale amount with tax named so', async () => {
    await openMetrics(page, 'Rita Regular')
    await choose(page, 'Time period', 'All time')
    // From her first receipt to today.
    await expectText(page, '01/05/2024 – 01/10/2026')
    expect(page.url()).toContain('period=allTime')
    // $40 + $33 + $10 paid; the voided July sale is out.
    expect(await tileText(page, 'sales')).toBe('$83.00')
    await expectText(page.getByTestId('tile-sales'), 'Sale amount (incl. tax)')
    await expectText(page.getByTestId('tile-sales'), '$80.00 before tax')
    await page.getByRole('figure', { name: 'Net sales by year' }).waitFor()
    await expect.poll(async () => (await chartState(page, 'chart-net-sales')).labels).toEqual(['2024', '2025', '2026'])
    expect((await chartState(page, 'chart-net-sales')).values).toEqual([4000, 3000, 1000])
    expect(await hoverBar(page, 'chart-net-sales', 1)).toBe('$30.00')
    const history = page.getByRole('table', { name: 'Transaction history' })
    await history.getByRole('link', { name: numbers.twoYearsAgo }).waitFor()
    await expectAccessible(page, 'her metrics page, all time')
    await page.screenshot({ path: screenshotPath('metrics-page-all-time'), fullPage: true })

    // A reload keeps the period: it is in the address.
    await page.reload()
    await expectText(page, '01/05/2024 – 01/10/2026')
    await page.getByRole('figure', { name: 'Net sales by year' }).waitFor()
  })
})
