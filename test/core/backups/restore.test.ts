import { readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import { BACKUP_FOLDER } from '../../../electron/core/backups/folder'
import { OWNER, signIn, startSetUpCore, startTestCore, tempDir, type TestCore } from '../../support/core'
import { scriptedDialogs } from '../../support/platform'
import { trackedCoresEachTest } from '../../support/tracked-cores'
import { simpleSale } from '../../support/sales'
import { addShopper } from '../../support/shoppers'

const track = trackedCoresEachTest()

const nodeId = async (core: TestCore) => (await core.services.db('meta').where({ key: 'node_id' }).first()).value as string
const names = async (core: TestCore) => (await core.services.db('customers').orderBy('first_name').select('first_name')).map((r) => r.first_name)

describe('restore from the backups folder', () => {
  it('shows what the backup holds, takes a safety backup, brings the data back and gives the database a new node id', async () => {
    const core = await track(startSetUpCore({ automaticBackups: false }))
    const ada = await addShopper(core, { firstName: 'Ada' })
    await core.ok('sales:create', simpleSale(ada.id, 1200))
    const { backup } = await core.ok('backups:create', { destination: 'folder', passphrase: '' })
    await addShopper(core, { firstName: 'Bea' })
    await addShopper(core, { firstName: 'Cy' })
    const nodeBefore = await nodeId(core)

    const source = { source: 'backups-folder', name: backup!.name, passphrase: '' } as const
    const preview = await core.ok('backups:inspect', source)
    expect(preview).toEqual({
      backup: { takenAt: backup!.takenAt, storeName: 'Corner Shop', customers: 1, receipts: 1, bytes: backup!.bytes, encrypted: false, hubLink: null },
      current: { storeName: 'Corner Shop', customers: 3, receipts: 1 },
      belongsTo: { kind: 'this-store' },
    })

    const restored = await core.ok('backups:restore', source)
    expect(restored.restored).toEqual(preview.backup)
    expect(restored.safetyBackup).toMatchObject({ reason: 'before-restore', verified: true, customers: 3 })
    expect(await names(core)).toEqual(['Ada'])
    expect(await nodeId(core)).not.toBe(nodeBefore)
    expect(core.services.hlc.tick()).toContain(await nodeId(core))
    // The manifest table of the copy is not part of the store's database.
    expect(await core.services.db.schema.hasTable('backup_manifest')).toBe(false)
    expect(await core.services.db.raw('PRAGMA integrity_check')).toEqual([{ integrity_check: 'ok' }])
    expect(await core.services.db.raw('PRAGMA foreign_key_check')).toEqual([])
    // Everyone signs in again: the users are now the backup's.
    expect(await core.call('customers:search', {})).toMatchObject({ ok: false, error: { code: 'UNAUTHENTICATED' } })
    await signIn(core, 'test-session', OWNER.username, OWNER.password)
    expect((await core.ok('customers:search', {})).rows).toHaveLength(1)
    // The prepared copy is gone from the data folder.
    expect(readdirSync(core.dir).filter((n) => n.startsWith('.restore-'))).toEqual([])

    // The safety backup undoes the restore.
    await core.ok('backups:restore', { source: 'backups-folder', name: restored.safetyBackup!.name, passphrase: '' })
    await signIn(core, 'test-session', OWNER.username, OWNER.password)
    expect(await names(core)).toEqual(['Ada', 'Bea', 'Cy'])
  })

  it('keeps erasures: a customer erased since a copy was saved to a USB stick stays erased when it is restored', async () => {
    const usb = scriptedDialogs()
    const core = await track(startSetUpCore({ automaticBackups: false, dialogs: usb.dialogs }))
    const erin = await addShopper(core, { firstName: 'Erin', lastName: 'Erased' })
    await addShopper(core, { firstName: 'Kept' })
    await core.ok('customers:setFlag', { id: erin.id, flagged: true, reason: 'Erin shouted at staff' })
    const file = join(tempDir('backroom-usb-'), 'before-erase.sqlite')
    usb.willPick(file)
    await core.ok('backups:create', { destination: 'file', passphrase: '' })
    // The copy on the stick is out of the erase's reach: it still holds Erin.
    await core.ok('customers:erase', { id: erin.id })
    expect(readFileSync(file).includes(Buffer.from('Erased'))).toBe(true)

    usb.willPick(file)
    const picked = await core.ok('backups:pickFile', {})
    await core.ok('backups:restore', { source: 'picked-file', name: picked.file!.id, passphrase: '' })
    const row = await core.services.db('customers').where({ id: erin.id }).first()
    expect(row).toMatchObject({ first_name: '', last_name: null, active: 0 })
    expect(row.erased_at).not.toBeNull()
    expect(await core.services.db('flag_events').where({ customer_id: erin.id })).toEqual([])
    const log = JSON.stringify(await core.services.db('change_log'))
    expect(log).not.toContain('Erased')
    expect(log).not.toContain('shouted')
    expect(await names(core)).toEqual(['', 'Kept'])
    // No byte of her is left in the data folder: not in the database, its WAL, a prepared copy or a backup.
    for (const name of readdirSync(core.dir, { recursive: true, encoding: 'utf8' })) {
      const path = join(core.dir, name)
      if (statSync(path).isDirectory()) continue
      expect(readFileSync(path).includes(Buffer.from('Erased')), name).toBe(false)
    }
  })

  it('refuses a backup name that is not in the folder', async () => {
    const core = await track(startSetUpCore({ automaticBackups: false }))
    const result = await core.call('backups:inspect', { source: 'backups-folder', name: '../backroom.sqlite', passphrase: '' })
    expect(result).toMatchObject({ ok: false, error: { code: 'NOT_FOUND' } })
  })
})

describe('a backup saved to a file, restored on a new PC', () => {
  it('round-trips encrypted: the file holds no readable data, needs the passphrase, and restores before setup', async () => {
    const old = scriptedDialogs()
    const core = await track(startSetUpCore({ dialogs: old.dialogs, automaticBackups: false }))
    const ada = await addShopper(core, { firstName: 'Adelheid', lastName: 'Quibbleworth' })
    await core.ok('sales:create', simpleSale(ada.id, 4200))
    const usb = join(tempDir('backroom-usb-'), 'store.backroom')
    old.willPick(usb)
    const saved = await core.ok('backups:create', { destination: 'file', passphrase: 'correct horse staple' })
    expect(saved).toMatchObject({ saved: true, file: usb, backup: { reason: 'manual' } })
    expect(old.asked).toEqual([{ kind: 'save', title: expect.any(String), defaultName: expect.stringMatching(/^Backroom Corner Shop \d{4}-\d{2}-\d{2}\.backroom$/) }])
    const bytes = readFileSync(usb)
    expect(bytes.subarray(0, 26).toString()).toBe('BACKROOM-ENCRYPTED-BACKUP\n')
    expect(bytes.includes(Buffer.from('Quibbleworth'))).toBe(false)
    expect(bytes.includes(Buffer.from('SQLite format 3'))).toBe(false)
    expect(readdirSync(join(usb, '..'))).toEqual(['store.backroom'])

    // A new PC: nothing set up, nobody to sign in.
    const fresh = scriptedDialogs()
    const pc = await track(startTestCore({ dialogs: fresh.dialogs, automaticBackups: false }))
    fresh.willPick(usb)
    const picked = await pc.ok('backups:pickFile', {})
    expect(picked.file).toMatchObject({ fileName: 'store.backroom', encrypted: true, bytes: bytes.length })
    const source = { source: 'picked-file', name: picked.file!.id } as const
    expect(await pc.call('backups:inspect', { ...source, passphrase: '' })).toMatchObject({
      ok: false,
      error: { code: 'VALIDATION', fields: { passphrase: 'This backup is encrypted: enter its passphrase' } },
    })
    expect(await pc.call('backups:inspect', { ...source, passphrase: 'wrong horse staple' })).toMatchObject({
      ok: false,
      error: { fields: { passphrase: 'That passphrase does not open this backup' } },
    })
    const preview = await pc.ok('backups:inspect', { ...source, passphrase: 'correct horse staple' })
    expect(preview).toEqual({
      backup: { takenAt: saved.backup!.takenAt, storeName: 'Corner Shop', customers: 1, receipts: 1, bytes: bytes.length, encrypted: true, hubLink: null },
      current: null,
      // Nothing of its own to lose: no confirmation needed, whichever store the backup is of.
      belongsTo: { kind: 'new-pc' },
    })
    const restored = await pc.ok('backups:restore', { ...source, passphrase: 'correct horse staple' })
    // Nothing to protect on a new PC: no safety backup.
    expect(restored.safetyBackup).toBeNull()
    expect(await pc.ok('auth:status', {})).toEqual({ needsSetup: false, user: null, locked: null })
    await signIn(pc, 'test-session', OWNER.username, OWNER.password)
    expect((await pc.ok('customers:search', { query: 'Quibbleworth' })).rows).toHaveLength(1)
    expect(pc.services.localStoreId()).toBe(core.services.localStoreId())
    expect(await nodeId(pc)).not.toBe(await nodeId(core))
    // scrypt at its real cost, several times: seconds each on a busy 2-core machine.
  }, 90_000)

  it('refuses an encrypted file that was changed', async () => {
    const old = scriptedDialogs()
    const core = await track(startSetUpCore({ dialogs: old.dialogs, automaticBackups: false }))
    await addShopper(core)
    const usb = join(tempDir('backroom-usb-'), 'store.backroom')
    old.willPick(usb)
    await core.ok('backups:create', { destination: 'file', passphrase: 'correct horse staple' })
    const bytes = readFileSync(usb)
    bytes[bytes.length - 100] ^= 1
    writeFileSync(usb, bytes)
    old.willPick(usb)
    const picked = await core.ok('backups:pickFile', {})
    const result = await core.call('backups:inspect', { source: 'picked-file', name: picked.file!.id, passphrase: 'correct horse staple' })
    expect(result).toMatchObject({ ok: false, error: { code: 'VALIDATION', message: 'This file is not a Backroom backup: it was changed or is incomplete' } })
    expect(readdirSync(core.dir).filter((n) => n.startsWith('.restore-'))).toEqual([])
  }, 60_000)

  it('saves a plain copy that any SQLite tool opens, and restores it', async () => {
    const old = scriptedDialogs()
    const core = await track(startSetUpCore({ dialogs: old.dialogs, automaticBackups: false }))
    await addShopper(core, { firstName: 'Plain' })
    const usb = join(tempDir('backroom-usb-'), 'store.sqlite')
    old.willPick(usb)
    await core.ok('backups:create', { destination: 'file', passphrase: '' })
    expect(readFileSync(usb).subarray(0, 15).toString()).toBe('SQLite format 3')
    await addShopper(core, { firstName: 'Later' })
    old.willPick(usb)
    const picked = await core.ok('backups:pickFile', {})
    expect(picked.file).toMatchObject({ encrypted: false })
    await core.ok('backups:restore', { source: 'picked-file', name: picked.file!.id, passphrase: '' })
    expect(await names(core)).toEqual(['Plain'])
  })

  it('answers "cancelled" when the user closes the dialog, and writes nothing', async () => {
    const old = scriptedDialogs()
    const core = await track(startSetUpCore({ dialogs: old.dialogs, automaticBackups: false }))
    expect(await core.ok('backups:create', { destination: 'file', passphrase: '' })).toEqual({ saved: false, backup: null, file: null })
    expect(await core.ok('backups:pickFile', {})).toEqual({ file: null })
    expect(readdirSync(join(core.dir, BACKUP_FOLDER))).toEqual([])
  })

  it('refuses a file that is not a Backroom backup, and one from a newer version', async () => {
    const old = scriptedDialogs()
    const core = await track(startSetUpCore({ dialogs: old.dialogs, automaticBackups: false }))
    const folder = tempDir('backroom-usb-')
    writeFileSync(join(folder, 'notes.sqlite'), 'just some text that is long enough to not be a database at all '.repeat(100))
    old.willPick(join(folder, 'notes.sqlite'))
    const notes = await core.ok('backups:pickFile', {})
    expect(await core.call('backups:inspect', { source: 'picked-file', name: notes.file!.id, passphrase: '' })).toMatchObject({
      ok: false,
      error: { code: 'VALIDATION', message: expect.stringMatching(/^This file is not a Backroom backup/) },
    })

    const { backup } = await core.ok('backups:create', { destination: 'folder', passphrase: '' })
    const newer = join(folder, 'newer.sqlite')
    writeFileSync(newer, readFileSync(join(core.dir, BACKUP_FOLDER, backup!.name)))
    const { SqliteFile } = await import('../../../electron/core/backups/sqlite-file')
    const file = await SqliteFile.open(newer)
    await file.run("INSERT INTO knex_migrations (name, batch, migration_time) VALUES ('29990101000000_future', 9, 0)")
    await file.close()
    old.willPick(newer)
    const picked = await core.ok('backups:pickFile', {})
    expect(await core.call('backups:inspect', { source: 'picked-file', name: picked.file!.id, passphrase: '' })).toMatchObject({
      ok: false,
      error: { code: 'CONFLICT', message: expect.stringContaining('newer version of Backroom') },
    })
  })

  it.each([
    // Its index was dropped by a later migration: the recorded ones do not run on their own.
    '20261205300000_receipts_day_currency',
    // Its column is there: bringing the copy up to date would add it again.
    '20261208200000_payment_points',
  ])('refuses a backup whose database layout was changed outside the app (%s not recorded), at the preview, before any safety backup, leaving nothing behind', async (missing) => {
    const old = scriptedDialogs()
    const core = await track(startSetUpCore({ dialogs: old.dialogs, automaticBackups: false }))
    await addShopper(core, { firstName: 'Ada' })
    const usb = join(tempDir('backroom-usb-'), 'edited.sqlite')
    old.willPick(usb)
    await core.ok('backups:create', { destination: 'file', passphrase: '' })
    // A migration is applied but no longer recorded: the migrations recorded do not run on their
    // own (a later one drops the index this one made; the schema check's reference would fail,
    // found when that later migration came), and bringing it up to date would run it again.
    const { SqliteFile } = await import('../../../electron/core/backups/sqlite-file')
    const file = await SqliteFile.open(usb)
    await file.run('DELETE FROM knex_migrations WHERE name = ?', [missing])
    await file.close()
    old.willPick(usb)
    const picked = await core.ok('backups:pickFile', {})
    const source = { source: 'picked-file', name: picked.file!.id, passphrase: '' } as const
    // The schema check (objects a migration not recorded made) or the layout step refuses it, whichever looks first.
    const refused = { ok: false, error: { code: 'VALIDATION', message: expect.stringMatching(/changed (outside Backroom|by another program)/) } }
    expect(await core.call('backups:inspect', source)).toMatchObject(refused)
    for (let i = 0; i < 2; i++) expect(await core.call('backups:restore', source)).toMatchObject(refused)
    // No safety backup was taken, no prepared copy is left, and the data is as it was.
    expect(readdirSync(join(core.dir, BACKUP_FOLDER)).filter((n) => n.includes('before-restore'))).toEqual([])
    expect(readdirSync(core.dir).filter((n) => n.startsWith('.restore-'))).toEqual([])
    expect(await names(core)).toEqual(['Ada'])
  })

  it('restores a copy whose database has another page size (vacuumed by another SQLite tool), and leaves no prepared copy', async () => {
    const old = scriptedDialogs()
    const core = await track(startSetUpCore({ dialogs: old.dialogs, automaticBackups: false }))
    await addShopper(core, { firstName: 'Before' })
    const usb = join(tempDir('backroom-usb-'), 'small-pages.sqlite')
    old.willPick(usb)
    await core.ok('backups:create', { destination: 'file', passphrase: '' })
    const { SqliteFile } = await import('../../../electron/core/backups/sqlite-file')
    const file = await SqliteFile.open(usb)
    await file.exec('PRAGMA page_size = 1024; VACUUM;')
    await file.close()
    await addShopper(core, { firstName: 'After' })
    const pageSize = await core.services.db.raw('PRAGMA page_size')

    old.willPick(usb)
    const picked = await core.ok('backups:pickFile', {})
    await core.ok('backups:restore', { source: 'picked-file', name: picked.file!.id, passphrase: '' })
    expect(await names(core)).toEqual(['Before'])
    expect(await core.services.db.raw('PRAGMA page_size')).toEqual(pageSize)
    expect(await core.services.db.raw('PRAGMA integrity_check')).toEqual([{ integrity_check: 'ok' }])
    expect(readdirSync(core.dir).filter((n) => n.startsWith('.restore-'))).toEqual([])
  })

  it('a restore that fails while the copy is prepared answers a typed error, leaves the data as it was and no prepared copy behind', async () => {
    const core = await track(startSetUpCore({ automaticBackups: false }))
    await addShopper(core, { firstName: 'Before' })
    const { backup } = await core.ok('backups:create', { destination: 'folder', passphrase: '' })
    await addShopper(core, { firstName: 'After' })
    const source = { source: 'backups-folder', name: backup!.name, passphrase: '' } as const
    await core.ok('backups:inspect', source)
    // The checked copy kept for the restore is damaged meanwhile (a failing disk).
    const staged = readdirSync(core.dir).filter((n) => n.startsWith('.restore-') && n.endsWith('.sqlite'))
    expect(staged).toHaveLength(1)
    writeFileSync(join(core.dir, staged[0]), 'not a database any more '.repeat(400))
    expect(await core.call('backups:restore', source)).toMatchObject({ ok: false, error: { code: 'BACKUP_FAILED' } })
    expect(readdirSync(core.dir).filter((n) => n.startsWith('.restore-'))).toEqual([])
    expect(await names(core)).toEqual(['After', 'Before'])
    // Nothing kept to be reused: the next try checks the backup again, and restores it.
    await core.ok('backups:restore', source)
    await signIn(core, 'test-session', OWNER.username, OWNER.password)
    expect(await names(core)).toEqual(['Before'])
  })

  it('only lets a session restore the file it picked itself', async () => {
    const old = scriptedDialogs()
    const core = await track(startSetUpCore({ dialogs: old.dialogs, automaticBackups: false }))
    const usb = join(tempDir('backroom-usb-'), 'store.sqlite')
    old.willPick(usb)
    await core.ok('backups:create', { destination: 'file', passphrase: '' })
    old.willPick(usb)
    const picked = await core.ok('backups:pickFile', {})
    await signIn(core, 'other-window', OWNER.username, OWNER.password)
    const result = await core.call('backups:inspect', { source: 'picked-file', name: picked.file!.id, passphrase: '' }, 'other-window')
    expect(result).toMatchObject({ ok: false, error: { code: 'NOT_FOUND' } })
  })
})
