import { createHash } from 'node:crypto'
import { mkdirSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import { basename, join } from 'node:path'
import type { Page } from 'playwright-core'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { BACKUP_FOLDER } from '../../electron/core/backups/folder'
import { withSqliteFile } from '../../electron/core/backups/sqlite-file'
import type { BrowserApp } from '../support/browser'
import { expectAccessible } from '../support/axe'
import { tempDir } from '../support/core'
import { addCustomer, startOwnerApp } from '../support/customers'
import { recordingNotifier, scriptedDialogs } from '../support/platform'
import { expectText } from '../support/ui'

/**
 * Settings → Backups, "Also keep a copy of each automatic backup in another folder", as an owner
 * does it: Choose folder… (the folder dialog is the core's port: the test says what is picked),
 * Back up now, the stick pulled out, plugged back in. The temporary folder standing in for the
 * stick is on the data folder's disk: the section says a copy there will not survive that disk.
 */
const escape = (text: string) => text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')
const sha256 = (file: string) => createHash('sha256').update(readFileSync(file)).digest('hex')

describe('Settings → Backups: a copy in another folder', () => {
  let app: BrowserApp
  let page: Page
  const files = scriptedDialogs()
  const { notifier, notices } = recordingNotifier()
  const usb = tempDir('backroom-usb-')
  /** This PC's folder inside the one chosen, once chosen. */
  let copiesIn = ''
  const section = () => page.getByRole('region', { name: 'Also keep a copy of each automatic backup in another folder' })

  beforeAll(async () => {
    ;({ app, page } = await startOwnerApp({ dialogs: files.dialogs, notifier, automaticBackups: false }))
    await addCustomer(app, { firstName: 'Ada', lastName: 'Byron' })
    await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Backups' }).click()
    await page.getByRole('heading', { name: 'Backups' }).waitFor()
  })
  afterAll(async () => app?.close())

  it('refuses a file picked as the folder, saying why', async () => {
    await expectText(section(), 'Backups are only on this PC.')
    const aFile = join(usb, 'notes.txt')
    writeFileSync(aFile, 'the owner’s notes')
    files.willPick(aFile)
    const choose = section().getByRole('button', { name: 'Choose folder…' })
    await choose.click()
    await expectText(section(), `${aFile} is a file, not a folder: choose a folder`)
    await expectAccessible(page, 'Backups screen, folder refused')
    await expect.poll(() => choose.isEnabled()).toBe(true)
    rmSync(aFile)
  })

  it('copies the next backup there, into a folder of this PC’s, verified, and says where and when', async () => {
    files.willPick(usb)
    await section().getByRole('button', { name: 'Choose folder…' }).click()
    await expectText(page, `Each backup will also be copied to ${usb}`)
    await expectText(section(), 'The next backup will be the first copy')
    // A temporary folder is on the data folder's disk, as a second folder on C: would be: accepted, and said.
    const sameDisk = "This folder is on the same disk as the store's data: it will not survive that disk failing. A USB stick or a network folder is safer."
    await expect.poll(() => section().getByRole('status').filter({ hasText: sameDisk }).count()).toBe(1)
    await page.getByRole('button', { name: 'Back up now' }).click()
    await expectText(page, 'Backed up and verified: 1 customer')
    await expectText(section(), /Last copy: /)
    const [own] = readdirSync(usb)
    expect(own).toMatch(/^Backroom backups – Corner Shop – [0-9a-f]{8}$/)
    copiesIn = join(usb, own)
    await expectText(section(), `Copied to ${copiesIn} (this PC's own folder there, so PCs sharing the folder keep apart).`)
    const [name] = readdirSync(join(app.core.dir, BACKUP_FOLDER)).filter((n) => n.endsWith('.sqlite'))
    expect(readdirSync(copiesIn)).toEqual([name])
    expect(sha256(join(copiesIn, name))).toBe(sha256(join(app.core.dir, BACKUP_FOLDER, name)))
    const check = await withSqliteFile(join(copiesIn, name), { readOnly: true }, (copy) => copy.all('PRAGMA integrity_check'))
    expect(check).toEqual([{ integrity_check: 'ok' }])
    await expectAccessible(page, 'Backups screen with a copy folder')
  })

  it('keeps the backup when the folder is gone, and says the copy failed and the backups are only on this PC', async () => {
    rmSync(usb, { recursive: true })
    await page.getByRole('button', { name: 'Back up now' }).click()
    await expectText(page, 'Backed up and verified: 1 customer')
    await expectText(page, new RegExp(`The last copy to ${usb} failed on .+: the folder cannot be found`))
    await expectText(page, /Backups are only on this PC since /)
    expect(notices).toEqual([{ title: 'Backroom could not copy the backup', body: expect.stringContaining(usb) }])
    await expectAccessible(page, 'Backups screen, copy failed')
  })

  it('says the copies there still hold a customer erased while the folder is gone', async () => {
    // Erased at another store: the erase arrives with nobody at this screen.
    const zed = await addCustomer(app, { firstName: 'Zedekiah', lastName: 'Quarrington' })
    await app.core.ok('customers:erase', { id: zed.id })
    await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Customers' }).click()
    await page.getByRole('heading', { name: 'Customers' }).waitFor()
    await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Backups' }).click()
    await expectText(
      page,
      new RegExp(`The copies in ${escape(copiesIn)} still hold customers erased since .+: that folder could not be reached to clean them\\. Backroom cleans them at the next copy there, once it can be reached\\.`),
    )
    expect(notices.at(-1)).toEqual({ title: 'Copies of the backups still hold an erased customer', body: expect.stringContaining(usb) })
    await expectAccessible(page, 'Backups screen, copies still to clean')
  })

  it('refuses a folder made anew at that path until it is chosen again, then copies there, cleaning the copies first, and the messages go; Stop copying ends it', async () => {
    // Another stick on the same drive letter, or a folder made anew: not the one chosen.
    mkdirSync(usb)
    await page.getByRole('button', { name: 'Back up now' }).click()
    await expectText(page, 'Backed up and verified: 1 customer')
    await expectText(
      page,
      new RegExp(`The last copy to ${escape(usb)} failed on .+: ${escape(usb)} is not the folder chosen for copies: this PC's Backroom folder is not in it\\. Plug in the drive chosen, or choose the folder again\\.`),
    )
    expect(readdirSync(usb)).toEqual([])
    await expectAccessible(page, 'Backups screen, not the folder chosen')

    files.willPick(usb)
    await section().getByRole('button', { name: 'Choose another folder…' }).click()
    await expect.poll(() => readdirSync(usb)).toEqual([basename(copiesIn)])
    await page.getByRole('button', { name: 'Back up now' }).click()
    await expectText(page, 'Backed up and verified: 1 customer')
    await expect.poll(() => page.getByText(/The last copy to/).count()).toBe(0)
    await expect.poll(() => page.getByText(/still hold customers erased/).count()).toBe(0)
    await expect.poll(() => readdirSync(copiesIn).length).toBe(1)

    await section().getByRole('button', { name: 'Stop copying' }).click()
    await expectText(section(), 'Backups are only on this PC.')
    await expect.poll(() => page.getByText(/The last copy to/).count()).toBe(0)
  })
})
