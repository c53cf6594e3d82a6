import type { Page, Request } from 'playwright-core'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { BrowserApp } from '../support/browser'
import { expectAccessible } from '../support/axe'
import { manualClock, OWNER } from '../support/core'
import { startOwnerApp } from '../support/customers'
import { expectText, signIn } from '../support/ui'

/**
 * Main's own idle lock (security review F4): the screen locks after the store's idle time even
 * when the renderer's timer does not (its policy read failed, or its timers never fire). Main runs
 * on a clock the test moves; the page's clock is Chromium's own, or a fake one held still.
 */
const lockScreen = (page: Page) => page.getByRole('dialog', { name: /^Locked by / })
const MINUTE = 60_000
const failedPolicy = JSON.stringify({ ok: false, error: { code: 'INTERNAL', message: 'Something went wrong. Nothing was saved.' } })

/**
 * The page's commands not yet answered, and a wait until none is and none followed for a moment
 * (an answer may send the next command: the customer list asks for its count after its search).
 */
function commandsInFlight(page: Page) {
  const open = new Set<Request>()
  let changedAt = Date.now()
  const isCommand = (request: Request) => new URL(request.url()).pathname.startsWith('/__backroom/call/')
  const sent = (request: Request) => {
    if (!isCommand(request)) return
    open.add(request)
    changedAt = Date.now()
  }
  const ended = (request: Request) => {
    if (open.delete(request)) changedAt = Date.now()
  }
  page.on('request', sent)
  page.on('requestfinished', ended)
  page.on('requestfailed', ended)
  return {
    answered: () => expect.poll(() => open.size === 0 && Date.now() - changedAt >= 200, { interval: 50 }).toBe(true),
  }
}

/** Not locked after `justUnder` (mm:ss) without input, locked two seconds later. */
async function expectLockedAfter(page: Page, justUnder: string): Promise<void> {
  await page.clock.fastForward(justUnder)
  expect(await lockScreen(page).count()).toBe(0)
  await page.clock.fastForward('00:02')
  await expectText(lockScreen(page), `Locked by ${OWNER.displayName}`)
}

describe('main locks a window left unused, whatever the renderer’s timer does', () => {
  const clock = manualClock()
  let app: BrowserApp

  beforeAll(async () => {
    ;({ app } = await startOwnerApp({ now: clock.now, automaticBackups: false }))
  })
  afterAll(async () => app?.close())

  /** The store's policy, set as the owner through the core (its own session may be locked by now). */
  async function setPolicy(idleMinutes: number) {
    await app.core.ok('auth:login', { username: OWNER.username, password: OWNER.password })
    await app.core.ok('lock:setPolicy', { idleMinutes, pinUnlock: true })
  }

  /**
   * A signed-in page whose lock:policy reads fail (every read, or every read after the first).
   * With `fakeClock` the page runs on Playwright's clock, installed before the app loads.
   */
  async function openPage(options: { policyFails: 'always' | 'afterFirst' | 'never'; fakeClock?: boolean }) {
    const page = await app.openPage()
    const reads = { policy: 0 }
    const commands = commandsInFlight(page)
    await page.route((url) => url.pathname === '/__backroom/call/lock%3Apolicy', async (route) => {
      reads.policy += 1
      const fail = options.policyFails === 'always' || (options.policyFails === 'afterFirst' && reads.policy > 1)
      if (fail) await route.fulfill({ status: 200, contentType: 'application/json', body: failedPolicy })
      else await route.continue()
    })
    if (options.fakeClock) await page.clock.install()
    await page.reload()
    await signIn(page, OWNER.username, OWNER.password)
    await page.getByRole('heading', { name: 'Customers' }).waitFor()
    await expect.poll(() => reads.policy).toBeGreaterThan(0)
    return { page, reads, commands }
  }

  async function unlockWith(page: Page, secret: string) {
    await lockScreen(page).getByLabel('Password or PIN').fill(secret)
    await lockScreen(page).getByRole('button', { name: 'Unlock' }).click()
    await lockScreen(page).waitFor({ state: 'detached' })
  }

  it('the policy read fails: main still locks at the store’s time, the screen shows the lock, and the password resumes the form', async () => {
    await setPolicy(2)
    const { page } = await openPage({ policyFails: 'always' })
    await page.getByRole('button', { name: 'New customer' }).click()
    await page.getByRole('heading', { name: 'New customer' }).waitFor()
    await page.getByLabel('First name').fill('Ida')
    await page.getByLabel('Last name').fill('Idle')
    // Two minutes pass on main's clock with nothing typed; the page's own timer (which never
    // learnt the store's time) is minutes away from locking. The frame's next poll finds the lock.
    clock.advance(2 * MINUTE)
    // The frame polls every 5 s: up to that, and a busy machine's delay.
    await lockScreen(page).getByText(`Locked by ${OWNER.displayName}`).waitFor({ timeout: 20_000 })
    expect(await page.locator('[inert]').getByLabel('First name').inputValue()).toBe('Ida')
    await expectAccessible(page, 'Lock screen after main’s idle lock')
    expect(await page.evaluate(() => window.backroom.customers.search({}))).toMatchObject({
      ok: false,
      error: { code: 'UNAUTHENTICATED', message: 'The screen is locked: unlock it to go on' },
    })

    await unlockWith(page, OWNER.password)
    expect(await page.getByLabel('Last name').inputValue()).toBe('Idle')
    await page.getByRole('button', { name: 'Save' }).click()
    await expectText(page, 'Customer Created Successfully')
    expect(await app.core.services.db('customers').where({ first_name: 'Ida', last_name: 'Idle' }).count({ n: '*' })).toEqual([{ n: 1 }])
    await page.context().close()
  })

  it('the page’s timers never fire: the next click after the idle time shows the lock, and the PIN resumes', async () => {
    await setPolicy(1)
    const { page, commands } = await openPage({ policyFails: 'never', fakeClock: true })
    // Held still: neither the page's idle timer nor its polls run from here on.
    await page.clock.pauseAt(Date.now() + 1000)
    await page.getByRole('button', { name: 'New customer' }).click()
    await page.getByRole('heading', { name: 'New customer' }).waitFor()
    // The list's reads (its count follows its search) and the form's may still be on their way
    // (a loaded machine): one reaching main after its minute passed locked the window then, between
    // the check below and the click, which found the link inert. Main's minute starts once all are answered.
    await commands.answered()
    clock.advance(MINUTE)
    expect(await lockScreen(page).count()).toBe(0)
    // The next action: going back to the customer list, which asks main for it.
    await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Customers' }).click()
    await expectText(lockScreen(page), `Locked by ${OWNER.displayName}`)
    await page.clock.resume()
    await expectAccessible(page, 'Lock screen after a click on a window main had locked')

    await unlockWith(page, OWNER.pin)
    await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Customers' }).click()
    await page.getByRole('heading', { name: 'Customers' }).waitFor()
    expect(await page.evaluate(() => window.backroom.customers.search({}))).toMatchObject({ ok: true })
    await page.context().close()
  })

  it('a policy read that fails later keeps the idle time read before: the page’s own timer still locks', async () => {
    await setPolicy(3)
    const { page, reads } = await openPage({ policyFails: 'afterFirst', fakeClock: true })
    await page.keyboard.press('Control+l')
    await unlockWith(page, OWNER.pin)
    // Unlocking reads the policy again, and that read fails.
    await expect.poll(() => reads.policy).toBeGreaterThan(1)
    await page.mouse.move(20, 20)
    await expectLockedAfter(page, '02:59')
    await unlockWith(page, OWNER.password)
    await page.context().close()
  })

  it('a policy never read locks at the new store’s default (10 minutes), not never', async () => {
    await setPolicy(30)
    const { page } = await openPage({ policyFails: 'always', fakeClock: true })
    await page.mouse.move(20, 20)
    await expectLockedAfter(page, '09:59')
    await unlockWith(page, OWNER.pin)
    await page.context().close()
  })
})
