import type { Locator, Page } from 'playwright-core'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { CommandOutput } from '../../electron/contract'
import { expectAccessible } from '../support/axe'
import { startBrowserApp, type BrowserApp } from '../support/browser'
import { manualClock, OWNER, STORE } from '../support/core'
import { openSignedIn } from '../support/customers'
import { addLoyalCustomer, openMetrics, tileText } from '../support/desk'
import { simpleSale } from '../support/sales'
import { salesAtAnotherStore } from '../support/sync/foreign'

/**
 * A receipt rung up at another of the owner's stores, in another time zone, as this store's
 * screen shows it once sync has brought it: this store is Corner Shop in New York; Tokyo Annex,
 * a store of its own on a core of its own, sells to a customer the two share, and its entries
 * are applied here by the real applier, as a hub delivers them. The back-office PC's clock is on
 * UTC, neither store's. The receipt's date and time are on Tokyo's clock with the zone named, as
 * its business day is; Corner Shop's own receipt of the same instant reads on New York's.
 * Tokyo is on tomorrow already: its receipt is in her history the moment sync brings it, the
 * year so far running to Tokyo's day.
 */
const TOKYO = { name: 'Tokyo Annex', currency: 'USD', timeZone: 'Asia/Tokyo' }
// 09:30 on Wednesday 17 June in Tokyo, still 20:30 on Tuesday 16 June in New York: another day, too.
const ISSUED = '2026-06-17T00:30:00.000Z'

/** How this store's locale (en-US) writes a moment on a zone's clock: computed by the page's own Intl, as the screen's is. */
function shownAt(page: Page, iso: string, timeZone: string, withTime: boolean): Promise<string> {
  return page.evaluate(
    ([moment, zone, time]) =>
      new Intl.DateTimeFormat('en-US', { year: 'numeric', month: '2-digit', day: '2-digit', ...(time ? { hour: '2-digit', minute: '2-digit' } : {}), timeZone: zone }).format(new Date(moment)),
    [iso, timeZone, withTime] as const,
  )
}

// Chromium may put a narrow no-break space before AM.
const text = async (cell: Locator) => (await cell.textContent())?.replace(/\s+/g, ' ').trim()

describe("another store's receipt, on that store's clock", () => {
  let app: BrowserApp
  let page: Page
  let tokyo: CommandOutput<'sales:create'>
  let corner: CommandOutput<'sales:create'>

  beforeAll(async () => {
    const clock = manualClock('2026-06-10T15:00:00.000Z')
    // The clock jumps between commands of the one session: main's idle lock stays off.
    app = await startBrowserApp({ now: clock.now, idleLock: false })
    await app.core.ok('auth:setup', { store: STORE, owner: OWNER })
    const ana = await addLoyalCustomer(app, { firstName: 'Ana', lastName: 'Lima', email: 'ana@example.com' })
    clock.set(Date.parse(ISSUED))
    // The same instant at both stores: Corner Shop here, Tokyo Annex there (it joins from here, so it has Ana).
    corner = await app.core.ok('sales:create', simpleSale(ana.id, 1800))
    ;[tokyo] = await salesAtAnotherStore(app.core, TOKYO, [simpleSale(ana.id, 2500)], clock.now)
    page = await openSignedIn(app, OWNER.username, OWNER.password, { timezoneId: 'UTC' })
  }, 60_000)
  afterAll(async () => app?.close())

  it('lists it in her transaction history and opens it with the issuing store, its time in Tokyo and the zone named', async () => {
    expect(STORE.timeZone).toBe('America/New_York')
    expect(await page.evaluate(() => Intl.DateTimeFormat().resolvedOptions().timeZone)).toBe('UTC')
    const tokyoDay = await shownAt(page, ISSUED, 'Asia/Tokyo', false)
    await openMetrics(page, 'Ana Lima')
    // The year so far (the page opens on it) runs to Tokyo's today, a day ahead of New York's, and counts both sales.
    const newYearsDay = await shownAt(page, '2026-01-01T12:00:00.000Z', 'America/New_York', false)
    await expect.poll(() => text(page.getByTestId('metrics-period'))).toBe(`${newYearsDay} – ${tokyoDay}`)
    expect(await tileText(page, 'sales')).toBe('$43.00')
    const history = page.getByRole('table', { name: 'Transaction history' })
    await history.getByRole('link', { name: corner.number }).waitFor()
    // The list shows each receipt's time as its receipt does: Tokyo's on Tokyo's clock, the zone named.
    const listed = (number: string) => text(history.getByRole('row').filter({ has: page.getByRole('link', { name: number }) }).getByRole('cell').nth(1))
    expect(await listed(tokyo!.number)).toBe(`${await shownAt(page, ISSUED, 'Asia/Tokyo', true)} (Asia/Tokyo)`.replace(/\s+/g, ' '))
    expect(await listed(corner.number)).toBe((await shownAt(page, ISSUED, 'America/New_York', true)).replace(/\s+/g, ' '))
    await history.getByRole('link', { name: tokyo!.number }).click()
    await page.getByRole('heading', { name: `Receipt ${tokyo!.number}` }).waitFor()

    const summary = page.getByRole('region', { name: 'Receipt summary' })
    const fact = (term: string) => summary.locator(`dt:text-is("${term}") + dd`)
    expect(await text(fact('Receipt'))).toBe(tokyo!.number)
    expect(await text(fact('Store'))).toBe('Tokyo Annex')
    const inTokyo = await shownAt(page, ISSUED, 'Asia/Tokyo', true)
    const inNewYork = await shownAt(page, ISSUED, 'America/New_York', true)
    expect(inTokyo).not.toBe(inNewYork)
    expect(await text(fact('Date'))).toBe(`${inTokyo} (Asia/Tokyo)`.replace(/\s+/g, ' '))
    // Its business day is Tokyo's too, the day its date names, not New York's.
    expect(tokyoDay).not.toBe(await shownAt(page, ISSUED, 'America/New_York', false))
    expect(await text(fact('Business day'))).toBe(tokyoDay)
    expect(await text(fact('Date'))).toContain(tokyoDay)
    expect(await text(fact('Customer'))).toBe('Ana Lima')
    expect(await page.getByTestId('receipt-total').textContent()).toBe('$25.00')
    // Only Tokyo voids it (main refuses here): no Void button that fails after the reason is typed, but where to void it.
    await page.getByText('Issued by Tokyo Annex: only Tokyo Annex can void it.').waitFor()
    expect(await page.getByRole('button', { name: 'Void receipt' }).count()).toBe(0)
    await expectAccessible(page, "another store's receipt")
  })

  it("reads this store's own receipt of the same instant on New York's clock, naming no zone", async () => {
    await page.getByRole('button', { name: 'Back', exact: true }).click()
    const history = page.getByRole('table', { name: 'Transaction history' })
    await history.getByRole('link', { name: corner.number }).click()
    await page.getByRole('heading', { name: `Receipt ${corner.number}` }).waitFor()
    const summary = page.getByRole('region', { name: 'Receipt summary' })
    const fact = (term: string) => summary.locator(`dt:text-is("${term}") + dd`)
    expect(await text(fact('Store'))).toBe(STORE.name)
    const inNewYork = (await shownAt(page, ISSUED, 'America/New_York', true)).replace(/\s+/g, ' ')
    expect(await text(fact('Date'))).toBe(inNewYork)
    expect(await text(fact('Business day'))).toBe(await shownAt(page, ISSUED, 'America/New_York', false))
    await page.getByRole('button', { name: 'Void receipt' }).waitFor()
    expect(await page.getByText(/only .* can void it/).count()).toBe(0)
    await expectAccessible(page, "this store's own receipt")
  })

  it("lists Tokyo's receipt in the Sales history tab of her page, and opens it from there", async () => {
    await page.getByRole('button', { name: 'Back', exact: true }).click()
    await page.getByRole('link', { name: 'Customer page' }).click()
    await page.getByRole('tab', { name: 'Sales history' }).click()
    const sales = page.getByRole('table', { name: 'Transaction history' })
    await sales.getByRole('link', { name: corner.number }).waitFor()
    const tokyoRow = sales.getByRole('row').filter({ has: page.getByRole('link', { name: tokyo!.number }) })
    expect(await text(tokyoRow.getByRole('cell').nth(1))).toBe(`${await shownAt(page, ISSUED, 'Asia/Tokyo', true)} (Asia/Tokyo)`.replace(/\s+/g, ' '))
    await expectAccessible(page, "her Sales history with another store's receipt")
    await sales.getByRole('link', { name: tokyo!.number }).click()
    await page.getByRole('heading', { name: `Receipt ${tokyo!.number}` }).waitFor()
    const date = page.getByRole('region', { name: 'Receipt summary' }).locator('dt:text-is("Date") + dd')
    expect(await text(date)).toBe(`${await shownAt(page, ISSUED, 'Asia/Tokyo', true)} (Asia/Tokyo)`.replace(/\s+/g, ' '))
  })
})
