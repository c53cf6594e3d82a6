import type { Browser, Locator, Page } from 'playwright-core'
import type { HubOptions } from '../../../electron/core/hub/connection'
import { sharedChromium } from '../browser'
import { startPostgres, type TestPostgres } from '../hub/server'
import { choose } from '../ui'
import { startStoreHost, type StoreHost } from './store-hosts'

/**
 * What the hub's browser tests share (issue 10): one embedded PostgreSQL with one hub database,
 * the process's Chromium, and a store host per store, each with its owner signed in on a page of its own.
 */

/** Short waits, so a test sees offline, retries and rounds in seconds. */
export const FAST_HUB: HubOptions = { debounceMs: 200, intervalMs: 1000, backoff: { baseMs: 300, maxMs: 1500 }, connectTimeoutMs: 2000 }
/** Long enough for a backoff, a round and the frame's next poll (every 5 s). */
export const SYNCED = { timeout: 20_000 }

export interface HubDesk {
  pgs: TestPostgres
  browser: Browser
  /** The hub's database on `pgs`. */
  database: string
  stores: StoreHost[]
  pages: Page[]
  /** Another store host (a PC set up fresh), closed with the rest. */
  addStore(name: string): Promise<StoreHost>
  /** Closes one store's PC now (its disk died), not again at the end. */
  closeStore(store: StoreHost): Promise<void>
  close(): Promise<void>
}

export async function startHubDesk(names: readonly string[], hub: HubOptions = FAST_HUB): Promise<HubDesk> {
  const [pgs, browser] = await Promise.all([startPostgres(), sharedChromium()])
  const database = (await pgs.createDatabase('backroom_hub')).database
  const stores = await Promise.all(names.map((name) => startStoreHost(browser, name, hub)))
  const pages = await Promise.all(stores.map((store) => store.openOwnerPage()))
  const closed = new Set<StoreHost>()
  return {
    pgs,
    browser,
    database,
    stores,
    pages,
    async addStore(name) {
      const store = await startStoreHost(browser, name, hub)
      stores.push(store)
      return store
    },
    async closeStore(store) {
      closed.add(store)
      await store.close()
    },
    async close() {
      // Each store closes its pages' profiles; Chromium is the process's (sharedChromium).
      for (const store of stores) if (!closed.has(store)) await store.close().catch(() => {})
      await pgs.stop()
    },
  }
}

/** The frame's sync status panel. */
export const syncStatus = (page: Page) => page.getByRole('region', { name: 'Sync status' })

/** Waits until a line of the frame's sync status says `text`. */
export const statusShows = (page: Page, line: string, text: string | RegExp) => syncStatus(page).getByTestId(line).filter({ hasText: text }).waitFor(SYNCED)

/** Settings → Sync, as a user gets there: the side bar, then the link on Settings. */
export async function openSyncSettings(page: Page): Promise<void> {
  await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Settings' }).click()
  await page.getByRole('link', { name: 'Sync with the other stores (hub)' }).click()
  await page.getByRole('heading', { level: 1, name: 'Sync' }).waitFor()
}

/** Types where the hub is and who this is to it, in the join form or Hub administration (`scope`). */
export async function fillServer(page: Page, scope: Locator, fields: { port: number; database: string; user: string; password: string; userLabel: string }) {
  await scope.getByLabel('Server', { exact: true }).fill('127.0.0.1')
  await scope.getByLabel('Port', { exact: true }).fill(String(fields.port))
  await scope.getByLabel('Database', { exact: true }).fill(fields.database)
  await scope.getByLabel(fields.userLabel, { exact: true }).fill(fields.user)
  await scope.getByLabel('Password', { exact: true }).fill(fields.password)
  await choose(page, 'Link protection', 'No TLS (only for a hub on this computer)', scope)
}

/** What has focus now, as a person would name it (its accessible label, else its text). */
export const focusedName = (page: Page) =>
  page.evaluate(() => {
    const el = document.activeElement as HTMLElement | null
    if (!el || el === document.body) return 'body'
    return (el.getAttribute('aria-label') ?? el.textContent ?? '').trim()
  })

/** Waits until `check` answers true (set-up code, where expect.poll may not run), or throws after `timeoutMs`. */
export async function waitUntil(what: string, check: () => Promise<boolean>, timeoutMs = SYNCED.timeout): Promise<void> {
  const until = Date.now() + timeoutMs
  while (!(await check())) {
    if (Date.now() > until) throw new Error(`Timed out waiting until ${what}`)
    await new Promise((resolve) => setTimeout(resolve, 200))
  }
}
