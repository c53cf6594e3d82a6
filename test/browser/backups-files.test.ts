import { copyFileSync, readFileSync } from 'node:fs'
import { join } from 'node:path'
import { afterAll, describe, expect, it } from 'vitest'
import { HostFileExchange } from '../host/file-exchange'
import { startBrowserApp, type BrowserApp } from '../support/browser'
import { OWNER, STORE, tempDir } from '../support/core'
import { addCustomer, openSignedIn } from '../support/customers'
import { expectText, signIn } from '../support/ui'

/**
 * In the browser host (no native dialogs) a copy saved to a file is downloaded by the browser,
 * and a file to restore is picked with the browser's own file chooser and uploaded.
 */
describe('backup files through the browser host', () => {
  const apps: BrowserApp[] = []
  const kept = join(tempDir('backroom-downloads-'), 'store.backroom')
  afterAll(async () => {
    for (const app of apps) await app.close()
  })

  it('downloads an encrypted copy', async () => {
    const app = await startBrowserApp({ files: new HostFileExchange(tempDir('backroom-exchange-')), automaticBackups: false })
    apps.push(app)
    await app.core.ok('auth:setup', { store: STORE, owner: OWNER })
    await addCustomer(app, { firstName: 'Dana', lastName: 'Download' })
    const page = await openSignedIn(app, OWNER.username, OWNER.password)
    await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Backups' }).click()
    await page.getByRole('button', { name: 'Save a copy to a file…' }).click()
    const dialog = page.getByRole('dialog', { name: 'Save a copy to a file' })
    await dialog.getByLabel('Passphrase (optional)').fill('download passphrase')
    await dialog.getByLabel('Repeat the passphrase').fill('download passphrase')
    const download = page.waitForEvent('download')
    await dialog.getByRole('button', { name: 'Choose where to save' }).click()
    const file = await download
    expect(file.suggestedFilename()).toMatch(/^Backroom Corner Shop \d{4}-\d{2}-\d{2}\.backroom$/)
    copyFileSync(await file.path(), kept)
    expect(readFileSync(kept).subarray(0, 25).toString()).toBe('BACKROOM-ENCRYPTED-BACKUP')
  })

  it('restores it on a new PC by uploading the file', async () => {
    const app = await startBrowserApp({ files: new HostFileExchange(tempDir('backroom-exchange-')), automaticBackups: false })
    apps.push(app)
    const page = await app.openPage()
    await page.getByRole('heading', { name: 'Welcome to Backroom' }).waitFor()
    const chooser = page.waitForEvent('filechooser')
    await page.getByRole('button', { name: 'Restore from a backup…' }).click()
    await (await chooser).setFiles(kept)
    const dialog = page.getByRole('dialog', { name: 'Restore a backup' })
    await expectText(dialog, 'store.backroom')
    await dialog.getByLabel('Passphrase').fill('download passphrase')
    await dialog.getByRole('button', { name: 'Open backup' }).click()
    await dialog.getByLabel('Replace the data on this PC with this backup').check()
    await dialog.getByRole('button', { name: 'Restore' }).click()
    await page.getByRole('heading', { name: 'Sign in to Backroom' }).waitFor()
    await signIn(page, OWNER.username, OWNER.password)
    await expectText(page, 'Dana')
  })
})
