import type { Page } from 'playwright-core'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { BrowserApp } from '../support/browser'
import { expectAccessible } from '../support/axe'
import { startOwnerApp } from '../support/customers'
import { expectText } from '../support/ui'

/** A full disk, simulated as in the core tests: the database may not grow past its size. */
async function fillTheDisk(app: BrowserApp) {
  await app.core.services.db.raw('VACUUM')
  const pages = Object.values((await app.core.services.db.raw('PRAGMA page_count'))[0])[0]
  await app.core.services.db.raw(`PRAGMA max_page_count = ${pages}`)
}

describe('a full disk', () => {
  let app: BrowserApp
  let page: Page

  beforeAll(async () => {
    ;({ app, page } = await startOwnerApp({ automaticBackups: false }))
  })
  afterAll(async () => app?.close())

  it('shows a banner until space is back, keeps what was typed, and saves it afterwards', async () => {
    await page.getByRole('button', { name: 'New customer' }).click()
    await page.getByLabel('First name').fill('Fiona')
    await page.getByLabel('Last name').fill('Fullerton')
    await page.getByLabel('Notes').fill('Prefers the morning '.repeat(150))
    await fillTheDisk(app)
    await page.getByRole('button', { name: 'Save', exact: true }).click()

    const banner = page.getByRole('alert').filter({ hasText: 'The disk is full: nothing was saved.' }).filter({ hasText: 'What you typed stays where it is' })
    await banner.waitFor()
    await expectAccessible(page, 'Customer form with the disk-full banner')
    expect(await page.getByLabel('First name').inputValue()).toBe('Fiona')
    expect(await app.core.services.db('customers').count({ n: '*' })).toEqual([{ n: 0 }])
    // The draft on this PC holds it too, should the app be closed meanwhile (written a moment
    // after the last keystroke: without the banner's fade the check can come first).
    await expect.poll(() => page.evaluate(() => Object.values(localStorage).join('\n'))).toContain('Fullerton')

    await app.core.services.db.raw('PRAGMA max_page_count = 1073741823')
    await expectText(page, 'Saving works again.')
    await banner.waitFor({ state: 'detached' })
    await page.getByRole('button', { name: 'Save', exact: true }).click()
    await expectText(page, 'Fiona Fullerton')
    expect(await app.core.services.db('customers').count({ n: '*' })).toEqual([{ n: 1 }])
  })
})
