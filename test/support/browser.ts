import { join, resolve } from 'node:path'
import { chromium, type Browser, type BrowserContext, type Page } from 'playwright-core'
import { startBrowserHost, type BrowserHost } from '../host/browserHost'
import type { HostFileExchange } from '../host/file-exchange'
import { startTestCore, type TestCore } from './core'
import { withAxe } from './axe'
import type { CoreOptions } from '../../electron/core'

/** Debian's Chromium: Playwright never downloads a browser on these machines. */
const CHROMIUM_ARGS = [
  '--no-sandbox',
  '--disable-gpu',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
  '--no-first-run',
]

export const RENDERER_DIR = resolve(__dirname, '../../out/renderer')
export const SCREENSHOT_DIR = resolve(__dirname, '../../test-results')

export interface BrowserApp {
  core: TestCore
  host: BrowserHost
  browser: Browser
  /**
   * A fresh browser profile (its own cookies, so its own signed-in session) at the app.
   * `timezoneId` is the clock zone of the PC it plays (this machine's when not given).
   */
  openPage(options?: PageOptions): Promise<Page>
  contexts: BrowserContext[]
  close(): Promise<void>
}

export interface PageOptions {
  timezoneId?: string
}

/** A real core on a real SQLite file, the built renderer behind the browser host, and Chromium. */
export async function startBrowserApp(options: Partial<CoreOptions> & { files?: HostFileExchange } = {}): Promise<BrowserApp> {
  const { files, ...coreOptions } = options
  const core = await startTestCore(files ? { ...coreOptions, dialogs: files.dialogs } : coreOptions)
  const host = await startBrowserHost({ dispatch: core.dispatch, rendererDir: RENDERER_DIR, files })
  const browser = await launchChromium()
  const contexts: BrowserContext[] = []
  return {
    core,
    host,
    browser,
    contexts,
    async openPage(options = {}) {
      const context = await browser.newContext({ viewport: { width: 1366, height: 768 }, ...options })
      // A missing element should fail a test in seconds, not hang it for half a minute.
      context.setDefaultTimeout(8000)
      contexts.push(context)
      await withAxe(context)
      const page = await context.newPage()
      page.on('pageerror', (error) => console.error('page error:', error))
      await page.goto(host.issueUrl())
      return page
    },
    async close() {
      await browser.close()
      await host.close()
      await core.cleanup()
    },
  }
}

/** Debian's Chromium, headless, as every browser test runs it. */
export function launchChromium(): Promise<Browser> {
  return chromium.launch({ executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium', args: CHROMIUM_ARGS })
}

export function screenshotPath(name: string): string {
  return join(SCREENSHOT_DIR, `${name}.png`)
}
