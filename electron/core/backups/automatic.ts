import type { BackupReason } from '../../contract/backups'
import type { CoreServices } from '../context'
import { localDateOf } from '../time/local-dates'
import { copyBackupAway } from './copy-away'
import { describeBackupFailure } from './failures'
import { listStoredBackups, removeStoredBackup, type StoredBackup } from './folder'
import { backupsToPrune } from './retention'
import { storeTimeZone } from './store-zone'
import { takeBackup } from './take'

type BackupServices = Pick<CoreServices, 'db' | 'dataDir' | 'now' | 'log' | 'notifier' | 'backups' | 'localStoreId'>

/**
 * Drops what the retention rule no longer keeps (only finished backups; a partial one is never
 * listed), never `justWritten`, the backup this prune follows.
 */
export async function pruneBackups(services: BackupServices, justWritten?: string, keep?: string): Promise<string[]> {
  const timeZone = (await storeTimeZone(services)) ?? 'UTC'
  const backups = listStoredBackups(services.dataDir).map((backup) => ({ ...backup, verified: backup.manifest !== null }))
  const pruned = backupsToPrune(backups, { timeZone, now: services.now(), justWritten }).filter((backup) => backup.name !== keep)
  for (const backup of pruned) removeStoredBackup(backup)
  return pruned.map((backup) => backup.name)
}

/**
 * Takes a verified backup (after any backup operation already running), then prunes, in the same
 * turn: a backup removed while an erase cleans it, or while a restore copies it, would fail them.
 * `keep`: a backup the prune must leave (the one a restore is about to restore). A failure is
 * remembered for the backups list, logged, and shown as an OS notification, then rethrown. Then
 * it is copied to the owner's other folder, if one is chosen: a copy that fails leaves the backup
 * made (copy-away.ts).
 */
export async function backUp(services: BackupServices, reason: BackupReason, keep?: string): Promise<StoredBackup> {
  try {
    const backup = await services.backups.exclusive(async () => {
      const taken = await takeBackup(services, reason)
      services.backups.lastFailure = null
      await pruneBackups(services, taken.name, keep)
      await copyBackupAway(services, taken)
      return taken
    })
    return backup
  } catch (error) {
    const message = describeBackupFailure(error)
    services.backups.lastFailure = { at: services.now().toISOString(), message }
    services.log(`backup (${reason}) failed: ${message}`)
    services.notifier.notify({ title: 'Backroom could not back up the store', body: message })
    throw error
  }
}

/** The first start of each store day backs up (any verified backup taken that day counts). */
export async function backUpIfDue(services: BackupServices): Promise<StoredBackup | null> {
  const timeZone = await storeTimeZone(services)
  if (!timeZone) return null
  const today = localDateOf(services.now(), timeZone)
  const done = listStoredBackups(services.dataDir).some((b) => b.manifest && localDateOf(b.takenAt, timeZone) === today)
  return done ? null : backUp(services, 'daily')
}
