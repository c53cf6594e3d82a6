import { writeFileSync } from 'node:fs'
import { join } from 'node:path'
import type { Page } from 'playwright-core'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { backupFileName, backupFolder } from '../../electron/core/backups/folder'
import { SqliteFile } from '../../electron/core/backups/sqlite-file'
import { retryBackupScrubs } from '../../electron/core/db/backup-scrub'
import type { BrowserApp } from '../support/browser'
import { expectAccessible } from '../support/axe'
import { addCustomer, rowAction, startOwnerApp } from '../support/customers'
import { expectText } from '../support/ui'

/**
 * Erasing a customer when a backup cannot be cleaned of them: the user is told which backups
 * were removed or kept and why, in the erase's answer and on Settings → Backups (found by the
 * audit: they were removed without a word).
 */
describe('erasing a customer whose backups cannot all be cleaned', () => {
  let app: BrowserApp
  let page: Page
  let reader: SqliteFile

  beforeAll(async () => {
    ;({ app, page } = await startOwnerApp({ automaticBackups: false }))
    await addCustomer(app, { firstName: 'Zed', lastName: 'Quarrington' })
    await page.reload()
  })
  afterAll(async () => {
    await reader?.close().catch(() => {})
    await app?.close()
  })

  it('says in a notice that stays which backup was removed and which was kept, and why', async () => {
    const { backup } = await app.core.ok('backups:create', { destination: 'folder', passphrase: '' })
    // Another program is reading that backup; beside it, a damaged file with the backups' name.
    reader = await SqliteFile.open(join(backupFolder(app.core.dir), backup!.name), { readOnly: true })
    await reader.exec('BEGIN')
    await reader.all('SELECT count(*) FROM customers')
    writeFileSync(join(backupFolder(app.core.dir), backupFileName(new Date(Date.now() - 86_400_000), 'daily')), 'Quarrington '.repeat(100))

    await rowAction(page, 'Zed Quarrington', 'Delete')
    const dialog = page.getByRole('dialog', { name: 'Delete customer' })
    await dialog.getByLabel("Also erase this customer's history").check()
    await dialog.getByRole('button', { name: 'Delete and erase history' }).click()

    await expectText(page, 'Customer and history erased')
    const notice = page.locator('.p-toast-message').filter({ hasText: '2 backups could not be cleaned of this customer' })
    await notice.waitFor()
    await expect(notice.textContent()).resolves.toMatch(/Backup of .*: It is damaged or not a Backroom backup.*removed/)
    await expect(notice.textContent()).resolves.toContain('Another program has it open, so it could not be cleaned. It is kept')
    await expectAccessible(page, 'the customers screen with the backups notice')
    // It stays until it is closed.
    await page.waitForTimeout(5_000)
    await notice.getByRole('button', { name: /close/i }).click()
    await notice.waitFor({ state: 'detached' })
  })

  it('lists them on Settings → Backups until the kept one is cleaned', async () => {
    await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Backups' }).click()
    const list = page.getByRole('list', { name: 'Backups not cleaned of an erased customer' })
    await list.waitFor()
    expect(await list.getByRole('listitem').allTextContents()).toEqual([
      expect.stringMatching(/^Backup of .*: It is damaged or not a Backroom backup/),
      expect.stringMatching(/^Backup of .*: Another program has it open/),
    ])
    await expectAccessible(page, 'Backups screen with the erase notice')

    await reader.exec('COMMIT')
    await reader.close()
    await retryBackupScrubs(app.core.services)
    await page.reload()
    await page.getByRole('heading', { name: 'Backups' }).waitFor()
    await expect.poll(() => list.getByRole('listitem').allTextContents()).toEqual([expect.stringMatching(/damaged or not a Backroom backup/)])
  })
})
