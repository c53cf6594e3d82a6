import { existsSync, readdirSync, readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import { BACKUP_FOLDER } from '../../../electron/core/backups/folder'
import { withSqliteFile } from '../../../electron/core/backups/sqlite-file'
import { manualClock, startSetUpCore, tempDir, type TestCore } from '../../support/core'
import { recordingNotifier, scriptedDialogs } from '../../support/platform'
import { trackedCoresEachTest } from '../../support/tracked-cores'

/**
 * Erasing a customer reaches the copies of the backups in the other folder too: each of this PC's
 * copies there is rewritten without them (or removed when it cannot be opened), and a folder out
 * of reach at the erase is owed it, said on the Backups screen, and cleaned at the next copy.
 * Real folders; the raw-byte scan of every file is in test/core/customers/erase-bytes.test.ts.
 */
const track = trackedCoresEachTest()
const HOUR = 60 * 60_000
const backUpNow = (core: TestCore) => core.ok('backups:create', { destination: 'folder', passphrase: '' })
const copyState = async (core: TestCore) => (await core.ok('backups:list', {})).copy
const holds = (file: string, text: string) => readFileSync(file).includes(Buffer.from(text))
const namesIn = (file: string) => withSqliteFile(file, { readOnly: true }, (db) => db.all<{ first_name: string }>('SELECT first_name FROM customers ORDER BY first_name'))

async function start() {
  const clock = manualClock()
  const scripted = scriptedDialogs()
  const { notifier, notices } = recordingNotifier()
  const core = await track(startSetUpCore({ automaticBackups: false, dialogs: scripted.dialogs, notifier, now: clock.now, idleLock: false }))
  const storeIds = [core.services.localStoreId()!]
  await core.ok('customers:create', { firstName: 'Ana', lastName: 'Neighbour', storeIds })
  const zed = await core.ok('customers:create', { firstName: 'Zedekiah', lastName: 'Quarrington', notes: 'Zed lives at 9 Quarry Lane', storeIds })
  const folder = tempDir('backroom-usb-')
  scripted.willPick(folder)
  const { copy } = await core.ok('backups:chooseCopyFolder', {})
  return { core, clock, scripted, notices, folder, copiesIn: copy!.copiesIn, zed }
}

describe('erasing a customer, with copies in another folder', () => {
  it('cleans a copy whose backup is no longer on this PC by fetching it, and removes one that cannot be opened', async () => {
    const { core, clock, copiesIn, zed } = await start()
    const older = await backUpNow(core)
    clock.advance(HOUR)
    const newer = await backUpNow(core)
    // The older backup is gone from this PC (removed by hand): only its copy holds it.
    rmSync(join(core.dir, BACKUP_FOLDER, older.backup!.name))
    rmSync(join(core.dir, BACKUP_FOLDER, older.backup!.name.replace(/\.sqlite$/, '.json')))
    const broken = join(copiesIn, 'backroom-2026-01-01T09-00-00-000Z-daily.sqlite')
    writeFileSync(broken, 'not a database, but it says Quarrington')

    await core.ok('customers:erase', { id: zed.id })

    for (const { backup } of [older, newer]) {
      const copy = join(copiesIn, backup!.name)
      expect(holds(copy, 'Quarrington')).toBe(false)
      expect(await namesIn(copy)).toEqual([{ first_name: '' }, { first_name: 'Ana' }])
    }
    expect(existsSync(broken)).toBe(false)
    expect(readdirSync(copiesIn).sort()).toEqual([older.backup!.name, newer.backup!.name].sort())
    // The copy fetched to be cleaned is not left on this PC.
    expect(readdirSync(join(core.dir, BACKUP_FOLDER)).filter((name) => name.startsWith('.'))).toEqual([])
    expect((await copyState(core))!.scrubOwed).toBeNull()
  })

  it('owes the copies the erase while the folder is out of reach, says so, and cleans them at the next copy', async () => {
    const { core, clock, notices, folder, copiesIn, zed } = await start()
    const { backup } = await backUpNow(core)
    const copy = join(copiesIn, backup!.name)
    const away = `${folder}-unplugged`
    renameSync(folder, away)

    await core.ok('customers:erase', { id: zed.id })
    const erasedAt = clock.now().toISOString()
    expect(await copyState(core)).toMatchObject({ folder, scrubOwed: { since: erasedAt } })
    expect(notices).toEqual([
      {
        title: 'Copies of the backups still hold an erased customer',
        body: expect.stringMatching(/^The copies in .* could not be cleaned: the folder cannot be found .*Backroom cleans them at the next copy there/),
      },
    ])
    expect(holds(join(away, copy.slice(folder.length)), 'Quarrington')).toBe(true)
    // Only ids are noted beside the database.
    expect(readFileSync(join(core.dir, 'backup-copy.json'), 'utf8')).toContain(zed.id)
    expect(readFileSync(join(core.dir, 'backup-copy.json'), 'utf8')).not.toContain('Quarrington')

    // A second erase while it is still away: both owed, since the first.
    const other = await core.ok('customers:create', { firstName: 'Yolanda', lastName: 'Pemberton-Quist', storeIds: [core.services.localStoreId()!] })
    clock.advance(HOUR)
    await backUpNow(core)
    clock.advance(HOUR)
    await core.ok('customers:erase', { id: other.id })
    expect((await copyState(core))!.scrubOwed).toEqual({ since: erasedAt })

    renameSync(away, folder)
    clock.advance(HOUR)
    const next = await backUpNow(core)
    expect(await copyState(core)).toMatchObject({ failure: null, scrubOwed: null, lastCopy: { name: next.backup!.name } })
    for (const name of readdirSync(copiesIn)) {
      expect(holds(join(copiesIn, name), 'Quarrington'), name).toBe(false)
      expect(holds(join(copiesIn, name), 'Pemberton'), name).toBe(false)
    }
  })

  it('cleans the copies found in a folder chosen again after Stop copying, of the customers erased meanwhile', async () => {
    const { core, clock, scripted, folder, copiesIn, zed } = await start()
    const { backup } = await backUpNow(core)
    await core.ok('backups:stopCopying', {})
    await core.ok('customers:erase', { id: zed.id })
    expect(holds(join(copiesIn, backup!.name), 'Quarrington')).toBe(true)

    scripted.willPick(folder)
    const { copy } = await core.ok('backups:chooseCopyFolder', {})
    expect(copy).toMatchObject({ copiesIn, scrubOwed: { since: clock.now().toISOString() } })
    clock.advance(HOUR)
    await backUpNow(core)
    expect(holds(join(copiesIn, backup!.name), 'Quarrington')).toBe(false)
    expect((await copyState(core))!.scrubOwed).toBeNull()
  })
})
