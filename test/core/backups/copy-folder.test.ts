import { spawnSync } from 'node:child_process'
import { createHash } from 'node:crypto'
import { existsSync, mkdirSync, readdirSync, readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs'
import { basename, join } from 'node:path'
import { afterEach, describe, expect, it } from 'vitest'
import { DATABASE_FILE } from '../../../electron/core'
import { nodeFolderFs } from '../../../electron/core/backups/copy-fs'
import { readCopySetting } from '../../../electron/core/backups/copy-setting'
import { BACKUP_FOLDER } from '../../../electron/core/backups/folder'
import { openDatabase } from '../../../electron/core/db/connection'
import { migrations } from '../../../migrations'
import { withSqliteFile } from '../../../electron/core/backups/sqlite-file'
import { addUser, manualClock, OWNER, signIn, startSetUpCore, startTestCore, tempDir, type TestCore } from '../../support/core'
import { recordingNotifier, scriptedDialogs } from '../../support/platform'
import { mountSmallDisk, smallDisksWork, type SmallDisk } from '../../support/small-disk'
import { addShopper } from '../../support/shoppers'
import { trackedCoresEachTest } from '../../support/tracked-cores'

/**
 * Settings → Backups, "Also keep a copy of each automatic backup in another folder": each backup,
 * once verified, is copied (hidden while written, synced, compared, then named) into a folder off
 * this PC's disk, pruned there by the same rule, and a folder that cannot be reached leaves the
 * backup made and says so. Real files in temporary folders; a real full disk where one can be mounted.
 */
const track = trackedCoresEachTest()
const HOUR = 60 * 60_000
const sha256 = (file: string) => createHash('sha256').update(readFileSync(file)).digest('hex')
const backUpNow = (core: TestCore) => core.ok('backups:create', { destination: 'folder', passphrase: '' })
const copyState = async (core: TestCore) => (await core.ok('backups:list', {})).copy
/** This PC's folder inside the one chosen: the store's name and this PC's copy id. */
const OWN_FOLDER = /[/\\]Backroom backups – Corner Shop – [0-9a-f]{8}$/

/**
 * The temporary folders standing in for a stick are on the data folder's disk: the copy state says
 * so (`sameDisk`), unless the test gives a folder on a disk of its own and says it is not.
 */
async function start(options: { folder?: string; sameDisk?: boolean } = {}) {
  const sameDisk = options.sameDisk ?? true
  const clock = manualClock()
  const scripted = scriptedDialogs()
  const { notifier, notices } = recordingNotifier()
  const core = await track(startSetUpCore({ automaticBackups: false, dialogs: scripted.dialogs, notifier, now: clock.now, idleLock: false }))
  await addShopper(core, { firstName: 'Ada', lastName: 'Byron' })
  const folder = options.folder ?? tempDir('backroom-usb-')
  scripted.willPick(folder)
  const chosen = await core.ok('backups:chooseCopyFolder', {})
  expect(chosen).toEqual({ chosen: true, copy: { folder, copiesIn: expect.stringMatching(OWN_FOLDER), lastCopy: null, failure: null, scrubOwed: null, sameDisk } })
  return { core, clock, scripted, notices, folder, copiesIn: chosen.copy!.copiesIn }
}

/** `integrity_check` on the copy, read only, as it lies in the folder. */
const integrityOf = (file: string) =>
  withSqliteFile(file, { readOnly: true }, (copy) => copy.all<{ integrity_check: string }>('PRAGMA integrity_check'))

describe('a copy of each backup in another folder', () => {
  it('copies a backup, once verified, into the folder chosen: the same bytes, sound, and nothing else left there', async () => {
    const { core, scripted, folder, copiesIn } = await start()
    expect(scripted.asked).toEqual([{ kind: 'folder', title: 'Choose a folder for copies of the backups' }])
    const { backup } = await backUpNow(core)
    const local = join(core.dir, BACKUP_FOLDER, backup!.name)
    const copy = join(copiesIn, backup!.name)
    // No manifest, no partial, no probe file beside it: this PC's folder, and in it the backup itself.
    expect(readdirSync(folder)).toEqual([basename(copiesIn)])
    expect(readdirSync(copiesIn)).toEqual([backup!.name])
    expect(sha256(copy)).toBe(sha256(local))
    expect(await integrityOf(copy)).toEqual([{ integrity_check: 'ok' }])
    expect(await copyState(core)).toEqual({ folder, copiesIn, lastCopy: { at: expect.any(String), name: backup!.name }, failure: null, scrubOwed: null, sameDisk: true })
  })

  it('prunes there by the backups rule, only its own backups: a stranger file, a folder and a link named like one stay', async () => {
    const { core, copiesIn } = await start()
    // Made when the folder was chosen.
    const folder = copiesIn
    const ours = (stamp: string) => `backroom-${stamp}-daily.sqlite`
    // Two old days of copies (their own names): the rule keeps the newest of each day and the 3 newest.
    const old = ['2024-01-02T10-00-00-000Z', '2024-01-02T09-00-00-000Z', '2024-01-01T11-00-00-000Z', '2024-01-01T10-00-00-000Z', '2024-01-01T09-00-00-000Z']
    for (const stamp of old) writeFileSync(join(folder, ours(stamp)), 'an old copy')
    const strangers = ['holiday photos.jpg', 'backroom-notes.sqlite', `${ours('2023-05-05T09-00-00-000Z')}.bak`, 'Backroom Corner Shop 2024-01-01.backroom']
    for (const name of strangers) writeFileSync(join(folder, name), 'the owner’s own file')
    mkdirSync(join(folder, ours('2023-01-01T09-00-00-000Z')))
    spawnSync('ln', ['-s', join(folder, 'holiday photos.jpg'), join(folder, ours('2023-02-01T09-00-00-000Z'))])
    // A partial copy of ours a pulled stick left is removed; another program's partial is not.
    writeFileSync(join(folder, `.${ours('2024-01-03T09-00-00-000Z')}.partial`), 'half')
    writeFileSync(join(folder, '.report.docx.partial'), 'someone else’s')

    const { backup } = await backUpNow(core)
    const kept = readdirSync(folder).sort()
    expect(kept).toEqual(
      [
        backup!.name,
        ours('2024-01-02T10-00-00-000Z'),
        ours('2024-01-02T09-00-00-000Z'),
        ours('2024-01-01T11-00-00-000Z'),
        ...strangers,
        ours('2023-01-01T09-00-00-000Z'),
        ours('2023-02-01T09-00-00-000Z'),
        '.report.docx.partial',
      ].sort(),
    )
    expect(readFileSync(join(folder, 'holiday photos.jpg'), 'utf8')).toBe('the owner’s own file')
  })

  it('keeps the backup when the folder is gone, says so once a day at most, and copies again once it is back', async () => {
    const { core, clock, notices, folder, copiesIn } = await start()
    const before = await backUpNow(core)
    const good = await copyState(core)
    // The stick pulled out.
    const pulled = join(tempDir('backroom-drawer-'), 'stick')
    renameSync(folder, pulled)

    clock.advance(HOUR)
    const first = await core.call('backups:create', { destination: 'folder', passphrase: '' })
    // The backup is made and counts as made: no backup failure, only the copy's.
    expect(first).toMatchObject({ ok: true, data: { saved: true, backup: { verified: true } } })
    const failedAt = clock.now().toISOString()
    const listed = await core.ok('backups:list', {})
    expect(listed.lastFailure).toBeNull()
    expect(listed.backups).toHaveLength(2)
    expect(listed.copy).toEqual({
      folder,
      copiesIn,
      lastCopy: good!.lastCopy,
      failure: { at: failedAt, message: expect.stringContaining('the folder cannot be found'), since: failedAt },
      scrubOwed: null,
      sameDisk: true,
    })
    // Never made anew: a stick's missing mount point would put the "copy" on this very disk.
    expect(existsSync(folder)).toBe(false)
    expect(notices).toEqual([{ title: 'Backroom could not copy the backup', body: expect.stringContaining(folder) }])

    clock.advance(HOUR)
    await backUpNow(core)
    expect((await copyState(core))!.failure).toMatchObject({ at: clock.now().toISOString(), since: failedAt })
    expect(notices).toHaveLength(1)
    clock.advance(24 * HOUR)
    await backUpNow(core)
    expect(notices).toHaveLength(2)

    // Plugged back in: copies carry on in this PC's folder there.
    renameSync(pulled, folder)
    clock.advance(HOUR)
    const { backup } = await backUpNow(core)
    expect(await copyState(core)).toEqual({ folder, copiesIn, lastCopy: { at: clock.now().toISOString(), name: backup!.name }, failure: null, scrubOwed: null, sameDisk: true })
    expect(readdirSync(copiesIn).sort()).toEqual([before.backup!.name, backup!.name].sort())
    // Working again, a later failure is told at once.
    rmSync(folder, { recursive: true })
    clock.advance(HOUR)
    await backUpNow(core)
    expect(notices).toHaveLength(3)
  })

  describe.skipIf(!smallDisksWork)('on a disk that fills up', () => {
    let disk: SmallDisk | undefined
    afterEach(() => {
      disk?.unmount()
      disk = undefined
    })

    it('leaves nothing half-written there, keeps the backup, and copies once room is made', async () => {
      disk = mountSmallDisk(tempDir('backroom-stick-'))
      const { core, copiesIn } = await start({ folder: disk.folder, sameDisk: false })
      // Room for the probe and a few pages, not for a whole copy.
      disk.leaveRoom(16 * 1024)
      const { backup } = await backUpNow(core)
      expect(existsSync(join(core.dir, BACKUP_FOLDER, backup!.name))).toBe(true)
      expect((await copyState(core))!.failure).toMatchObject({ message: 'the disk there is full' })
      expect(readdirSync(copiesIn)).toEqual([])

      disk.grow()
      const next = await backUpNow(core)
      expect(readdirSync(copiesIn)).toEqual([next.backup!.name])
      expect((await copyState(core))!.failure).toBeNull()
    })
  })

  it('restores on a new PC from the copy in that folder', async () => {
    const { core, copiesIn } = await start()
    await addShopper(core, { firstName: 'Quentin', lastName: 'Quibbleworth' })
    const { backup } = await backUpNow(core)

    // The old PC's disk is gone; a new PC with an empty data folder restores from the stick.
    const fresh = scriptedDialogs()
    const pc = await track(startTestCore({ dialogs: fresh.dialogs, automaticBackups: false }))
    fresh.willPick(join(copiesIn, backup!.name))
    const picked = await pc.ok('backups:pickFile', {})
    expect(picked.file).toMatchObject({ fileName: backup!.name, encrypted: false })
    const source = { source: 'picked-file', name: picked.file!.id, passphrase: '' } as const
    expect((await pc.ok('backups:inspect', source)).backup).toMatchObject({ storeName: 'Corner Shop', customers: 2 })
    await pc.ok('backups:restore', source)
    await signIn(pc, 'test-session', OWNER.username, OWNER.password)
    expect((await pc.ok('customers:search', { query: 'Quibbleworth' })).rows).toHaveLength(1)
    // The folder belongs to the old PC: the new one copies nowhere until its owner chooses.
    expect(await copyState(pc)).toBeNull()
  })

  it('copies the backup taken at start, before a migration, as it copies any other', async () => {
    const { core, clock, copiesIn } = await start()
    await core.close()
    // The database as the version before this one left it: its newest migration undone.
    const old = openDatabase(join(core.dir, DATABASE_FILE))
    const newest = Object.keys(migrations).sort().at(-1)!
    await migrations[newest].down!(old)
    await old('knex_migrations').where({ name: newest }).delete()
    await old.destroy()

    const started = await track(startTestCore({ dataDir: core.dir, automaticBackups: false, now: clock.now }))
    expect(started.migration.applied).toEqual([newest])
    const local = started.migration.backupFile!
    expect(local).toMatch(/-before-migration\.sqlite$/)
    // Copied in the backups' turn, without holding the start up.
    await started.services.backups.idle()
    expect(readdirSync(copiesIn)).toEqual([basename(local)])
    expect(sha256(join(copiesIn, basename(local)))).toBe(sha256(local))
    expect(readCopySetting(core.dir)).toMatchObject({ lastCopy: { name: basename(local) }, failure: null })
  })

  it('stops copying when asked: the next backup stays on this PC only, and the copies already made stay', async () => {
    const { core, copiesIn } = await start()
    const { backup } = await backUpNow(core)
    expect(await core.ok('backups:stopCopying', {})).toEqual({ copy: null })
    await backUpNow(core)
    expect(readdirSync(copiesIn)).toEqual([backup!.name])
    expect(await copyState(core)).toBeNull()
  })
})

describe('choosing the folder', () => {
  const chattr = (flag: '+i' | '-i', file: string) => spawnSync('chattr', [flag, file]).status === 0
  const immutable: string[] = []
  afterEach(() => {
    for (const folder of immutable.splice(0)) chattr('-i', folder)
  })

  it('refuses a folder it cannot use, with a message, and keeps nothing (nor a probe file)', async () => {
    const scripted = scriptedDialogs()
    const core = await track(startSetUpCore({ automaticBackups: false, dialogs: scripted.dialogs }))
    const aFile = join(tempDir('backroom-usb-'), 'notes.txt')
    writeFileSync(aFile, 'not a folder')
    const cases: [string, RegExp][] = [
      ['backups/usb', /whole path/],
      [join(tempDir('backroom-usb-'), 'unplugged'), /cannot be found: plug in the USB stick/],
      [aFile, /is a file, not a folder/],
      [join(core.dir, BACKUP_FOLDER), /outside Backroom's own data folder/],
      [core.dir, /outside Backroom's own data folder/],
      [`/${'a'.repeat(1001)}`, /too long \(at most 1000 characters\)/],
    ]
    const locked = tempDir('backroom-locked-')
    if (chattr('+i', locked)) {
      immutable.push(locked)
      cases.push([locked, /Backroom cannot write to .* \(EPERM\)/])
    }
    for (const [path, message] of cases) {
      scripted.willPick(path)
      const answer = await core.call('backups:chooseCopyFolder', {})
      expect(answer, path.slice(0, 80)).toMatchObject({ ok: false, error: { code: 'VALIDATION', message: expect.stringMatching(message) } })
      expect(await copyState(core)).toBeNull()
    }
    if (immutable.length) expect(readdirSync(locked)).toEqual([])
    expect(readdirSync(core.dir).filter((name) => name.startsWith('backup-copy'))).toEqual([])

    // Cancel changes nothing; a refused folder leaves the one chosen before.
    expect(await core.ok('backups:chooseCopyFolder', {})).toEqual({ chosen: false, copy: null })
    const usb = tempDir('backroom-usb-')
    scripted.willPick(usb)
    await core.ok('backups:chooseCopyFolder', {})
    scripted.willPick(aFile)
    expect(await core.call('backups:chooseCopyFolder', {})).toMatchObject({ ok: false })
    expect((await copyState(core))!.folder).toBe(usb)
    // This PC's folder, made when chosen, and nothing else (no probe file).
    expect(readdirSync(usb)).toEqual([basename((await copyState(core))!.copiesIn)])
  })

  it('accepts a folder on the data folder’s disk but says so; one on another disk, nothing; a setting from before learns it at the next copy', async () => {
    // The temporary folders are on the data folder's disk, as a second folder on C: would be.
    const { core, copiesIn } = await start()
    expect((await copyState(core))!.sameDisk).toBe(true)
    expect(readdirSync(copiesIn)).toEqual([])

    // A file kept before the note existed: nothing is said until the next copy looks.
    const file = join(core.dir, 'backup-copy.json')
    const kept = JSON.parse(readFileSync(file, 'utf8'))
    delete kept.copy.sameDisk
    writeFileSync(file, JSON.stringify(kept))
    expect((await copyState(core))!.sameDisk).toBe(false)
    await backUpNow(core)
    expect(await copyState(core)).toMatchObject({ failure: null, sameDisk: true })

    // A stick: its own device, as the port answers it.
    const scripted = scriptedDialogs()
    const otherDisk = { ...nodeFolderFs, device: async () => -1 }
    const elsewhere = await track(startSetUpCore({ automaticBackups: false, dialogs: scripted.dialogs, backupCopy: { fs: otherDisk } }))
    const stick = tempDir('backroom-usb-')
    scripted.willPick(stick)
    expect((await elsewhere.ok('backups:chooseCopyFolder', {})).copy).toMatchObject({ folder: stick, sameDisk: false })
    await backUpNow(elsewhere)
    expect(await copyState(elsewhere)).toMatchObject({ failure: null, lastCopy: { name: expect.any(String) }, sameDisk: false })
    // A device that cannot be read says nothing rather than guess.
    const unreadable = await track(
      startSetUpCore({ automaticBackups: false, dialogs: scripted.dialogs, backupCopy: { fs: { ...nodeFolderFs, device: () => Promise.reject(Object.assign(new Error('no'), { code: 'EIO' })) } } }),
    )
    scripted.willPick(stick)
    expect((await unreadable.ok('backups:chooseCopyFolder', {})).copy).toMatchObject({ sameDisk: false })
  })

  it('is only for users who may back up', async () => {
    const core = await track(startSetUpCore({ automaticBackups: false }))
    const manager = await addUser(core, { role: 'manager', permissionOverrides: { manage_settings: true } })
    for (const name of ['backups:chooseCopyFolder', 'backups:stopCopying'] as const) {
      expect(await core.call(name, {}, manager.session), name).toMatchObject({ ok: false, error: { code: 'FORBIDDEN' } })
    }
  })
})
