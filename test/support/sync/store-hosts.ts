import type { Browser, Page } from 'playwright-core'
import type { HubOptions } from '../../../electron/core/hub/connection'
import { startBrowserHost, type BrowserHost } from '../../host/browserHost'
import { newAppContext, RENDERER_DIR } from '../browser'
import { isLoopback, OWNER, STORE, startTestCore, type TestCore } from '../core'
import { signIn } from '../ui'

/**
 * One store of several, each a real core on its own data folder behind its own browser host,
 * sharing one Chromium (a browser per store would double the start-up for nothing).
 */
export interface StoreHost {
  name: string
  core: TestCore
  host: BrowserHost
  /** A fresh browser profile at this store, with its owner signed in, on the Customers screen. */
  openOwnerPage(): Promise<Page>
  /** The same, signed in as another user (one that sync brought, say). */
  openPageAs(username: string, password: string): Promise<Page>
  close(): Promise<void>
}

export async function startStoreHost(browser: Browser, name: string, hub: HubOptions = {}): Promise<StoreHost> {
  // Test cores reach no hub unless allowed: these stores may reach the test's own PostgreSQL on this machine.
  const core = await startTestCore({ hub: { allowHost: isLoopback, ...hub } })
  await core.ok('auth:setup', { store: { ...STORE, name }, owner: OWNER })
  const host = await startBrowserHost({ dispatch: core.dispatch, rendererDir: RENDERER_DIR })
  const contexts: Awaited<ReturnType<Browser['newContext']>>[] = []
  return {
    name,
    core,
    host,
    openOwnerPage() {
      return openPageAs(OWNER.username, OWNER.password)
    },
    openPageAs,
    async close() {
      for (const context of contexts) await context.close().catch(() => {})
      await host.close()
      await core.cleanup()
    },
  }

  async function openPageAs(username: string, password: string): Promise<Page> {
    const context = await newAppContext(browser)
    contexts.push(context)
    const page = await context.newPage()
    page.on('pageerror', (error) => console.error(`page error at ${name}:`, error))
    await page.goto(host.issueUrl(), { timeout: 30_000 })
    await signIn(page, username, password)
    // A loaded machine (several test runs beside this one) may take a while to sign in the first time.
    await page.getByRole('heading', { name: 'Customers' }).waitFor({ timeout: 20_000 })
    return page
  }
}
