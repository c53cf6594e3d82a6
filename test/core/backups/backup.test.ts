import { existsSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { afterEach, describe, expect, it } from 'vitest'
import { BACKUP_FOLDER } from '../../../electron/core/backups/folder'
import { verifyCopy, type DatabaseFacts } from '../../../electron/core/backups/manifest'
import { withSqliteFile } from '../../../electron/core/backups/sqlite-file'
import { JOURNAL_SIZE_LIMIT } from '../../../electron/core/db/connection'
import { addUser, manualClock, startSetUpCore, startTestCore, tempDir, type TestCore } from '../../support/core'
import { recordingNotifier } from '../../support/platform'
import { simpleSale } from '../../support/sales'
import { addShopper } from '../../support/shoppers'

let cores: TestCore[] = []
afterEach(async () => {
  for (const core of cores) await core.cleanup()
  cores = []
})

async function started(options: Parameters<typeof startSetUpCore>[0] = {}) {
  const core = await startSetUpCore(options)
  cores.push(core)
  return core
}

const folderOf = (core: TestCore) => join(core.dir, BACKUP_FOLDER)

describe('Back up now (to the backups folder)', () => {
  it('writes one verified, self-contained copy that holds the store as it was, and lists it', async () => {
    const core = await started()
    const ada = await addShopper(core, { firstName: 'Ada', lastName: 'Byron' })
    await core.ok('sales:create', simpleSale(ada.id, 2500))

    const made = await core.ok('backups:create', { destination: 'folder', passphrase: '' })
    expect(made).toMatchObject({ saved: true, file: null, backup: { reason: 'manual', verified: true, storeName: 'Corner Shop', customers: 1, receipts: 1 } })

    const listed = await core.ok('backups:list', {})
    expect(listed.backups).toEqual([made.backup])
    expect(listed.lastFailure).toBeNull()
    // One database and its manifest; no journal, WAL or partial file beside them.
    expect(readdirSync(folderOf(core)).sort()).toEqual([made.backup!.name.replace('.sqlite', '.json'), made.backup!.name].sort())
    const file = join(folderOf(core), made.backup!.name)
    // Bytes 18–19 of the header say "rollback journal": the copy needs no -wal file beside it.
    expect([...readFileSync(file).subarray(18, 20)]).toEqual([1, 1])
    const rows = await withSqliteFile(file, { readOnly: true }, (copy) => copy.all<{ first_name: string }>('SELECT first_name FROM customers'))
    expect(rows).toEqual([{ first_name: 'Ada' }])
  })

  it('refuses a passphrase for a copy that stays in the backups folder', async () => {
    const core = await started()
    const result = await core.call('backups:create', { destination: 'folder', passphrase: 'a long passphrase' })
    expect(result).toMatchObject({ ok: false, error: { code: 'VALIDATION', fields: { passphrase: expect.any(String) } } })
    expect(existsSync(folderOf(core)) ? readdirSync(folderOf(core)) : []).toEqual([])
  })

  it('is only for users who may back up', async () => {
    const core = await started()
    const manager = await addUser(core, { role: 'manager', permissionOverrides: { manage_settings: true } })
    for (const [name, input] of [
      ['backups:list', {}],
      ['backups:create', { destination: 'folder', passphrase: '' }],
      ['backups:pickFile', {}],
      ['backups:inspect', { source: 'backups-folder', name: 'x', passphrase: '' }],
      ['backups:restore', { source: 'backups-folder', name: 'x', passphrase: '' }],
    ] as const) {
      expect(await core.call(name, input as never, manager.session), name).toMatchObject({ ok: false, error: { code: 'FORBIDDEN' } })
    }
    const granted = await addUser(core, { role: 'manager', permissionOverrides: { manage_backups: true } })
    expect(await core.call('backups:list', {}, granted.session)).toMatchObject({ ok: true })
  })

  it('reports a backup that cannot be written, keeps nothing, and notifies', async () => {
    const { notifier, notices } = recordingNotifier()
    const core = await started({ notifier })
    // The backups folder's place is taken by a file: nothing can be written there.
    rmSync(folderOf(core), { recursive: true })
    writeFileSync(folderOf(core), 'not a folder')
    const result = await core.call('backups:create', { destination: 'folder', passphrase: '' })
    // The folder is named: "could not be written (EEXIST)" said neither where nor what to do.
    const message = `The backups folder ${folderOf(core)} cannot be used (EEXIST): make sure it is a folder Backroom may write to, then try again`
    expect(result).toMatchObject({ ok: false, error: { code: 'BACKUP_FAILED', message } })
    expect(notices).toEqual([{ title: 'Backroom could not back up the store', body: message }])
  })
})

describe('verifying a copy', () => {
  async function goodCopy() {
    const core = await started()
    await addShopper(core)
    const made = await core.ok('backups:create', { destination: 'folder', passphrase: '' })
    const file = join(folderOf(core), made.backup!.name)
    const manifest = JSON.parse(readFileSync(file.replace('.sqlite', '.json'), 'utf8')) as DatabaseFacts
    return { file, manifest }
  }

  it('passes a good copy', async () => {
    const { file, manifest } = await goodCopy()
    await expect(verifyCopy(file, manifest)).resolves.toMatchObject({ customers: 1 })
  })

  it('fails a copy with a row too few, or another schema version', async () => {
    const { file, manifest } = await goodCopy()
    await expect(verifyCopy(file, { ...manifest, counts: { ...manifest.counts, customers: 2 } })).rejects.toThrow(/customers 1 rows, expected 2/)
    await expect(verifyCopy(file, { ...manifest, migrations: [...manifest.migrations, 'x'] })).rejects.toThrow(/schema version/)
  })

  it('fails a copy whose pages were damaged', async () => {
    const { file, manifest } = await goodCopy()
    const bytes = readFileSync(file)
    // Scribble over the middle of every page after the first: b-tree pages no longer parse.
    for (let page = 1; page < bytes.length / 4096; page++) bytes.fill(0xa5, page * 4096 + 100, page * 4096 + 900)
    writeFileSync(file, bytes)
    await expect(verifyCopy(file, manifest)).rejects.toThrow()
  })
})

describe('automatic backups', () => {
  it('backs up at the first start of each store day, and not again that day', async () => {
    const clock = manualClock('2026-12-01T14:00:00.000Z')
    const dir = tempDir()
    const first = await startSetUpCore({ dataDir: dir, now: clock.now })
    await addShopper(first)
    await first.close()

    const names = () => readdirSync(join(dir, BACKUP_FOLDER)).filter((n) => n.endsWith('-daily.sqlite'))
    const again = await startTestCore({ dataDir: dir, now: clock.now })
    await again.backupCheck()
    expect(names()).toHaveLength(1)
    await again.close()
    // 23:30 in New York is still the same store day.
    clock.set(Date.parse('2026-12-02T04:30:00.000Z'))
    const sameDay = await startTestCore({ dataDir: dir, now: clock.now })
    await sameDay.backupCheck()
    expect(names()).toHaveLength(1)
    await sameDay.close()
    clock.set(Date.parse('2026-12-02T14:00:00.000Z'))
    const nextDay = await startTestCore({ dataDir: dir, now: clock.now })
    cores.push(nextDay)
    await nextDay.backupCheck()
    expect(names()).toHaveLength(2)
    expect((await nextDay.ok('auth:login', { username: 'olivia', password: 'correct horse battery' })).username).toBe('olivia')
    expect((await nextDay.ok('backups:list', {})).backups.map((b) => b.reason)).toEqual(['daily', 'daily'])
  })

  it('removes what an interrupted backup left at start, and keeps finished ones', async () => {
    const dir = tempDir()
    const first = await startSetUpCore({ dataDir: dir })
    const kept = await first.ok('backups:create', { destination: 'folder', passphrase: '' })
    await first.close()
    const folder = join(dir, BACKUP_FOLDER)
    const leftovers = [
      '.partial-backroom-2026-12-01T09-00-00-000Z-daily.sqlite',
      '.partial-backroom-2026-12-01T09-00-00-000Z-daily.sqlite-journal',
      // What the old code left: a final name with a journal beside it.
      'backroom-2026-11-30T09-00-00-000Z-before-migration.sqlite',
      'backroom-2026-11-30T09-00-00-000Z-before-migration.sqlite-journal',
      // A manifest whose backup never got its name.
      'backroom-2026-11-29T09-00-00-000Z-manual.json',
    ]
    for (const name of leftovers) writeFileSync(join(folder, name), 'interrupted')
    cores.push(await startTestCore({ dataDir: dir, automaticBackups: false }))
    expect(readdirSync(folder).sort()).toEqual([kept.backup!.name.replace('.sqlite', '.json'), kept.backup!.name].sort())
  })
})

describe('the WAL', () => {
  it('shrinks back to the journal size limit after a big transaction instead of keeping its largest size', async () => {
    const core = await started({ automaticBackups: false })
    const db = core.services.db
    await db.raw('CREATE TABLE filler (x BLOB)')
    await db.transaction(async (trx) => {
      for (let i = 0; i < 80; i++) await trx.raw('INSERT INTO filler VALUES (zeroblob(1048576))')
    })
    const wal = join(core.dir, 'backroom.sqlite-wal')
    const grown = statSync(wal).size
    expect(grown).toBeGreaterThan(80 * 1024 * 1024)
    await db.raw('PRAGMA wal_checkpoint(PASSIVE)')
    await db.raw('INSERT INTO filler VALUES (1)')
    await db.raw('PRAGMA wal_checkpoint(PASSIVE)')
    await db.raw('INSERT INTO filler VALUES (2)')
    const after = statSync(wal).size
    expect(after).toBeLessThanOrEqual(JOURNAL_SIZE_LIMIT)
  })
})
