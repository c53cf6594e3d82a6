import { existsSync, readdirSync, readFileSync } from 'node:fs'
import { join } from 'node:path'
import type { Locator, Page } from 'playwright-core'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { startBrowserApp, type BrowserApp } from '../support/browser'
import { expectAccessible, openDialog } from '../support/axe'
import { OWNER, tempDir } from '../support/core'
import { addCustomer, startOwnerApp } from '../support/customers'
import { scriptedDialogs } from '../support/platform'
import { expectText, signIn } from '../support/ui'

/**
 * Waits for what follows an encrypted copy's key derivation: scrypt at 128 MiB, slow on purpose.
 * On two cores shared by a dozen processes (load 20-24) it took more than the page's 8 s default.
 */
function afterScrypt(scope: Page | Locator, text: string): Promise<void> {
  return scope.getByText(text).first().waitFor({ state: 'visible', timeout: 30_000 })
}

/** The file dialogs are the core's port: the test says what the user picks in the next one. */
const usb = tempDir('backroom-usb-')
const encryptedCopy = join(usb, 'corner-shop.backroom')
const PASSPHRASE = 'blue horse staple'

async function goToBackups(page: Page) {
  await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Backups' }).click()
  await page.getByRole('heading', { name: 'Backups' }).waitFor()
}

const backupRows = (page: Page) => page.getByRole('table', { name: 'Backups' }).getByRole('row').filter({ hasNot: page.getByRole('columnheader') })

async function signInAgain(page: Page) {
  // After a restore (of an encrypted copy: scrypt again, then a safety backup and the swap).
  await page.getByRole('heading', { name: 'Sign in to Backroom' }).waitFor({ timeout: 30_000 })
  await signIn(page, OWNER.username, OWNER.password)
  await page.getByRole('heading', { name: 'Customers' }).waitFor()
}

describe('Settings → Backups', () => {
  let app: BrowserApp
  let page: Page
  const files = scriptedDialogs()

  beforeAll(async () => {
    ;({ app, page } = await startOwnerApp({ dialogs: files.dialogs, automaticBackups: false }))
    await addCustomer(app, { firstName: 'Ada', lastName: 'Byron' })
    await addCustomer(app, { firstName: 'Bea', lastName: 'Byron' })
  })
  afterAll(async () => app?.close())

  it('backs up now: a verified backup appears in the list with its store and counts', async () => {
    await goToBackups(page)
    await expectText(page, 'No backups yet.')
    await expectAccessible(page, 'Backups screen')
    await page.getByRole('button', { name: 'Back up now' }).click()
    await expectText(page, 'Backed up and verified: 2 customers')
    await expect.poll(() => backupRows(page).count()).toBe(1)
    const cells = await backupRows(page).first().getByRole('cell').allTextContents()
    expect(cells.slice(1, 5)).toEqual(['Backed up by hand', 'Corner Shop', '2', '0'])
    expect(cells[6]).toBe('Verified')
  })

  it('saves an encrypted copy to the file chosen in the dialog, refusing a short passphrase', async () => {
    await page.getByRole('button', { name: 'Save a copy to a file…' }).click()
    const dialog = page.getByRole('dialog', { name: 'Save a copy to a file' })
    await expectAccessible(page, 'Save a copy dialog', openDialog(page))
    await dialog.getByLabel('Passphrase (optional)').fill('short')
    await dialog.getByLabel('Repeat the passphrase').fill('short')
    await dialog.getByRole('button', { name: 'Choose where to save' }).click()
    await expectText(dialog, 'Use at least 8 characters, or leave it empty')
    // The field's check can show the message while the refused submit still runs (visits.test.ts).
    await expect.poll(() => dialog.getByRole('button', { name: 'Choose where to save' }).isEnabled()).toBe(true)
    await dialog.getByLabel('Passphrase (optional)').fill(PASSPHRASE)
    await dialog.getByLabel('Repeat the passphrase').fill(PASSPHRASE)
    files.willPick(encryptedCopy)
    await dialog.getByRole('button', { name: 'Choose where to save' }).click()
    await afterScrypt(page, `Backup saved to ${encryptedCopy}`)
    expect(readFileSync(encryptedCopy).subarray(0, 25).toString()).toBe('BACKROOM-ENCRYPTED-BACKUP')
    expect(readFileSync(encryptedCopy).includes(Buffer.from('Byron'))).toBe(false)
    await expect.poll(() => backupRows(page).count()).toBe(2)
  })

  it('refuses a copy chosen inside the data folder, says why in the dialog, and writes nothing', async () => {
    const database = join(app.core.dir, 'backroom.sqlite')
    const folderBefore = readdirSync(app.core.dir).sort()
    await page.getByRole('button', { name: 'Save a copy to a file…' }).click()
    const dialog = page.getByRole('dialog', { name: 'Save a copy to a file' })
    // The database itself: renamed over the open file, it was found malformed at the next start.
    files.willPick(database)
    await dialog.getByRole('button', { name: 'Choose where to save' }).click()
    await expectText(dialog.getByRole('alert'), "A copy cannot be saved in Backroom's own data folder")
    // Said about the place, not under the passphrase (which was fine).
    expect(await dialog.getByLabel('Passphrase (optional)').getAttribute('aria-invalid')).not.toBe('true')
    await expectAccessible(page, 'Save a copy dialog refusing the data folder', openDialog(page))
    expect(readdirSync(app.core.dir).sort()).toEqual(folderBefore)
    expect(await backupRows(page).count()).toBe(2)
    // A USB stick taken out after the file dialog: the folder is gone, and the backup here is made.
    files.willPick(join(usb, 'taken out', 'copy.sqlite'))
    await dialog.getByRole('button', { name: 'Choose where to save' }).click()
    await expectText(dialog.getByRole('alert'), `The folder ${join(usb, 'taken out')} cannot be found (was the USB stick taken out?)`)
    await expectText(dialog.getByRole('alert'), 'The backup on this PC was made.')
    expect(await dialog.getByLabel('Passphrase (optional)').getAttribute('aria-invalid')).not.toBe('true')
    await expect.poll(() => backupRows(page).count()).toBe(3)
    // Another place, as the message says, is saved.
    files.willPick(join(usb, 'plain-copy.sqlite'))
    await dialog.getByRole('button', { name: 'Choose where to save' }).click()
    await expectText(page, `Backup saved to ${join(usb, 'plain-copy.sqlite')}`)
    // Still three: a day keeps its three newest (backups/retention.ts).
    await expect.poll(() => backupRows(page).count()).toBe(3)
  })

  it('restores a backup of the list after showing what it holds and what it replaces', async () => {
    await addCustomer(app, { firstName: 'Cy', lastName: 'Later' })
    await page.reload()
    await page.getByRole('heading', { name: 'Backups' }).waitFor()
    await backupRows(page).last().getByRole('button', { name: /^Restore the backup of/ }).click()
    const dialog = page.getByRole('dialog', { name: 'Restore a backup' })
    const holds = dialog.getByLabel('The backup holds')
    await expectText(holds, 'Corner Shop')
    expect(await holds.textContent()).toContain('Customers2')
    expect(await dialog.getByLabel('Now on this PC').textContent()).toContain('Customers3')
    // This store's own backup: no warning of another store, nothing more to confirm (backups-other-store.test.ts).
    expect(await dialog.getByText(/^This backup is of/).count()).toBe(0)
    await expectAccessible(page, 'Restore dialog with its preview', openDialog(page))
    await dialog.getByRole('button', { name: 'Restore' }).click()
    await expectText(dialog, 'Tick this to confirm that the data now on this PC is replaced')
    // Read with the checkbox (on its input: set on the component it landed on its outer box).
    expect(await dialog.getByLabel('Replace the data on this PC with this backup').getAttribute('aria-describedby')).toBe('restore-understood-error')
    await dialog.getByLabel('Replace the data on this PC with this backup').check()
    await dialog.getByRole('button', { name: 'Restore' }).click()
    await expectText(page, 'Restored Corner Shop: 2 customers. Sign in again.')
    await signInAgain(page)
    await expectText(page, 'Ada')
    expect(await page.getByText('Cy', { exact: true }).count()).toBe(0)
    // The data replaced was backed up first.
    await goToBackups(page)
    await expectText(page, 'Before a restore')
  })

  it('restores the encrypted copy from a file, asking for its passphrase', async () => {
    files.willPick(encryptedCopy)
    await page.getByRole('button', { name: 'Restore from a file…' }).click()
    const dialog = page.getByRole('dialog', { name: 'Restore a backup' })
    await expectText(dialog, 'corner-shop.backroom')
    await expectAccessible(page, 'Restore dialog asking for the passphrase', openDialog(page))
    await dialog.getByLabel('Passphrase').fill('not the passphrase')
    await dialog.getByRole('button', { name: 'Open backup' }).click()
    await afterScrypt(dialog, 'That passphrase does not open this backup')
    await dialog.getByLabel('Passphrase').fill(PASSPHRASE)
    await dialog.getByRole('button', { name: 'Open backup' }).click()
    await afterScrypt(dialog.getByLabel('The backup holds'), 'encrypted')
    await dialog.getByLabel('Replace the data on this PC with this backup').check()
    await dialog.getByRole('button', { name: 'Restore' }).click()
    await signInAgain(page)
    await expectText(page, 'Bea')
  })
})

describe('restoring on a new PC', () => {
  let app: BrowserApp
  const files = scriptedDialogs()

  beforeAll(async () => {
    app = await startBrowserApp({ dialogs: files.dialogs, automaticBackups: false })
  })
  afterAll(async () => app?.close())

  it('brings the store back from the setup screen, then the owner signs in as before', async () => {
    expect(existsSync(encryptedCopy)).toBe(true)
    const page = await app.openPage()
    await page.getByRole('heading', { name: 'Welcome to Backroom' }).waitFor()
    files.willPick(encryptedCopy)
    await page.getByRole('button', { name: 'Restore from a backup…' }).click()
    const dialog = page.getByRole('dialog', { name: 'Restore a backup' })
    await dialog.getByLabel('Passphrase').fill(PASSPHRASE)
    await dialog.getByRole('button', { name: 'Open backup' }).click()
    await afterScrypt(dialog, 'Nothing yet: this PC has no store set up.')
    await expectAccessible(page, 'Restore dialog on a new PC', openDialog(page))
    await dialog.getByLabel('Replace the data on this PC with this backup').check()
    await dialog.getByRole('button', { name: 'Restore' }).click()
    await afterScrypt(page, 'Restored Corner Shop. Sign in with your usual account.')
    await signInAgain(page)
    await expectText(page, 'Ada')
  })
})
