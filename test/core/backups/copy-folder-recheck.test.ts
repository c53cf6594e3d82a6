import { mkdirSync, readdirSync, renameSync, rmSync, symlinkSync, writeFileSync } from 'node:fs'
import { basename, join } from 'node:path'
import { describe, expect, it } from 'vitest'
import { nodeFolderFs, type FolderFs } from '../../../electron/core/backups/copy-fs'
import { BACKUP_FOLDER } from '../../../electron/core/backups/folder'
import { manualClock, startSetUpCore, tempDir, type TestCore } from '../../support/core'
import { recordingNotifier, scriptedDialogs } from '../../support/platform'
import { addShopper } from '../../support/shoppers'
import { trackedCoresEachTest } from '../../support/tracked-cores'

/**
 * The folder chosen for copies, checked again at each copy (copy-folder-recheck.ts): another
 * device at its path (a stick or phone taking its drive letter, a folder made anew) gets nothing,
 * nor does a folder that has become a link into the data folder; and old copies that cannot be
 * pruned never make a good copy count as failed. Real files and links in temporary folders.
 */
const track = trackedCoresEachTest()
const HOUR = 60 * 60_000
const backUpNow = (core: TestCore) => core.ok('backups:create', { destination: 'folder', passphrase: '' })
const copyState = async (core: TestCore) => (await core.ok('backups:list', {})).copy
const notChosen = (folder: string) =>
  `${folder} is not the folder chosen for copies: this PC's Backroom folder is not in it. Plug in the drive chosen, or choose the folder again`

async function start(options: { fs?: FolderFs } = {}) {
  const clock = manualClock()
  const scripted = scriptedDialogs()
  const { notifier, notices } = recordingNotifier()
  const logged: string[] = []
  const core = await track(
    startSetUpCore({
      automaticBackups: false,
      dialogs: scripted.dialogs,
      notifier,
      now: clock.now,
      idleLock: false,
      log: (line: string) => logged.push(line),
      ...(options.fs ? { backupCopy: { fs: options.fs, limits: { callMs: 5000, probeMs: 5000 } } } : {}),
    }),
  )
  await addShopper(core, { firstName: 'Ada', lastName: 'Byron' })
  const folder = tempDir('backroom-usb-')
  scripted.willPick(folder)
  const { copy } = await core.ok('backups:chooseCopyFolder', {})
  return { core, clock, scripted, notices, logged, folder, copiesIn: copy!.copiesIn }
}

describe('another device at the path of the folder chosen', () => {
  it('gets nothing, not even an erase, until the owner chooses the folder again', async () => {
    const { core, clock, scripted, notices, folder, copiesIn } = await start()
    const first = await backUpNow(core)
    const good = await copyState(core)

    // The stick is out; a phone takes its drive letter (or a folder is made anew at the path).
    renameSync(folder, join(tempDir('backroom-drawer-'), 'stick'))
    mkdirSync(folder)
    writeFileSync(join(folder, 'IMG_0001.jpg'), 'a stranger’s photo')
    const zed = await core.ok('customers:create', { firstName: 'Zedekiah', lastName: 'Quarrington', storeIds: [core.services.localStoreId()!] })
    clock.advance(HOUR)
    await backUpNow(core)
    expect(await copyState(core)).toEqual({
      folder,
      copiesIn,
      lastCopy: good!.lastCopy,
      failure: { at: clock.now().toISOString(), message: notChosen(folder), since: clock.now().toISOString() },
      scrubOwed: null,
      sameDisk: true,
    })
    expect(notices).toEqual([{ title: 'Backroom could not copy the backup', body: expect.stringContaining(notChosen(folder)) }])
    // The erase is owed there, not done on the stranger's device.
    await core.ok('customers:erase', { id: zed.id })
    expect((await copyState(core))!.scrubOwed).toEqual({ since: clock.now().toISOString() })
    expect(readdirSync(folder)).toEqual(['IMG_0001.jpg'])

    // The owner says this is the folder now: its own folder is made there, and copies go in.
    scripted.willPick(folder)
    expect((await core.ok('backups:chooseCopyFolder', {})).copy!.copiesIn).toBe(copiesIn)
    clock.advance(HOUR)
    const { backup } = await backUpNow(core)
    expect(await copyState(core)).toMatchObject({ lastCopy: { name: backup!.name }, failure: null, scrubOwed: null })
    expect(readdirSync(folder).sort()).toEqual([basename(copiesIn), 'IMG_0001.jpg'].sort())
    expect(readdirSync(copiesIn)).toEqual([backup!.name])
    expect(backup!.name).not.toBe(first.backup!.name)
  })
})

describe('a folder chosen that now leads into the data folder', () => {
  it('refuses the copy when the folder chosen has become a link to the data folder', async () => {
    const { core, clock, folder, copiesIn } = await start()
    await backUpNow(core)
    rmSync(folder, { recursive: true })
    symlinkSync(core.dir, folder)
    // This PC's folder there too, so only the link tells it is not the stick.
    mkdirSync(join(core.dir, basename(copiesIn)))
    clock.advance(HOUR)
    await backUpNow(core)
    expect((await copyState(core))!.failure).toMatchObject({ message: `${folder} now leads into Backroom's own data folder, so a copy there would die with this PC's disk. Choose a folder off this PC's disk again` })
    expect(readdirSync(join(core.dir, basename(copiesIn)))).toEqual([])
  })

  it("refuses the copy when this PC's folder there has become a link to the backups folder", async () => {
    const { core, clock, folder, copiesIn } = await start()
    await backUpNow(core)
    rmSync(copiesIn, { recursive: true })
    symlinkSync(join(core.dir, BACKUP_FOLDER), copiesIn)
    clock.advance(HOUR)
    await backUpNow(core)
    const { copy, backups } = await core.ok('backups:list', {})
    expect(copy!.failure).toMatchObject({ message: expect.stringMatching(new RegExp(`^${folder.replace(/[/\\]/g, '.')} now leads into Backroom's own data folder`)) })
    expect(copy!.lastCopy!.name).toBe(backups.at(-1)!.name)
    expect(readdirSync(join(core.dir, BACKUP_FOLDER)).filter((name) => name.endsWith('.partial'))).toEqual([])
  })
})

describe('old copies that cannot be pruned', () => {
  it('are logged and left: the copy counts as made, and the others are pruned', async () => {
    const stuck = 'backroom-2024-01-01T10-00-00-000Z-daily.sqlite'
    // The folder refuses to remove one file, as a read-only file or a sync tool's lock does.
    const fs: FolderFs = {
      ...nodeFolderFs,
      async remove(file) {
        if (basename(file) === stuck) throw Object.assign(new Error('operation not permitted'), { code: 'EPERM' })
        return nodeFolderFs.remove(file)
      },
    }
    const { core, notices, logged, copiesIn } = await start({ fs })
    const old = ['2024-01-02T10-00-00-000Z', '2024-01-02T09-00-00-000Z', '2024-01-01T11-00-00-000Z', '2024-01-01T10-00-00-000Z', '2024-01-01T09-00-00-000Z']
    mkdirSync(copiesIn, { recursive: true })
    for (const stamp of old) writeFileSync(join(copiesIn, `backroom-${stamp}-daily.sqlite`), 'an old copy')

    const { backup } = await backUpNow(core)
    expect(await copyState(core)).toMatchObject({ lastCopy: { name: backup!.name }, failure: null })
    expect(notices).toEqual([])
    const left = readdirSync(copiesIn)
    expect(left).toContain(stuck)
    expect(left).not.toContain('backroom-2024-01-01T09-00-00-000Z-daily.sqlite')
    expect(logged).toContain(`backup copy: the old copy ${stuck} in ${copiesIn} could not be removed (EPERM)`)
  })
})
