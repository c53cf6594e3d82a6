import { join } from 'node:path'
import type { CoreServices } from '../context'
import { databaseFileOf } from '../db/connection'
import { inCopyFolder, type FolderCall, type FolderFs } from './copy-fs'
import { pruneCopies, removePartialCopies } from './copy-folder'
import { onDataDisk, requireChosenFolder } from './copy-folder-recheck'
import { scrubCopies } from './copy-scrub'
import { copiesFolderOf, readCopySetting, saveCopySetting, type CopySetting } from './copy-setting'
import { writeCopy } from './copy-write'
import { describeCopyFailure, errorCode } from './failures'
import type { StoredBackup } from './folder'
import { storeTimeZone } from './store-zone'
import { dataFolderRealPaths } from './target'

type CopyServices = Pick<CoreServices, 'db' | 'dataDir' | 'now' | 'log' | 'notifier' | 'localStoreId' | 'backups'>

/** The owner is told of failing copies at most this often (the Backups screen says it all along). */
const NOTIFY_EVERY_MS = 24 * 60 * 60_000

/**
 * Into this PC's folder inside the one chosen, once that is checked to be the folder chosen
 * (copy-folder-recheck.ts): first the erase the copies there are owed, if any (copy-scrub.ts),
 * then the backup, hidden while written, synced, read back and compared, then named. Answers
 * whether the folder is on the data folder's disk, as it is now (a setting from before it was
 * kept, or a share now mounted elsewhere, learns it here).
 */
async function copyInto(services: CopyServices, fs: FolderFs, call: FolderCall, backup: StoredBackup, setting: CopySetting): Promise<boolean> {
  const dataFolders = dataFolderRealPaths(services.dataDir, databaseFileOf(services.db))
  // Neither folder is ever made here: a stick's missing mount point would put the copy on this
  // disk, and a folder made anew at the path (another stick on its drive letter) is not the one chosen.
  await requireChosenFolder(fs, call, setting, dataFolders)
  if (setting.scrubOwed) await scrubCopies(services, fs, call, setting, setting.scrubOwed.customerIds)
  const folder = copiesFolderOf(setting)
  await removePartialCopies(fs, call, folder)
  // Plain, as the backups on this PC are.
  await writeCopy(fs, call, backup.file, join(folder, backup.name))
  return onDataDisk(fs, call, setting.folder, dataFolders)
}

/**
 * After a copy that worked: old copies pruned there (and only there: another PC's are in a folder
 * of their own). On its own watch, after the copy's: a prune that fails or hangs is logged and
 * never makes the copy just made count as failed (a hung call still keeps the folder out of reach
 * until it answers, inCopyFolder).
 */
async function pruneAfterCopy(services: CopyServices, backup: StoredBackup, setting: CopySetting): Promise<void> {
  const folder = copiesFolderOf(setting)
  try {
    const moment = { timeZone: (await storeTimeZone(services)) ?? 'UTC', now: services.now(), justWritten: backup.name }
    await inCopyFolder(services.backups, (fs, call) => pruneCopies(fs, call, folder, moment, services.log))
  } catch (error) {
    services.log(`backup copy: old copies in ${folder} were not pruned: ${describeCopyFailure(error)}`)
  }
}

function failed(services: CopyServices, setting: CopySetting, backup: StoredBackup, error: unknown): CopySetting {
  const now = services.now()
  const message = describeCopyFailure(error)
  services.log(`backup copy to ${setting.folder} failed: ${message}`)
  const since = setting.failure?.since ?? backup.takenAt.toISOString()
  const lastNotice = setting.notifiedAt ? Date.parse(setting.notifiedAt) : Number.NaN
  let notifiedAt = setting.notifiedAt
  if (!(now.getTime() - lastNotice < NOTIFY_EVERY_MS)) {
    services.notifier.notify({
      title: 'Backroom could not copy the backup',
      body: `The backup is kept on this PC, but its copy to ${setting.folder} failed: ${message}. See Settings → Backups.`,
    })
    notifiedAt = now.toISOString()
  }
  return { ...setting, failure: { at: now.toISOString(), message, since }, notifiedAt }
}

/**
 * After a backup is written and verified: a copy of it into the folder the owner chose, if any.
 * Never throws: a stick pulled out, a share offline, or one that does not answer a call within
 * the time limit (2 minutes: the turn goes on without it, see copy-fs.ts) leaves the backup made,
 * the failure on the Backups screen (until a copy works again) and a notification at most once a
 * day; the next backup tries again. Runs in the backups' turn, as the backup it copies may
 * otherwise be pruned or rewritten by an erase meanwhile.
 */
export async function copyBackupAway(services: CopyServices, backup: StoredBackup): Promise<void> {
  const setting = readCopySetting(services.dataDir)
  if (!setting) return
  let outcome: CopySetting
  try {
    const sameDisk = await inCopyFolder(services.backups, (fs, call) => copyInto(services, fs, call, backup, setting))
    outcome = { ...setting, lastCopy: { at: services.now().toISOString(), name: backup.name }, failure: null, notifiedAt: null, scrubOwed: null, sameDisk }
  } catch (error) {
    outcome = failed(services, setting, backup, error)
  }
  if (!outcome.failure) await pruneAfterCopy(services, backup, setting)
  try {
    saveCopySetting(services.dataDir, outcome)
  } catch (error) {
    // The data folder's disk is full or read-only: the backup itself said so if it mattered.
    services.log(`backup copy: its outcome could not be noted (${errorCode(error) ?? 'unknown'})`)
  }
}
