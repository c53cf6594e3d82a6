import { mkdirSync, readdirSync, rmSync, symlinkSync } from 'node:fs'
import { join } from 'node:path'
import { afterEach, describe, expect, it } from 'vitest'
import { BACKUP_FOLDER } from '../../../electron/core/backups/folder'
import { OWNER, signIn, startSetUpCore, startTestCore, tempDir, type TestCore } from '../../support/core'
import { scriptedDialogs } from '../../support/platform'
import { addShopper } from '../../support/shoppers'
import { mountSmallDisk, smallDisksWork, type SmallDisk } from '../../support/small-disk'

let cores: TestCore[] = []
afterEach(async () => {
  for (const core of cores) await core.cleanup()
  cores = []
})

describe('Save a copy to a file… into the data folder', () => {
  // Found by the fresh-eyes review: chosen as backroom.sqlite itself, the copy was renamed over
  // the open database, "saved" was answered, and the next start found the database malformed.
  it('is refused for the live database, its side files, the backups folder and a link to the database, and the database stays whole', async () => {
    const d = scriptedDialogs()
    const core = await startSetUpCore({ dialogs: d.dialogs, automaticBackups: false })
    await addShopper(core, { firstName: 'Old' })
    const elsewhere = tempDir('backroom-usb-')
    symlinkSync(join(core.dir, 'backroom.sqlite'), join(elsewhere, 'link.sqlite'))
    const targets = [
      join(core.dir, 'backroom.sqlite'),
      join(core.dir, BACKUP_FOLDER, '..', 'backroom.sqlite-wal'),
      join(core.dir, 'backroom.sqlite-shm'),
      join(core.dir, BACKUP_FOLDER, 'mine.sqlite'),
      join(core.dir, 'copy.sqlite'),
      join(elsewhere, 'link.sqlite'),
    ]
    const before = readdirSync(core.dir).sort()
    for (const target of targets) {
      d.willPick(target)
      expect(await core.call('backups:create', { destination: 'file', passphrase: '' }), target).toMatchObject({
        ok: false,
        error: { code: 'VALIDATION', message: expect.stringContaining("cannot be saved in Backroom's own data folder") },
      })
    }
    // Nothing was written: no backup taken, no partial file left.
    expect(readdirSync(core.dir).sort()).toEqual(before)
    expect(readdirSync(join(core.dir, BACKUP_FOLDER))).toEqual([])

    for (let i = 0; i < 5; i++) await addShopper(core, { firstName: `After${i}` })
    await core.close()
    const again = await startTestCore({ dataDir: core.dir, automaticBackups: false })
    cores.push(again)
    await signIn(again, 'test-session', OWNER.username, OWNER.password)
    expect(await again.services.db.raw('PRAGMA integrity_check')).toEqual([{ integrity_check: 'ok' }])
    expect((await again.services.db('customers').pluck('first_name')).sort()).toEqual(['After0', 'After1', 'After2', 'After3', 'After4', 'Old'])
  })

  it('still saves beside the data folder, in a folder of its own', async () => {
    const d = scriptedDialogs()
    const core = await startSetUpCore({ dialogs: d.dialogs, automaticBackups: false })
    cores.push(core)
    const usb = join(tempDir('backroom-usb-'), 'backroom.sqlite')
    d.willPick(usb)
    expect(await core.ok('backups:create', { destination: 'file', passphrase: '' })).toMatchObject({ saved: true, file: usb })
  })
})

describe('Save a copy to a file… where the place chosen fails', () => {
  let disk: SmallDisk | undefined
  afterEach(() => {
    disk?.unmount()
    disk = undefined
  })

  // Found by the desk attack: a USB stick taken out between the dialog and the save answered
  // "The backup could not be written (ENOENT)", and a full stick "The disk is full: free some
  // space, then back up again", read as this PC's disk, while the backup on this PC was made.
  it('says the folder chosen is gone, in words, and that the backup on this PC was made', async () => {
    const d = scriptedDialogs()
    const core = await startSetUpCore({ dialogs: d.dialogs, automaticBackups: false })
    cores.push(core)
    const stick = join(tempDir('backroom-usb-'), 'STICK')
    mkdirSync(stick)
    d.willPick(join(stick, 'backroom.sqlite'))
    // Taken out after the dialog closed.
    rmSync(stick, { recursive: true })
    expect(await core.call('backups:create', { destination: 'file', passphrase: '' })).toEqual({
      ok: false,
      error: {
        code: 'NOT_FOUND',
        message: `The folder ${stick} cannot be found (was the USB stick taken out?): plug it back in, or choose another place. The backup on this PC was made.`,
      },
    })
    expect((await core.ok('backups:list', {})).backups).toHaveLength(1)
  })

  it.skipIf(!smallDisksWork)('says the disk chosen is full, not this PC’s, and leaves nothing half-written there', async () => {
    const d = scriptedDialogs()
    const core = await startSetUpCore({ dialogs: d.dialogs, automaticBackups: false })
    cores.push(core)
    disk = mountSmallDisk(tempDir('backroom-stick-'))
    disk.leaveRoom(16 * 1024)
    d.willPick(join(disk.folder, 'backroom.sqlite'))
    expect(await core.call('backups:create', { destination: 'file', passphrase: '' })).toEqual({
      ok: false,
      error: {
        code: 'DISK_FULL',
        message: `There is no room for the copy on the disk of ${disk.folder}: free some space there, or choose another place. The backup on this PC was made.`,
      },
    })
    expect(readdirSync(disk.folder)).toEqual([])
    expect((await core.ok('backups:list', {})).backups).toHaveLength(1)
  })
})
