/**
 * `npm run bench:ui [-- --json FILE] [--customers N] [--keep] [--reuse DIR]`: the customer
 * screen in Chromium, through the browser host, on a store of N (1,000,000) customers loaded
 * through the core's bulk path. Measures what the desk feels:
 * - keystroke → rows painted: from the last key of a search typed into *Search customers* to
 *   the frame in which the table shows the rows for that text;
 * - first rows: from *Sign in*, and from clicking *Customers* in the navigation, to the first
 *   rows painted;
 * - the page's JavaScript heap before and after all of it (after a forced collection).
 * The floor it is compared with, in the same run: customers:search for the same text through
 * the core's dispatch, without the browser (ratio = UI ÷ core).
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import { loadavg, tmpdir } from 'node:os'
import { join } from 'node:path'
import { chromium, type Page } from 'playwright-core'
import { createCore, type Core } from '../../../electron/core'
import { bulkInsertCustomers } from '../../../electron/core/customers/bulk'
import { startBrowserHost } from '../../host/browserHost'
import { RENDERER_DIR } from '../../support/browser'
import { OWNER, STORE, TEST_KDF } from '../../support/core'
import { benchCustomers } from '../customers/generate'
import { SEARCHES } from '../customers/queries'
import { benchOptions } from '../options'
import { percentile } from '../timing'

const { option, customers: CUSTOMERS, jsonFile: JSON_FILE, reuseDir: REUSE_DIR, keep: KEEP } = benchOptions()
/** Each search text is typed this many times (22 texts × 2 = 44 searches, as the 45). */
const ROUNDS = Number(option('--rounds') ?? 2)
const SESSION = 'bench-ui'
const log = (line: string) => process.stdout.write(`${line}\n`)
const round = (ms: number) => Math.round(ms * 10) / 10

interface Stats {
  runs: number
  p50: number
  p95: number
  max: number
}
function stats(samples: number[]): Stats {
  const sorted = [...samples].sort((a, b) => a - b)
  return { runs: sorted.length, p50: round(percentile(sorted, 50)), p95: round(percentile(sorted, 95)), max: round(sorted[sorted.length - 1] ?? 0) }
}

async function loadStore(core: Core, dir: string): Promise<number> {
  const setup = await core.dispatch('auth:setup', { store: STORE, owner: OWNER }, SESSION)
  if (!setup.ok) throw new Error('setup failed')
  log(`Loading ${CUSTOMERS.toLocaleString('en')} customers through the bulk path into ${dir} …`)
  const started = performance.now()
  const loaded = await bulkInsertCustomers(core.services, benchCustomers(CUSTOMERS, core.services.localStoreId()!, new Date()), { userId: null })
  log(`Loaded ${loaded.inserted.toLocaleString('en')} in ${((performance.now() - started) / 1000).toFixed(1)} s`)
  return loaded.inserted
}

/** In the page: remembers when the last key went down and when the last click landed. */
const INSTRUMENT = () => {
  const w = window as unknown as { lastKeyAt: number; lastClickAt: number }
  window.addEventListener('keydown', () => (w.lastKeyAt = performance.now()), true)
  window.addEventListener('mousedown', () => (w.lastClickAt = performance.now()), true)
}

/** Where the time of the last search went: key → request sent, the request (host + core), answer → painted. */
interface Breakdown {
  toRequest: number
  request: number
  toPaint: number
}

async function breakdownOfLastSearch(page: Page, paintedMs: number): Promise<Breakdown | null> {
  return page.evaluate((painted) => {
    const w = window as unknown as Record<string, number>
    const searches = performance.getEntriesByType('resource').filter((e) => e.name.includes('customers%3Asearch')) as PerformanceResourceTiming[]
    const last = searches[searches.length - 1]
    if (!last) return null
    const key = w.lastKeyAt!
    return { toRequest: last.startTime - key, request: last.responseEnd - last.startTime, toPaint: key + painted - last.responseEnd }
  }, paintedMs)
}

/**
 * In the page: from now on, watches for the table to show the rows answering `query`, then for
 * the frame that paints them, and keeps that moment in `window.paintedAt`. Started before the
 * action it times, because Playwright holds a typed key down for the typing delay (120 ms)
 * before it returns: a watch started afterwards timed that wait, not the page (every search
 * read 125-150 ms, however fast the rows came).
 */
function watchPainted(page: Page, query: string): Promise<void> {
  return page.evaluate((query) => {
    const w = window as unknown as { paintedAt?: number | null }
    w.paintedAt = null
    const shown = () => [...document.querySelectorAll('[data-shown-query]')].some((el) => el.getAttribute('data-shown-query') === query)
    // The frame after the DOM holds the rows is the one that paints them.
    const done = (): void => {
      requestAnimationFrame(() => setTimeout(() => (w.paintedAt = performance.now())))
    }
    if (shown()) {
      done()
      return
    }
    const observer = new MutationObserver(() => {
      if (!shown()) return
      observer.disconnect()
      done()
    })
    observer.observe(document.body, { subtree: true, childList: true, attributes: true, attributeFilter: ['data-shown-query'] })
  }, query)
}

/** Waits for the watch started by watchPainted and answers the ms from the last key (or click) to that frame. */
async function paintedSince(page: Page, since: 'lastKeyAt' | 'lastClickAt'): Promise<number> {
  const painted = await page.waitForFunction(() => (window as unknown as { paintedAt?: number | null }).paintedAt ?? null, undefined, { timeout: 10_000, polling: 50 })
  const at = (await painted.jsonValue()) as number
  return at - (await page.evaluate((since) => (window as unknown as Record<string, number>)[since]!, since))
}

/** Does `act`, and answers the ms from its last key (or click) to the frame that paints the rows answering `query`. */
async function paintedAfter(page: Page, query: string, since: 'lastKeyAt' | 'lastClickAt', act: () => Promise<unknown>): Promise<number> {
  await watchPainted(page, query)
  await act()
  return paintedSince(page, since)
}

async function heapMb(page: Page): Promise<number> {
  const cdp = await page.context().newCDPSession(page)
  await cdp.send('HeapProfiler.collectGarbage')
  const { usedSize } = await cdp.send('Runtime.getHeapUsage')
  await cdp.detach()
  return Math.round(usedSize / 1e5) / 10
}

async function signIn(page: Page): Promise<number> {
  await page.getByLabel('Username').fill(OWNER.username)
  await page.getByLabel('Password').fill(OWNER.password)
  return paintedAfter(page, '', 'lastClickAt', () => page.getByRole('button', { name: 'Sign in' }).click())
}

async function main() {
  const dir = REUSE_DIR ?? mkdtempSync(join(tmpdir(), 'backroom-bench-ui-'))
  const core = await createCore({ dataDir: dir, kdf: TEST_KDF, log: () => {}, automaticBackups: false })
  const customers = REUSE_DIR
    ? Number((await core.services.db('customers').count<{ n: number }[]>({ n: '*' }))[0]!.n)
    : await loadStore(core, dir)
  const host = await startBrowserHost({ dispatch: core.dispatch, rendererDir: RENDERER_DIR })
  // The full Chromium, as Electron's window is: the browser tests run the lighter headless shell
  // (test/support/browser.ts), but this measures what a user waits for.
  const browser = await chromium.launch({
    executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium',
    args: ['--no-sandbox', '--disable-gpu', '--no-first-run', '--disable-background-networking'],
  })
  try {
    const context = await browser.newContext({ viewport: { width: 1366, height: 768 } })
    context.setDefaultTimeout(30_000)
    const page = await context.newPage()
    // tsx names the functions it compiles with a helper the page does not have.
    await page.addInitScript({ content: 'window.__name = (f) => f' })
    await page.addInitScript(INSTRUMENT)
    await page.goto(host.url)

    // First rows after sign-in (the first one also warms the page up: it is not counted).
    const afterSignIn: number[] = []
    for (let i = 0; i <= 5; i++) {
      const ms = await signIn(page)
      if (i > 0) afterSignIn.push(ms)
      await page.getByRole('button', { name: 'Log out' }).click()
      await page.getByRole('heading', { name: 'Sign in to Backroom' }).waitFor()
    }
    await signIn(page)
    const heapBefore = await heapMb(page)

    // First rows after navigating back to the list from another screen.
    const afterNavigation: number[] = []
    const nav = page.getByRole('navigation', { name: 'Main' })
    for (let i = 0; i <= 10; i++) {
      await nav.getByRole('link', { name: 'New sale' }).click()
      await page.getByRole('heading', { name: 'New sale' }).waitFor()
      const ms = await paintedAfter(page, '', 'lastClickAt', () => nav.getByRole('link', { name: 'Customers' }).click())
      if (i > 0) afterNavigation.push(ms)
    }

    // Keystroke → rows painted, typed as a person types (about 8 keys a second).
    const box = page.getByLabel('Search customers')
    const typed: { label: string; query: string; ms: number[] }[] = SEARCHES.map((s) => ({ ...s, ms: [] }))
    const breakdowns: Breakdown[] = []
    for (let r = 0; r <= ROUNDS; r++) {
      for (const search of typed) {
        await box.fill('')
        await page.locator('[data-shown-query=""]').waitFor()
        const ms = await paintedAfter(page, search.query.trim(), 'lastKeyAt', () => box.pressSequentially(search.query, { delay: 120 }))
        // Round 0 warms the page and the database's caches up.
        if (r > 0) {
          search.ms.push(ms)
          const parts = await breakdownOfLastSearch(page, ms)
          if (parts) breakdowns.push(parts)
        }
        await page.evaluate(() => performance.clearResourceTimings())
      }
    }
    const heapAfter = await heapMb(page)

    // The floor: the same searches through the core's dispatch alone.
    await core.dispatch('auth:login', { username: OWNER.username, password: OWNER.password }, SESSION)
    const coreMs: number[] = []
    for (let r = 0; r <= ROUNDS; r++) {
      for (const search of typed) {
        const started = performance.now()
        const answer = await core.dispatch('customers:search', { query: search.query, limit: 50 }, SESSION)
        if (!answer.ok) throw new Error(`customers:search: ${answer.error.message}`)
        if (r > 0) coreMs.push(performance.now() - started)
      }
    }

    const keystroke = stats(typed.flatMap((t) => t.ms))
    const core50 = stats(coreMs)
    const report = {
      customers,
      machine: { cores: (await import('node:os')).cpus().length, loadAverage5min: Math.round(loadavg()[1] * 100) / 100 },
      keystrokeToRowsPainted: keystroke,
      coreSearchSameTexts: core50,
      ratioP95: round(keystroke.p95 / core50.p95),
      firstRowsAfterSignIn: stats(afterSignIn),
      firstRowsAfterNavigation: stats(afterNavigation),
      heapMb: { before: heapBefore, after: heapAfter },
      breakdownP50: {
        keyToRequestSent: stats(breakdowns.map((b) => b.toRequest)).p50,
        requestThroughHostAndCore: stats(breakdowns.map((b) => b.request)).p50,
        answerToRowsPainted: stats(breakdowns.map((b) => b.toPaint)).p50,
      },
      bySearch: typed.map((t) => ({ label: t.label, query: t.query, ...stats(t.ms) })),
      targets: { keystrokeP95: 100, firstRows: 300 },
    }
    printReport(report)
    if (JSON_FILE) writeFileSync(JSON_FILE, JSON.stringify(report, null, 2))
  } finally {
    await browser.close()
    await host.close()
    await core.close()
    if (!KEEP) rmSync(dir, { recursive: true, force: true })
    else log(`Kept the store in ${dir} (--reuse ${dir})`)
  }
}

type Report = {
  customers: number
  machine: { cores: number; loadAverage5min: number }
  keystrokeToRowsPainted: Stats
  coreSearchSameTexts: Stats
  ratioP95: number
  firstRowsAfterSignIn: Stats
  firstRowsAfterNavigation: Stats
  heapMb: { before: number; after: number }
  breakdownP50: { keyToRequestSent: number; requestThroughHostAndCore: number; answerToRowsPainted: number }
  bySearch: ({ label: string; query: string } & Stats)[]
  targets: { keystrokeP95: number; firstRows: number }
}

function printReport(r: Report) {
  const ok = (value: number, target: number) => (value <= target ? 'ok' : 'MISSED')
  log('')
  log(`Customers: ${r.customers.toLocaleString('en')}; machine: ${r.machine.cores} cores, 5-minute load average ${r.machine.loadAverage5min}`)
  log('')
  log('| what (ms) | runs | p50 | p95 | max | target | |')
  log('| --- | ---: | ---: | ---: | ---: | ---: | --- |')
  const row = (what: string, s: Stats, target?: number) =>
    log(`| ${what} | ${s.runs} | ${s.p50} | ${s.p95} | ${s.max} | ${target ?? '–'} | ${target ? ok(s.p95, target) : ''} |`)
  row('keystroke → rows painted (UI)', r.keystrokeToRowsPainted, r.targets.keystrokeP95)
  row('customers:search, same texts (core alone)', r.coreSearchSameTexts)
  row('first rows after sign-in', r.firstRowsAfterSignIn, r.targets.firstRows)
  row('first rows after Customers in the navigation', r.firstRowsAfterNavigation, r.targets.firstRows)
  log('')
  log(`UI ÷ core at p95: ${r.ratioP95}; page heap ${r.heapMb.before} MB before the searches, ${r.heapMb.after} MB after (after a forced collection)`)
  const b = r.breakdownP50
  log(`Where a search's time goes (p50 ms): last key → request sent ${b.keyToRequestSent}, request through the host and core ${b.requestThroughHostAndCore}, answer → rows painted ${b.answerToRowsPainted}`)
  log('')
  log('| search | typed | p50 | p95 |')
  log('| --- | --- | ---: | ---: |')
  for (const s of r.bySearch) log(`| ${s.label} | ${s.query} | ${s.p50} | ${s.p95} |`)
}

void main().catch((error) => {
  console.error(error)
  process.exit(1)
})
