import type { Page } from 'playwright-core'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { expectAccessible } from '../support/axe'
import { OWNER } from '../support/core'
import { addLoyalCustomer, startDeskApp, type DeskApp } from '../support/desk'
import { expectText } from '../support/ui'

/**
 * Users & permissions and Settings when main cannot answer their first read (the data folder
 * busy or unreadable): the screen says why with Try again, instead of an empty table or no form.
 * A paged list whose later page does not come says so at its foot (ui/LoadMore.vue), the rows
 * so far kept.
 */
describe('a screen whose first read is refused', () => {
  let desk: DeskApp
  let page: Page
  const refusal = JSON.stringify({ ok: false, error: { code: 'READ_ONLY', message: 'The data folder cannot be read just now: try again' } })
  const failOnce = (command: string) =>
    page.route((url) => url.pathname === `/__backroom/call/${encodeURIComponent(command)}`, (route) => route.fulfill({ status: 200, contentType: 'application/json', body: refusal }), { times: 1 })
  const open = (link: string) => page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: link }).click()

  beforeAll(async () => {
    desk = await startDeskApp()
    page = desk.owner
  })
  afterAll(async () => desk?.app.close())

  it('Users & permissions says why the list did not come, and Try again shows it', async () => {
    await failOnce('users:list')
    await open('Users & permissions')
    await expectText(page.getByRole('alert'), 'The data folder cannot be read just now: try again')
    await expectAccessible(page, 'Users & permissions saying why its list did not come')
    await page.getByRole('button', { name: 'Try again' }).click()
    await expect.poll(() => page.getByRole('table', { name: 'Users' }).getByRole('row').count()).toBeGreaterThan(1)
    await expect.poll(() => page.getByRole('alert').filter({ hasText: 'cannot be read' }).count()).toBe(0)
  })

  it('Settings says why its form did not come, and Try again shows it', async () => {
    await failOnce('settings:get')
    await open('Settings')
    await expectText(page.getByRole('alert'), 'The data folder cannot be read just now: try again')
    expect(await page.getByLabel('Store name').count()).toBe(0)
    await expectAccessible(page, 'Settings saying why its form did not come')
    await page.getByRole('button', { name: 'Try again' }).click()
    await expect.poll(() => page.getByLabel('Store name').inputValue()).not.toBe('')
    await expect.poll(() => page.getByRole('alert').filter({ hasText: 'cannot be read' }).count()).toBe(0)
  })

  it('a screen whose code does not load says which did not open, and opens when tried again', async () => {
    // A file of the app that does not come (a damaged install, a drive that did not answer): the
    // click used to leave the user where they were, with nothing said. (The file is asked for
    // twice: Vite's preload, then the import itself.)
    const missing = /ConflictsView-[^/]*\.js$/
    await page.route(missing, (route) => route.abort())
    await open('Conflicts')
    await page.getByRole('alert').filter({ hasText: 'The Conflicts screen did not open' }).waitFor()
    expect(await page.getByRole('heading', { name: 'Conflicts', level: 1 }).count()).toBe(0)
    await expectAccessible(page, 'the message that a screen did not open')
    await page.unroute(missing)
    await open('Conflicts')
    await page.getByRole('heading', { name: 'Conflicts', level: 1 }).waitFor()
  })

  it('a later page of a customer’s loyalty history that does not come is said at the list’s foot, with Try again, the first page kept', async () => {
    // 51 changes of points: the history's pages hold 50.
    const ada = await addLoyalCustomer(desk.app, { firstName: 'Ada', lastName: 'Lovelace' })
    const approver = (await desk.app.core.ok('loyalty:approvers', {}))[0]!
    for (let n = 1; n <= 51; n += 1) {
      await desk.app.core.ok('loyalty:adjust', { customerId: ada.id, direction: 'add', points: n, reason: `Visit ${n}`, approverId: approver.id, approverPin: OWNER.pin })
    }
    await page.goto(`${desk.app.host.origin}/#/customers/${ada.id}`)
    await page.getByRole('heading', { level: 1, name: 'Ada Lovelace' }).waitFor()
    await page.getByRole('tab', { name: 'Loyalty history' }).click()
    const history = page.getByRole('table', { name: 'Loyalty history' })
    const reasons = () => history.getByRole('cell', { name: /^Visit \d+$/ }).allTextContents()
    await expect.poll(async () => (await reasons()).length).toBe(50)
    expect((await reasons())[0]).toBe('Visit 51')

    await failOnce('loyalty:history')
    await page.getByRole('button', { name: 'Load more' }).click()
    // At the list's foot, not only in the banner every refused read raises.
    const tab = page.getByRole('tabpanel')
    await expectText(tab.getByRole('alert'), 'The data folder cannot be read just now: try again')
    expect(await tab.getByRole('button', { name: 'Load more' }).count()).toBe(0)
    expect(await reasons()).toHaveLength(50)
    await expectAccessible(page, 'a customer’s loyalty history whose next page did not come')

    await tab.getByRole('button', { name: 'Try again' }).click()
    await expect.poll(async () => (await reasons()).length).toBe(51)
    const shown = await reasons()
    expect(shown[0]).toBe('Visit 51')
    expect(shown[50]).toBe('Visit 1')
    expect(new Set(shown).size).toBe(51)
    // Nothing more to load, and nothing said wrong any more.
    expect(await tab.getByRole('button', { name: /^(Load more|Try again)$/ }).count()).toBe(0)
    await expect.poll(() => tab.getByRole('alert').count()).toBe(0)
  })
})
