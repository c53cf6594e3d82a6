import { statSync } from 'node:fs'
import { join } from 'node:path'
import type { CoreServices } from '../context'
import { readCopySetting, saveCopySetting, type CopySetting } from './copy-setting'
import { pruneCopies, removePartialCopies } from './copy-folder'
import { exportBackup } from './export'
import { errorCode, isDiskFull, isNotWritable } from './failures'
import type { StoredBackup } from './folder'
import { storeTimeZone } from './store-zone'

type CopyServices = Pick<CoreServices, 'db' | 'dataDir' | 'now' | 'log' | 'notifier' | 'localStoreId'>

/** The owner is told of failing copies at most this often (the Backups screen says it all along). */
const NOTIFY_EVERY_MS = 24 * 60 * 60_000

/** Why a copy failed, in words that follow "failed …:" on the Backups screen. */
export function describeCopyFailure(error: unknown): string {
  const code = errorCode(error)
  if (code === 'ENOENT') return 'the folder cannot be found (is the USB stick plugged in, the network share or cloud folder reachable?)'
  if (code === 'ENOTDIR') return 'it is not a folder any more'
  if (isDiskFull(error)) return 'the disk there is full'
  if (isNotWritable(error)) return 'Backroom may not write there (read-only, or no permission)'
  return `the copy could not be written${code ? ` (${code})` : ' or did not read back the same'}`
}

/** Into `folder`: hidden while written, synced, read back and compared, then named; old copies pruned. */
async function copyInto(services: CopyServices, backup: StoredBackup, folder: string): Promise<void> {
  // Never made when missing: a stick's mount point that is not there would put the copy on this disk.
  if (!statSync(folder).isDirectory()) throw Object.assign(new Error('not a folder'), { code: 'ENOTDIR' })
  removePartialCopies(folder)
  // Plain, as the backups on this PC are (the preview only goes into an encrypted file's header).
  const { manifest } = backup
  const preview = { takenAt: backup.takenAt.toISOString(), storeName: manifest?.storeName ?? null, customers: manifest?.customers ?? 0, receipts: manifest?.receipts ?? 0 }
  await exportBackup(backup.file, join(folder, backup.name), '', preview, null)
  const timeZone = (await storeTimeZone(services)) ?? 'UTC'
  pruneCopies(folder, { timeZone, now: services.now(), justWritten: backup.name })
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
 * Never throws: a stick pulled out or a share offline leaves the backup made, the failure on the
 * Backups screen (until a copy works again) and a notification at most once a day; the next
 * backup tries again. Runs in the backups' turn, as the backup it copies may otherwise be pruned
 * or rewritten by an erase meanwhile.
 */
export async function copyBackupAway(services: CopyServices, backup: StoredBackup): Promise<void> {
  const setting = readCopySetting(services.dataDir)
  if (!setting) return
  let outcome: CopySetting
  try {
    await copyInto(services, backup, setting.folder)
    outcome = { ...setting, lastCopy: { at: services.now().toISOString(), name: backup.name }, failure: null, notifiedAt: null }
  } catch (error) {
    outcome = failed(services, setting, backup, error)
  }
  try {
    saveCopySetting(services.dataDir, outcome)
  } catch (error) {
    // The data folder's disk is full or read-only: the backup itself said so if it mattered.
    services.log(`backup copy: its outcome could not be noted (${errorCode(error) ?? 'unknown'})`)
  }
}
