import { existsSync, readdirSync } from 'node:fs'
import { join } from 'node:path'
import type { BackupNotCleaned } from '../../contract/backups'
import { scrubCopyFolder } from '../backups/copy-scrub'
import { readPendingErasures, savePendingErasures } from '../backups/erase-pending'
import { errorCode, isDiskFull, isNotWritable } from '../backups/failures'
import { BACKUP_FOLDER, parseBackupName, removeDatabaseFile, removeStoredBackup } from '../backups/folder'
import { dropStaged } from '../backups/staging'
import type { CoreServices } from '../context'
import { refreshManifest, scrubOne } from './scrub-one'

export interface ScrubResult {
  /** Backups rewritten without the erased customers. */
  backupsCleaned: number
  /** Backups removed because they could not be cleaned (no room on the disk, or damaged). */
  backupsRemoved: number
  /** Every backup that could not be cleaned: removed or kept, and why. */
  notCleaned: BackupNotCleaned[]
}

type ScrubServices = Pick<CoreServices, 'db' | 'dataDir' | 'log' | 'backups' | 'notifier' | 'now'>

/**
 * What becomes of a backup that could not be cleaned. An erased customer may not stay readable
 * in the data folder, but a backup is the store's way back after a disaster, so it is removed
 * only when keeping it would keep the customer for good:
 * - no room on the disk to write it anew: removed, but only as many as must be (see scrubAll);
 * - damaged, or not a database: it cannot be opened to clean it, nor could it be restored (the
 *   restore's check refuses it), so removing it loses no backup;
 * - anything else (another program has it open, a read-only file, a disk error) passes, or the
 *   user can mend it: kept, the customers still to erase noted (backups/erase-pending.ts), and
 *   cleaned at the next erase, at the next start and every half hour. A restore erases them
 *   again in what it restores meanwhile (backups/restore.ts), so it never brings one back.
 */
const STILL_HOLDS = 'It is kept, and still holds the erased customer: Backroom cleans it as soon as it can (at the next start, every half hour and at the next erase)'
const NO_ROOM = 'There was no room on the disk to clean it, so it was removed: a backup may not keep a customer who was erased. Free some space on the disk'
const DAMAGED = 'It is damaged or not a Backroom backup, so it could not be opened to clean it, and it was removed (it could not have been restored either)'

type Failure = { kind: 'no-room' } | { kind: 'damaged' } | { kind: 'kept'; reason: string }

function failureOf(error: unknown): Failure {
  const code = errorCode(error)
  if (isDiskFull(error)) return { kind: 'no-room' }
  if (code === 'SQLITE_NOTADB' || code === 'SQLITE_CORRUPT') return { kind: 'damaged' }
  if (code === 'SQLITE_BUSY' || code === 'SQLITE_LOCKED' || code === 'EBUSY') return { kind: 'kept', reason: `Another program has it open, so it could not be cleaned. ${STILL_HOLDS}; or close that program` }
  if (isNotWritable(error)) return { kind: 'kept', reason: `The file or its folder is read-only, so it could not be cleaned. ${STILL_HOLDS}` }
  return { kind: 'kept', reason: `It could not be cleaned${code ? ` (${code})` : ''}. ${STILL_HOLDS}` }
}

/** The files of the backups folder that may hold data: all but manifests, SQLite's side files and partial files. */
function backupFiles(folder: string): string[] {
  if (!existsSync(folder)) return []
  const manifest = (name: string) => name.endsWith('.json') && parseBackupName(name.replace(/\.json$/, '.sqlite'))
  return readdirSync(folder).filter((name) => !/-(wal|shm|journal)$/.test(name) && !manifest(name) && !name.startsWith('.partial-'))
}

interface Work {
  name: string
  file: string
  takenAt: Date | null
  ids: string[]
}

/** Files of another name first (not backups the app lists), then backups from the oldest. */
const oldestFirst = (a: Work, b: Work) => (a.takenAt?.getTime() ?? -Infinity) - (b.takenAt?.getTime() ?? -Infinity) || a.name.localeCompare(b.name)

/**
 * Cleans each file of the customers it must lose. Those without room to be written anew are
 * removed one at a time, the oldest first, and the others tried again after each: the room a
 * removed backup frees (its size) is what writing another anew takes, so on a full disk one or
 * two go, not every backup as before.
 */
async function scrubAll(services: ScrubServices, customerIds: readonly string[]): Promise<ScrubResult> {
  const folder = join(services.dataDir, BACKUP_FOLDER)
  const pending = readPendingErasures(services.dataDir, services.log)
  const files = backupFiles(folder)
  for (const name of pending.keys()) if (!files.includes(name)) pending.delete(name)
  const work: Work[] = files
    .map((name) => ({ name, file: join(folder, name), takenAt: parseBackupName(name)?.takenAt ?? null, ids: [...new Set([...customerIds, ...(pending.get(name) ?? [])])] }))
    .filter((w) => w.ids.length > 0)
    .sort(oldestFirst)
  const result: ScrubResult = { backupsCleaned: 0, backupsRemoved: 0, notCleaned: [] }
  const tell = (w: Work, removed: boolean, reason: string) => {
    services.log(`erase: backup ${w.name} could not be cleaned and was ${removed ? 'removed' : 'kept'}: ${reason}`)
    result.notCleaned.push({ name: w.name, takenAt: w.takenAt?.toISOString() ?? null, removed, reason })
  }
  const remove = (w: Work, reason: string) => {
    try {
      if (w.takenAt) removeStoredBackup({ file: w.file })
      else removeDatabaseFile(w.file)
    } catch (error) {
      pending.set(w.name, new Set(w.ids))
      return tell(w, false, `It could not be cleaned, nor removed (${errorCode(error) ?? 'error'}). ${STILL_HOLDS}`)
    }
    pending.delete(w.name)
    result.backupsRemoved += 1
    tell(w, true, reason)
  }
  /** Cleans `w`, or settles what becomes of it; answers false when it lacks room (left to the caller). */
  const attempt = async (w: Work): Promise<boolean> => {
    try {
      await scrubOne(w.file, w.ids)
      await refreshManifest(w.file)
      pending.delete(w.name)
      result.backupsCleaned += 1
      return true
    } catch (error) {
      const failure = failureOf(error)
      if (failure.kind === 'no-room') return false
      if (failure.kind === 'damaged') remove(w, DAMAGED)
      else {
        pending.set(w.name, new Set(w.ids))
        tell(w, false, failure.reason)
      }
      return true
    }
  }
  let noRoom: Work[] = []
  for (const w of work) if (!(await attempt(w))) noRoom.push(w)
  while (noRoom.length > 0) {
    remove(noRoom.shift()!, NO_ROOM)
    const left: Work[] = []
    for (const w of noRoom) if (!(await attempt(w))) left.push(w)
    noRoom = left
  }
  savePendingErasures(services.dataDir, pending)
  return result
}

/**
 * What the Backups screen shows until it is resolved, and a notification, since an erase that
 * came from another store has nobody waiting for its answer. A retry keeps what the erase
 * removed on the screen, and what it still could not clean.
 */
function tellTheUser(services: ScrubServices, result: ScrubResult, forErase: boolean): void {
  const state = services.backups
  const earlier = forErase ? [] : (state.eraseNotice?.notCleaned.filter((problem) => problem.removed) ?? [])
  const notCleaned = [...earlier, ...result.notCleaned]
  const at = !forErase && state.eraseNotice ? state.eraseNotice.at : services.now().toISOString()
  state.eraseNotice = notCleaned.length > 0 ? { at, notCleaned } : null
  if (!(forErase ? result.notCleaned.length > 0 : result.backupsRemoved > 0)) return
  const shown = forErase ? result.notCleaned : result.notCleaned.filter((problem) => problem.removed)
  const removed = shown.filter((problem) => problem.removed).length
  const kept = shown.length - removed
  services.notifier.notify({
    title: shown.length === 1 ? 'A backup could not be cleaned of an erased customer' : `${shown.length} backups could not be cleaned of an erased customer`,
    body: [removed ? `${removed} removed` : '', kept ? `${kept} kept, to be cleaned later` : ''].filter(Boolean).join(', ') + '. See Settings → Backups.',
  })
}

/**
 * Applies an erasure to every backup in `<dataDir>/backups`, after any backup or restore that
 * is running (one at a time), and drops a copy prepared for restore (a later restore prepares
 * it again and erases them in it). Backups kept by an earlier erase get their customers erased
 * too. Then the copies in the folder the owner chose for them (backups/copy-scrub.ts): out of
 * reach, they are owed the erase, done at the next copy there. Copies saved elsewhere by hand (a
 * USB stick) are out of reach: README says what they keep.
 */
export function scrubBackups(services: ScrubServices, customerIds: readonly string[]): Promise<ScrubResult> {
  return services.backups.exclusive(async () => {
    await dropStaged(services)
    const result = await scrubAll(services, customerIds)
    tellTheUser(services, result, true)
    await scrubCopyFolder(services, customerIds)
    return result
  })
}

/** Cleans the backups an earlier erase had to keep (at start and every half hour, with the backup check). */
export async function retryBackupScrubs(services: ScrubServices): Promise<ScrubResult> {
  if (readPendingErasures(services.dataDir, services.log).size === 0) return { backupsCleaned: 0, backupsRemoved: 0, notCleaned: [] }
  return services.backups.exclusive(async () => {
    const result = await scrubAll(services, [])
    tellTheUser(services, result, false)
    return result
  })
}
