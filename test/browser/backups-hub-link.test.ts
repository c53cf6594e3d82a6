import { join } from 'node:path'
import { afterAll, describe, it } from 'vitest'
import { BACKUP_FOLDER } from '../../electron/core/backups/folder'
import { HostFileExchange } from '../host/file-exchange'
import { expectAccessible, openDialog } from '../support/axe'
import { startBrowserApp, type BrowserApp } from '../support/browser'
import { OWNER, STORE, tempDir } from '../support/core'
import { addCustomer } from '../support/customers'
import { expectText, signIn } from '../support/ui'

const REJOIN =
  'This copy was linked to the hub at hub.invalid as Corner Shop. After the restore, join the hub again (Settings → Sync) before ringing sales.'

/**
 * A restore on a PC that is not that store on that hub does not bring the hub link back
 * (carry-link.ts): the preview says which hub the copy was linked to and that the store must
 * join it again, and so does the message after the restore.
 */
describe('restoring a hub store’s backup on a new PC', () => {
  const apps: BrowserApp[] = []
  afterAll(async () => {
    for (const app of apps) await app.close()
  })

  it('says which hub the copy was linked to and asks to join it again, before and after the restore', async () => {
    const old = await startBrowserApp({ automaticBackups: false })
    apps.push(old)
    await old.core.ok('auth:setup', { store: STORE, owner: OWNER })
    await addCustomer(old, { firstName: 'Hana', lastName: 'Hubbard' })
    // Linked as a join leaves it (a .invalid host: the sync worker's tries fail at once).
    await old.core.services.db('hub_link').insert({
      id: 1, host: 'hub.invalid', port: 5432, database: 'hub', user: 'store_corner', tls: 'off', password_sealed: 'sealed', joined_as: 'new', joined_at: new Date().toISOString(),
    })
    const { backup } = await old.core.ok('backups:create', { destination: 'folder', passphrase: '' })

    const app = await startBrowserApp({ files: new HostFileExchange(tempDir('backroom-exchange-')), automaticBackups: false })
    apps.push(app)
    const page = await app.openPage()
    await page.getByRole('heading', { name: 'Welcome to Backroom' }).waitFor()
    const chooser = page.waitForEvent('filechooser')
    await page.getByRole('button', { name: 'Restore from a backup…' }).click()
    await (await chooser).setFiles(join(old.core.dir, BACKUP_FOLDER, backup!.name))
    const dialog = page.getByRole('dialog', { name: 'Restore a backup' })
    await expectText(dialog, REJOIN)
    await expectAccessible(page, 'the restore dialog naming the hub', openDialog(page))
    await dialog.getByLabel('Replace the data on this PC with this backup').check()
    await dialog.getByRole('button', { name: 'Restore' }).click()
    await page.getByRole('heading', { name: 'Sign in to Backroom' }).waitFor()
    await expectText(page, `Restored Corner Shop. Sign in with your usual account. ${REJOIN}`)
    await expectAccessible(page, 'the sign-in screen after the restore')
    await signIn(page, OWNER.username, OWNER.password)
    await expectText(page, 'Hana')
  })
})
