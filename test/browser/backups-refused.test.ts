import { copyFileSync, readdirSync, statSync, truncateSync } from 'node:fs'
import { join } from 'node:path'
import type { Page } from 'playwright-core'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { BrowserApp } from '../support/browser'
import { expectAccessible, openDialog } from '../support/axe'
import { tempDir } from '../support/core'
import { addCustomer, startOwnerApp } from '../support/customers'
import { scriptedDialogs } from '../support/platform'
import { expectText } from '../support/ui'

/**
 * A file offered for restore that is cut short is refused, and says so, before anything of it
 * is copied into the data folder (found by the audit: it was copied in first).
 */
describe('restoring a file that is cut short', () => {
  let app: BrowserApp
  let page: Page
  const files = scriptedDialogs()
  const usb = tempDir('backroom-usb-')

  beforeAll(async () => {
    ;({ app, page } = await startOwnerApp({ dialogs: files.dialogs, automaticBackups: false }))
    await addCustomer(app, { firstName: 'Ada', lastName: 'Byron' })
  })
  afterAll(async () => app?.close())

  it('tells the user it is incomplete, and nothing of it reaches the data folder', async () => {
    const whole = join(usb, 'store.sqlite')
    files.willPick(whole)
    await app.core.ok('backups:create', { destination: 'file', passphrase: '' })
    const cut = join(usb, 'store (copy stopped).sqlite')
    copyFileSync(whole, cut)
    truncateSync(cut, Math.floor(statSync(whole).size / 2))
    const dataFolderBefore = readdirSync(app.core.dir).sort()

    await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Backups' }).click()
    files.willPick(cut)
    await page.getByRole('button', { name: 'Restore from a file…' }).click()
    const dialog = page.getByRole('dialog', { name: 'Restore a backup' })
    await expectText(dialog, 'This backup is incomplete: the file was cut short (perhaps while it was copied), so it cannot be restored')
    // Checked, not checking still: the spinner stopped (it turned for ever before), and it may be checked again.
    await dialog.getByRole('status').waitFor({ state: 'detached' })
    await dialog.getByRole('button', { name: 'Check again' }).waitFor()
    await expectAccessible(page, 'Restore dialog refusing a file cut short', openDialog(page))
    expect(readdirSync(app.core.dir).sort()).toEqual(dataFolderBefore)
    await dialog.getByRole('button', { name: 'Cancel' }).click()
  })
})
