import type { Page } from 'playwright-core'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { expectAccessible } from '../support/axe'
import { startDeskApp, type DeskApp } from '../support/desk'
import { expectText } from '../support/ui'

/**
 * Users & permissions and Settings when main cannot answer their first read (the data folder
 * busy or unreadable): the screen says why with Try again, instead of an empty table or no form.
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
})
