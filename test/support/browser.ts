import { existsSync, statfsSync } from 'node:fs'
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
  /** The PC's animation setting, when this page's differs from the app's (startBrowserApp's motion). */
  motion?: Motion
}

/**
 * How the PC the tests play is set: 'reduced' (Windows' animation effects off) unless a file asks
 * for 'full' or BROWSER_MOTION=full runs them all with animations. The app honours the setting
 * (ui/styles.css), so a reduced page is the same app without its fades: a test then waits for
 * no dialog or list to finish moving, and the browser files take about a third less time. Files
 * about what happens while something moves (a dialog focusing its field when its opening ends)
 * ask for 'full'.
 */
export type Motion = 'reduced' | 'full'
const DEFAULT_MOTION: Motion = process.env.BROWSER_MOTION === 'full' ? 'full' : 'reduced'

/** A browser profile at a back-office screen's size, with axe-core in every page and short waits. */
export async function newAppContext(browser: Browser, options: PageOptions = {}): Promise<BrowserContext> {
  const { motion = DEFAULT_MOTION, ...contextOptions } = options
  const context = await browser.newContext({
    viewport: { width: 1366, height: 768 },
    reducedMotion: motion === 'full' ? 'no-preference' : 'reduce',
    ...contextOptions,
  })
  // A missing element should fail a test in seconds, not hang it for half a minute.
  context.setDefaultTimeout(8000)
  await withAxe(context)
  return context
}

/**
 * A real core on a real SQLite file, the built renderer behind the browser host, and Chromium
 * (the process's one, shared: see sharedChromium). Each page the app opens is a browser profile
 * of its own, closed with the app.
 */
export async function startBrowserApp(options: Partial<CoreOptions> & { files?: HostFileExchange; motion?: Motion } = {}): Promise<BrowserApp> {
  const { files, motion, ...coreOptions } = options
  const [core, browser] = await Promise.all([startTestCore(files ? { ...coreOptions, dialogs: files.dialogs } : coreOptions), sharedChromium()])
  const host = await startBrowserHost({ dispatch: core.dispatch, rendererDir: RENDERER_DIR, files })
  const contexts: BrowserContext[] = []
  return {
    core,
    host,
    browser,
    contexts,
    async openPage(options = {}) {
      const context = await newAppContext(browser, { motion, ...options })
      contexts.push(context)
      const page = await context.newPage()
      page.on('pageerror', (error) => console.error('page error:', error))
      await page.goto(host.issueUrl())
      return page
    },
    async close() {
      // The profiles, not the browser: the next file's app opens its own in the same Chromium.
      for (const context of contexts) await context.close().catch(() => {})
      await host.close()
      await core.cleanup()
    },
  }
}

/**
 * Debian's chromium-headless-shell: the same Blink and V8 as its Chromium, built for headless
 * runs (what Playwright itself launches for headless Chromium), without the desktop browser's
 * layer (its UI, profile services and windowing). The same four browser files took 16–24 % less
 * of the machine's CPU than under /usr/bin/chromium, by turns (7 December: 88–97 against
 * 115–116 CPU-seconds), and the suite is CPU-bound on these 2 cores. Where it is not installed,
 * Debian's Chromium; CHROMIUM_PATH names another.
 */
const CHROMIUM_PATH = process.env.CHROMIUM_PATH ?? ['/usr/bin/chromium-headless-shell', '/usr/bin/chromium'].find((path) => existsSync(path)) ?? '/usr/bin/chromium'

/**
 * Playwright starts Chromium with --disable-dev-shm-usage, for containers whose /dev/shm is 64 MB:
 * Chromium then shares its frames and messages between processes through files in /tmp, on this
 * machine's disk. Where /dev/shm is a memory filesystem with room (here 24 GB), the flag goes:
 * the same four browser files took 86-91 CPU-seconds of the machine against 92-96 with the flag,
 * by turns (7 December: three of four pairs; the fourth went the other way, 111 against 96, a
 * noisy machine), about 4-5 % less.
 */
function sharedMemoryRoomy(): boolean {
  try {
    const { bavail, bsize } = statfsSync('/dev/shm')
    return bavail * bsize >= 1024 ** 3
  } catch {
    return false
  }
}

/** Chromium, headless, as every browser test runs it. */
export function launchChromium(): Promise<Browser> {
  return chromium.launch({ executablePath: CHROMIUM_PATH, args: CHROMIUM_ARGS, ignoreDefaultArgs: sharedMemoryRoomy() ? ['--disable-dev-shm-usage'] : [] })
}

let shared: Promise<Browser> | undefined

/**
 * One Chromium for every browser test file a vitest process runs (the files share its modules:
 * isolate: false), launched by the first that asks. Starting and stopping one per file cost
 * about a second of the file's time, and its first page load more. The files share no state
 * through it: every page is a browser context of its own (its own cookies, storage and cache),
 * closed when its app closes. Playwright stops it when the process ends; one that crashed or
 * was closed is launched again.
 */
export async function sharedChromium(): Promise<Browser> {
  const browser = await shared
  if (browser?.isConnected()) return browser
  shared = launchChromium()
  shared.catch(() => (shared = undefined))
  return shared
}

export function screenshotPath(name: string): string {
  return join(SCREENSHOT_DIR, `${name}.png`)
}
