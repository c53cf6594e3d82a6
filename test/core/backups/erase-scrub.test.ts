import { existsSync, readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { afterEach, describe, expect, it } from 'vitest'
import { backupFileName, backupFolder } from '../../../electron/core/backups/folder'
import { SqliteFile } from '../../../electron/core/backups/sqlite-file'
import { takeBackup } from '../../../electron/core/backups/take'
import { retryBackupScrubs } from '../../../electron/core/db/backup-scrub'
import { startSetUpCore, type TestCore } from '../../support/core'
import { recordingNotifier } from '../../support/platform'
import { dataDirWithSmallDisk, smallDisksWork, type SmallDisk } from '../../support/small-disk'

/**
 * Erasing a customer rewrites every backup in the backups folder without them (db/backup-scrub.ts).
 * A backup that cannot be rewritten must neither keep the customer unnoticed nor be thrown away
 * for a passing reason: found by the audit, every backup was removed on a disk without room to
 * rewrite them, and one held open by another program was removed too, and nobody was told.
 */
let core: TestCore | undefined
let disk: SmallDisk | undefined
afterEach(async () => {
  await core?.close()
  disk?.unmount()
  await core?.cleanup()
  core = disk = undefined
})

const holds = (file: string, text: string) => readFileSync(file).includes(Buffer.from(text))

/** A store with Zed (to erase) among others, some of them with long notes, so a backup has some size. */
async function storeWithZed(c: TestCore) {
  const storeIds = [c.services.localStoreId()!]
  for (let i = 0; i < 40; i++) await c.ok('customers:create', { firstName: `Neighbour ${i}`, notes: 'stays '.repeat(300), storeIds })
  return c.ok('customers:create', { firstName: 'Zedekiah', lastName: 'Quarrington', notes: 'Zed lives at 9 Quarry Lane', storeIds })
}

describe('erasing a customer when a backup cannot be cleaned', () => {
  it('keeps a backup another program holds open, says so, and cleans it once it is free', async () => {
    const notices = recordingNotifier()
    core = await startSetUpCore({ automaticBackups: false, notifier: notices.notifier })
    const zed = await storeWithZed(core)
    const kept = await takeBackup(core.services, 'manual')
    const other = await takeBackup(core.services, 'daily')
    // Another program (an SQLite browser) is reading it: its read transaction blocks every write.
    const reader = await SqliteFile.open(kept.file, { readOnly: true })
    await reader.exec('BEGIN')
    await reader.all('SELECT count(*) FROM customers')

    const answer = await core.ok('customers:erase', { id: zed.id })

    expect(answer).toMatchObject({ backupsCleaned: 1, backupsRemoved: 0 })
    expect(answer.notCleaned).toEqual([
      { name: kept.name, takenAt: kept.takenAt.toISOString(), removed: false, reason: expect.stringContaining('Another program has it open') },
    ])
    expect(existsSync(kept.file) && holds(kept.file, 'Quarrington')).toBe(true)
    expect(holds(other.file, 'Quarrington')).toBe(false)
    // Told where nobody asked too (an erase that arrived from another store): the Backups screen and a notification.
    expect((await core.ok('backups:list', {})).eraseNotice).toMatchObject({ notCleaned: [{ name: kept.name, removed: false }] })
    expect(notices.notices).toEqual([expect.objectContaining({ title: 'A backup could not be cleaned of an erased customer' })])

    await reader.exec('COMMIT')
    await reader.close()
    // Tried again (at start and every half hour): cleaned now, and the notice goes.
    expect(await retryBackupScrubs(core.services)).toMatchObject({ backupsCleaned: 1, notCleaned: [] })
    expect(holds(kept.file, 'Quarrington')).toBe(false)
    expect((await core.ok('backups:list', {})).backups.find((b) => b.name === kept.name)).toMatchObject({ verified: true })
    expect((await core.ok('backups:list', {})).eraseNotice).toBeNull()
    // Nothing is left to try.
    expect(await retryBackupScrubs(core.services)).toEqual({ backupsCleaned: 0, backupsRemoved: 0, notCleaned: [] })
  })

  it('removes a file that is not a database it can clean, and says which and why', async () => {
    core = await startSetUpCore({ automaticBackups: false })
    const zed = await storeWithZed(core)
    const good = await takeBackup(core.services, 'manual')
    const broken = join(backupFolder(core.dir), backupFileName(new Date(Date.now() - 60_000), 'daily'))
    writeFileSync(broken, 'not a database, but it says Quarrington '.repeat(50))

    const answer = await core.ok('customers:erase', { id: zed.id })

    expect(answer).toEqual({
      backupsCleaned: 1,
      backupsRemoved: 1,
      notCleaned: [{ name: broken.split('/').pop(), takenAt: expect.any(String), removed: true, reason: expect.stringContaining('damaged') }],
    })
    expect(existsSync(broken)).toBe(false)
    expect(holds(good.file, 'Quarrington')).toBe(false)
  })

  it.runIf(smallDisksWork)('on a disk without room to rewrite the backups, removes only as many as it must, oldest first, and says so', async () => {
    const small = dataDirWithSmallDisk('backups')
    disk = small.disk
    core = await startSetUpCore({ automaticBackups: false, dataDir: small.dataDir })
    const zed = await storeWithZed(core)
    const backups = []
    for (const reason of ['daily', 'manual', 'manual'] as const) backups.push(await takeBackup(core.services, reason))
    const size = statSync(backups[0].file).size
    // Rewriting a backup needs about its own size again (its journal): half of that is left.
    disk.leaveRoom(Math.floor(size / 2))

    const answer = await core.ok('customers:erase', { id: zed.id })

    const [oldest, ...newer] = backups
    expect(answer).toEqual({
      backupsCleaned: 2,
      backupsRemoved: 1,
      notCleaned: [{ name: oldest.name, takenAt: oldest.takenAt.toISOString(), removed: true, reason: expect.stringContaining('no room') }],
    })
    expect(existsSync(oldest.file) || existsSync(oldest.file.replace(/\.sqlite$/, '.json'))).toBe(false)
    for (const backup of newer) expect(holds(backup.file, 'Quarrington'), backup.name).toBe(false)
    expect(readdirSync(disk.folder).sort()).toEqual(newer.flatMap((b) => [b.name, b.name.replace(/\.sqlite$/, '.json')]).sort())
  })
})
