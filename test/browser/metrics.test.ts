import type { Page } from 'playwright-core'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { expectAccessible } from '../support/axe'
import type { CustomerDetail } from '../../electron/contract/customers'
import { screenshotPath } from '../support/browser'
import { fillDate } from '../support/customers'
import { addLoyalCustomer, chartState, hoverBar, openMetrics, startDeskApp, tileText, typeAmount, type DeskApp } from '../support/desk'
import { addTaxRate, simpleSale } from '../support/sales'
import { atAnotherStore, salesAtAnotherStore } from '../support/sync/foreign'
import { choose, expectText, expectToast } from '../support/ui'

/**
 * Three sales in the store's time zone (New York): Tue 7 April $50, Tue 12 May $30 + tax,
 * Sat 13 June $100; "today" is Mon 15 June 2026.
 */
const SALES = [
  { at: '2026-04-07T18:00:00Z', minor: 5000 },
  { at: '2026-05-12T18:00:00Z', minor: 3000, taxed: true },
  { at: '2026-06-13T18:00:00Z', minor: 10000 },
]

describe('the customer metrics page and its receipts', () => {
  let desk: DeskApp
  let page: Page
  let grace: CustomerDetail
  let mayReceipt = ''

  beforeAll(async () => {
    desk = await startDeskApp('2026-06-15T15:00:00.000Z')
    page = desk.owner
    const rate = await addTaxRate(desk.app.core, 'State tax', 10)
    desk.clock.set(Date.parse('2026-03-01T15:00:00Z'))
    grace = await addLoyalCustomer(desk.app, {
      firstName: 'Grace',
      lastName: 'Hopper',
      email: 'grace@example.com',
      phone: '(202) 555-0188',
      addressLine1: '1 Navy Yard',
      city: 'Arlington',
      state: 'VA',
      zip: '22202',
    })
    for (const sale of SALES) {
      desk.clock.set(Date.parse(sale.at))
      const input = simpleSale(grace.id, sale.minor)
      if (sale.taxed) {
        input.items[0]!.taxRateId = rate.id
        input.payments[0]!.amountMinor = (sale.minor * 11) / 10
      }
      const receipt = await desk.app.core.ok('sales:create', input)
      if (sale.taxed) mayReceipt = receipt.number
    }
    desk.clock.set(Date.parse('2026-06-15T15:00:00Z'))
  })
  afterAll(async () => desk?.app.close())

  it('shows who the customer is and this year’s tiles', async () => {
    await openMetrics(page, 'Grace Hopper')
    const header = page.getByTestId('metrics-header')
    const shown = await header.textContent()
    for (const text of ['1 Navy Yard', 'Arlington', 'grace@example.com']) expect(shown).toContain(text)
    expect(shown).toMatch(/\(?202\)?\s?555-?0188/)
    // Registered on 1 March and enrolled in loyalty then: two dates, each named for what it is.
    expect(await header.getByText('Customer since').locator('xpath=following-sibling::dd').textContent()).toBe('03/01/2026')
    expect(await header.getByText('Enrolled in loyalty').locator('xpath=following-sibling::dd').textContent()).toBe('03/01/2026')
    await choose(page, 'Time period', 'This year')
    await expectText(page, '01/01/2026 – 06/15/2026')
    await expectAccessible(page, 'the metrics page')
    expect(await tileText(page, 'visits')).toBe('3')
    expect(await tileText(page, 'sales')).toBe('$183.00')
    // What she paid, with May's $3.00 tax; net sales before tax under it, as the charts draw them.
    await expectText(page.getByTestId('tile-sales'), 'Sale amount (incl. tax)')
    await expectText(page.getByTestId('tile-sales'), '$180.00 before tax')
    expect(await tileText(page, 'points')).toBe('180')
  })

  it('values her points at the value per point from Settings, in the store’s currency, and again once it is changed', async () => {
    // 180 points at the store's first value per point, 1 cent: $1.80.
    expect(await tileText(page, 'points')).toBe('180')
    expect(await tileText(page, 'value')).toBe('$1.80')

    // The owner makes a point worth 25 cents in Settings.
    await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Settings' }).click()
    await page.getByRole('heading', { level: 1, name: 'Settings' }).waitFor()
    const value = page.getByLabel('Value per point (in cents of USD)')
    await expect.poll(() => value.inputValue()).toBe('1')
    await typeAmount(value, '25')
    await page.getByRole('button', { name: 'Save settings' }).click()
    await expectToast(page, 'Settings saved')
    await expectText(page, 'What one point is worth: 1 is $0.01')

    // Her page values the same 180 points at $45.00, and the period does not change the balance.
    await openMetrics(page, 'Grace Hopper')
    await choose(page, 'Time period', 'This year')
    await expectText(page, '01/01/2026 – 06/15/2026')
    await expect.poll(() => tileText(page, 'value')).toBe('$45.00')
    expect(await tileText(page, 'points')).toBe('180')
    await expectAccessible(page, 'the metrics page after the value per point changed')
  })

  it('draws net sales before tax by month and their average by weekday, with currency tooltips', async () => {
    const months = await chartState(page, 'chart-net-sales')
    expect(months.labels).toEqual(['Jan 2026', 'Feb 2026', 'Mar 2026', 'Apr 2026', 'May 2026', 'Jun 2026'])
    // May's $30.00 sale before its $3.00 tax.
    expect(months.values).toEqual([0, 0, 0, 5000, 3000, 10000])
    expect(await hoverBar(page, 'chart-net-sales', 4)).toBe('$30.00')
    await page.getByRole('figure', { name: 'Net sales by month' }).waitFor()

    const weekdays = await chartState(page, 'chart-weekday-spend')
    expect(weekdays.labels).toEqual(['Mon', 'Tue', 'Wed', 'Thu', 'Fri', 'Sat', 'Sun'])
    // Tuesday: ($50 + $30) over two visits.
    expect(weekdays.values).toEqual([0, 4000, 0, 0, 0, 10000, 0])
    expect(await hoverBar(page, 'chart-weekday-spend', 1)).toBe('$40.00')
    await page.getByRole('figure', { name: 'Average net sales by day of week' }).waitFor()
    await page.screenshot({ path: screenshotPath('metrics-page-tooltip'), fullPage: true })
  })

  it('looks back twelve whole months, or at last year, from the same list', async () => {
    await choose(page, 'Time period', 'Last 12 months')
    await expectText(page, '07/01/2025 – 06/15/2026')
    expect(await tileText(page, 'sales')).toBe('$183.00')
    await expect.poll(async () => (await chartState(page, 'chart-net-sales')).labels.length).toBe(12)
    const months = await chartState(page, 'chart-net-sales')
    expect([months.labels[0], months.labels[11]]).toEqual(['Jul 2025', 'Jun 2026'])
    expect(months.values).toEqual([0, 0, 0, 0, 0, 0, 0, 0, 0, 5000, 3000, 10000])
    await choose(page, 'Time period', 'Last year')
    await expectText(page, '01/01/2025 – 12/31/2025')
    expect(await tileText(page, 'visits')).toBe('0')
    expect(await tileText(page, 'sales')).toBe('$0.00')
    expect(page.url()).toContain('period=lastYear')
    await expectAccessible(page, 'the metrics page, last year')
  })

  it('narrows tiles, charts and history to custom dates on Apply', async () => {
    await choose(page, 'Time period', 'Custom dates')
    await fillDate(page, 'From', '2026-05-01')
    await fillDate(page, 'To', '2026-05-31')
    await page.getByRole('button', { name: 'Apply' }).click()
    await expectText(page, '05/01/2026 – 05/31/2026')
    expect(await tileText(page, 'visits')).toBe('1')
    expect(await tileText(page, 'sales')).toBe('$33.00')
    await expect.poll(async () => (await chartState(page, 'chart-net-sales')).values).toEqual([3000])
    const history = page.getByRole('table', { name: 'Transaction history' })
    expect(await history.getByRole('row').count()).toBe(2)
    await expect(history.textContent()).resolves.toContain(mayReceipt)
  })

  it('refuses custom dates that end before they start, next to the end date', async () => {
    await fillDate(page, 'From', '2026-05-31')
    await fillDate(page, 'To', '2026-05-01')
    await page.getByRole('button', { name: 'Apply' }).click()
    await expectText(page, 'The end date is before the start date')
    await fillDate(page, 'From', '2026-05-01')
    await fillDate(page, 'To', '2026-05-31')
    await page.getByRole('button', { name: 'Apply' }).click()
  })

  it('opens a receipt from the history with its four summaries, and Back returns to the same period', async () => {
    await page.getByRole('link', { name: mayReceipt }).click()
    await page.getByRole('heading', { name: `Receipt ${mayReceipt}` }).waitFor()
    for (const part of ['Receipt summary', 'Order summary', 'Tax summary', 'Payment summary']) {
      await page.getByRole('region', { name: part }).waitFor()
    }
    await expect(page.getByRole('region', { name: 'Tax summary' }).textContent()).resolves.toContain('State tax')
    await expect(page.getByRole('region', { name: 'Payment summary' }).textContent()).resolves.toContain('Card')
    expect(await page.getByTestId('receipt-total').textContent()).toBe('$33.00')

    // Feedback about this receipt counts on the day it was given (today), not the receipt's.
    await page.getByRole('button', { name: 'Record feedback' }).click()
    const dialog = page.getByRole('dialog', { name: 'Feedback from Grace Hopper' })
    await dialog.getByLabel('Negative').check()
    await dialog.getByLabel('Comment').fill('The beans were stale')
    await dialog.getByRole('button', { name: 'Save feedback' }).click()
    await expectToast(page, 'Feedback recorded')

    await page.getByRole('button', { name: 'Back', exact: true }).click()
    await expectText(page, '05/01/2026 – 05/31/2026')
    expect(page.url()).toContain('period=custom&from=2026-05-01&to=2026-05-31')
    expect(await tileText(page, 'sales')).toBe('$33.00')
  })

  it('records positive feedback; the tiles count feedback in the period it was given', async () => {
    await choose(page, 'Time period', 'This month')
    await expectText(page, '06/01/2026 – 06/15/2026')
    await page.getByRole('button', { name: 'Record feedback' }).click()
    const dialog = page.getByRole('dialog', { name: 'Feedback from Grace Hopper' })
    await dialog.getByRole('button', { name: 'Save feedback' }).click()
    await expectText(page, 'Choose positive or negative')
    await dialog.getByLabel('Positive').check()
    await dialog.getByLabel('Comment').fill('Loved the new blend')
    await dialog.getByRole('button', { name: 'Save feedback' }).click()
    await expectToast(page, 'Feedback recorded')
    await expect.poll(() => tileText(page, 'positive')).toBe('1')
    expect(await tileText(page, 'negative')).toBe('1')
  })

  it('lists what she said in the period under Feedback: newest first, in words, with the comment, the receipt and who recorded it', async () => {
    const feedback = page.getByRole('table', { name: 'Feedback' })
    const rows = feedback.getByRole('row').filter({ has: page.getByRole('cell') })
    await expect.poll(() => rows.allTextContents()).toHaveLength(2)
    const [loved, stale] = await rows.allTextContents()
    for (const text of ['06/15/2026', 'Positive', 'Loved the new blend', 'Olivia Owner']) expect(loved).toContain(text)
    for (const text of ['06/15/2026', 'Negative', 'The beans were stale', mayReceipt, 'Olivia Owner']) expect(stale).toContain(text)
    // Both recorded here: no store named.
    expect(loved).not.toContain(' at ')
    await expectAccessible(page, 'the metrics page with its feedback list')
    await page.screenshot({ path: screenshotPath('metrics-page-feedback'), fullPage: true })

    // The receipt it was about opens from the list.
    await feedback.getByRole('link', { name: mayReceipt }).click()
    await page.getByRole('heading', { name: `Receipt ${mayReceipt}` }).waitFor()
    await page.getByRole('button', { name: 'Back', exact: true }).click()
    await expectText(page, '06/01/2026 – 06/15/2026')

    // May's days: her feedback was given in June.
    await choose(page, 'Time period', 'Custom dates')
    await fillDate(page, 'From', '2026-05-01')
    await fillDate(page, 'To', '2026-05-31')
    await page.getByRole('button', { name: 'Apply' }).click()
    await expectText(page, '05/01/2026 – 05/31/2026')
    await expectText(feedback, 'No feedback in this period.')
    expect(await tileText(page, 'positive')).toBe('0')
  })

  it('shows what she bought at the owner’s store that keeps yen in yen, beside the dollars, never added to them', async () => {
    // The next morning, Tue 16 June (1 am in New York, 2 pm in Tokyo): ¥1,200 at the owner's
    // store in Tokyo, which reaches this one by sync.
    desk.clock.set(Date.parse('2026-06-16T05:00:00Z'))
    const [yen] = await salesAtAnotherStore(desk.app.core, { name: 'Tokyo Annex', currency: 'JPY', timeZone: 'Asia/Tokyo' }, [simpleSale(grace.id, 1200)], desk.clock.now)

    await choose(page, 'Time period', 'This year')
    await expectText(page, '01/01/2026 – 06/16/2026')
    const amounts = page.getByTestId('tile-sales').locator('.value .line')
    await expect.poll(() => amounts.allTextContents()).toEqual(['$183.00', '¥1,200'])
    // The dollars' charts as before, and a pair of charts of their own for the yen, named so.
    await expect.poll(async () => (await chartState(page, 'chart-net-sales')).values).toEqual([0, 0, 0, 5000, 3000, 10000])
    await page.getByRole('figure', { name: 'Net sales by month in USD' }).waitFor()
    await page.getByRole('figure', { name: 'Net sales by month in JPY' }).waitFor()
    expect((await chartState(page, 'chart-net-sales-JPY')).values).toEqual([0, 0, 0, 0, 0, 1200])
    expect(await hoverBar(page, 'chart-net-sales-JPY', 5)).toBe('¥1,200')
    expect((await chartState(page, 'chart-weekday-spend-JPY')).values).toEqual([0, 1200, 0, 0, 0, 0, 0])
    const history = page.getByRole('table', { name: 'Transaction history' })
    await expect(history.getByRole('row').filter({ hasText: yen!.number }).textContent()).resolves.toContain('¥1,200')
    await expect(history.getByRole('row').filter({ hasText: mayReceipt }).textContent()).resolves.toContain('$33.00')
    await expectAccessible(page, 'the metrics page with sales in two currencies')
    await page.screenshot({ path: screenshotPath('metrics-page-two-currencies'), fullPage: true })

    await page.getByRole('link', { name: yen!.number }).click()
    await page.getByRole('heading', { name: `Receipt ${yen!.number}` }).waitFor()
    expect(await page.getByTestId('receipt-total').textContent()).toBe('¥1,200')
    await page.getByRole('button', { name: 'Back', exact: true }).click()

    // Her page's header: the lifetime spend per currency; the Sales history tab in each receipt's.
    await page.getByRole('link', { name: 'Customer page' }).click()
    await expectText(page, '$183.00 · ¥1,200')
    await page.getByRole('tab', { name: 'Sales history' }).click()
    const sales = page.getByRole('table', { name: 'Transaction history' })
    await expect(sales.getByRole('row').filter({ hasText: yen!.number }).textContent()).resolves.toContain('¥1,200')
    await expect(sales.getByRole('row').filter({ hasText: mayReceipt }).textContent()).resolves.toContain('$33.00')
  })

  it('names the store and its clock for feedback recorded at another of the owner’s stores', async () => {
    // 3 pm on Tue 16 June in Osaka (2 am in New York): a complaint recorded there reaches this store by sync.
    desk.clock.set(Date.parse('2026-06-16T06:00:00Z'))
    const osaka = { name: 'Osaka Corner', currency: 'JPY', timeZone: 'Asia/Tokyo' }
    await atAnotherStore(desk.app.core, osaka, (other) => other.ok('feedback:add', { customerId: grace.id, sentiment: 'negative', comment: 'Too much foam' }), desk.clock.now)

    await openMetrics(page, 'Grace Hopper')
    await choose(page, 'Time period', 'This month')
    const rows = page.getByRole('table', { name: 'Feedback' }).getByRole('row').filter({ has: page.getByRole('cell') })
    await expect.poll(() => rows.allTextContents()).toHaveLength(3)
    const [foam, loved] = await rows.allTextContents()
    for (const text of ['06/16/2026, 03:00 PM (Asia/Tokyo)', 'Negative', 'Too much foam', 'Olivia Owner', 'at Osaka Corner']) expect(foam).toContain(text)
    expect(loved).toContain('Loved the new blend')
    expect(loved).not.toContain('Osaka Corner')
    expect(await tileText(page, 'negative')).toBe('2')
  })

  it('says a customer not in the loyalty programme is not enrolled, beside the day they became a customer', async () => {
    await addLoyalCustomer(desk.app, { firstName: 'Alan', lastName: 'Turing', loyaltyEnrolled: false })
    await openMetrics(page, 'Alan Turing')
    const header = page.getByTestId('metrics-header')
    expect(await header.getByText('Customer since').locator('xpath=following-sibling::dd').textContent()).toBe('06/16/2026')
    expect(await header.getByText('Enrolled in loyalty').locator('xpath=following-sibling::dd').textContent()).toBe('No')
  })

  it('writes an axis of whole amounts, each once, under charts with nothing or next to nothing in them', async () => {
    // Review: bars are in cents, and Chart.js cut an empty chart's axis (0 to 1) into tenths of a
    // cent: eleven amounts, ten of them "$0". Edsger has bought nothing; Ada one 3¢ sticker.
    await addLoyalCustomer(desk.app, { firstName: 'Edsger', lastName: 'Dijkstra' })
    await openMetrics(page, 'Edsger Dijkstra')
    await expect.poll(async () => (await chartState(page, 'chart-net-sales')).values).toEqual(Array(6).fill(0))
    for (const chart of ['chart-net-sales', 'chart-weekday-spend']) {
      const { axis } = await chartState(page, chart)
      expect(new Set(axis).size, `${chart}: ${axis.join(', ')}`).toBe(axis.length)
      expect([axis[0], axis.at(-1)]).toEqual(['$0', '$1'])
    }
    const ada = await addLoyalCustomer(desk.app, { firstName: 'Ada', lastName: 'Byron' })
    await desk.app.core.ok('sales:create', simpleSale(ada.id, 3))
    await openMetrics(page, 'Ada Byron')
    await expect.poll(async () => (await chartState(page, 'chart-net-sales')).values.at(-1)).toBe(3)
    const { axis } = await chartState(page, 'chart-net-sales')
    expect(new Set(axis).size, axis.join(', ')).toBe(axis.length)
    await expectAccessible(page, 'the metrics page of a customer with one 3¢ sale')
  })
})
