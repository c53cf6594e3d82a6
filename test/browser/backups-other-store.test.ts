import { copyFileSync } from 'node:fs'
import { join } from 'node:path'
import type { Page } from 'playwright-core'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { BACKUP_FOLDER, manifestPathFor } from '../../electron/core/backups/folder'
import type { BrowserApp } from '../support/browser'
import { expectAccessible, openDialog } from '../support/axe'
import { OWNER, startSetUpCore, STORE, type TestCore } from '../support/core'
import { addCustomer, startOwnerApp } from '../support/customers'
import { addShopper } from '../support/shoppers'
import { expectText, signIn } from '../support/ui'

/**
 * A backup of another store in this PC's backups folder (a shared folder, a file copied from
 * another PC): restoring it makes this PC that store, so the dialog says so, naming both, and
 * Restore waits for the owner to tick that this PC becomes that store.
 */
describe("restoring another store's backup", () => {
  let app: BrowserApp
  let page: Page
  let harbour: TestCore

  beforeAll(async () => {
    ;({ app, page } = await startOwnerApp({ automaticBackups: false }))
    await addCustomer(app, { firstName: 'Ada', lastName: 'Byron' })
    // The other PC: its own store, its own data folder.
    harbour = await startSetUpCore({ store: { ...STORE, name: 'Harbour Street' }, automaticBackups: false })
    await addShopper(harbour, { firstName: 'Harriet', lastName: 'Quay' })
    const { backup } = await harbour.ok('backups:create', { destination: 'folder', passphrase: '' })
    const file = join(harbour.dir, BACKUP_FOLDER, backup!.name)
    const copy = join(app.core.dir, BACKUP_FOLDER, backup!.name)
    copyFileSync(file, copy)
    copyFileSync(manifestPathFor(file), manifestPathFor(copy))
  })
  afterAll(async () => {
    await app?.close()
    await harbour?.cleanup()
  })

  it('warns naming both stores, keeps Restore disabled until the owner ticks "Make this PC Harbour Street", then restores it', async () => {
    await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Backups' }).click()
    const row = page.getByRole('table', { name: 'Backups' }).getByRole('row').filter({ hasText: 'Harbour Street' })
    await row.getByRole('button', { name: /^Restore the backup of/ }).click()
    const dialog = page.getByRole('dialog', { name: 'Restore a backup' })
    await expectText(
      dialog,
      'This backup is of Harbour Street, not of Corner Shop. Restoring it makes this PC Harbour Street: Corner Shop’s customers and receipts on this PC are replaced (a safety backup is taken first).',
    )
    await expectText(dialog.getByLabel('The backup holds'), 'Harbour Street')
    await expectText(dialog.getByLabel('Now on this PC'), 'Corner Shop')
    const restore = dialog.getByRole('button', { name: 'Restore' })
    expect(await restore.isDisabled()).toBe(true)
    // This store's own confirmation is not asked as well: the one for the other store says it all.
    expect(await dialog.getByLabel('Replace the data on this PC with this backup').count()).toBe(0)
    await expectAccessible(page, "Restore dialog warning of another store's backup", openDialog(page))

    const confirm = dialog.getByLabel('Make this PC Harbour Street')
    // The warning is the checkbox's description: a screen reader says what ticking it means.
    const described = await confirm.getAttribute('aria-describedby')
    expect(await dialog.locator(`#${described}`).textContent()).toContain('This backup is of Harbour Street')
    await confirm.check()
    await expect.poll(() => restore.isEnabled()).toBe(true)
    // Unticked again, it is disabled again.
    await confirm.uncheck()
    await expect.poll(() => restore.isDisabled()).toBe(true)
    await confirm.check()
    await restore.click()
    await expectText(page, 'Restored Harbour Street: 1 customer. Sign in again.')

    await page.getByRole('heading', { name: 'Sign in to Backroom' }).waitFor({ timeout: 30_000 })
    await signIn(page, OWNER.username, OWNER.password)
    await page.getByRole('heading', { name: 'Customers' }).waitFor()
    await expectText(page, 'Harriet')
    expect(await page.getByText('Ada', { exact: true }).count()).toBe(0)
    expect(app.core.services.localStoreId()).toBe(harbour.services.localStoreId())
    // Corner Shop's data was backed up first.
    await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Backups' }).click()
    const safety = page.getByRole('table', { name: 'Backups' }).getByRole('row').filter({ hasText: 'Before a restore' })
    await expectText(safety, 'Corner Shop')
  })
})
