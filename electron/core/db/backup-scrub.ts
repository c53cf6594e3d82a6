import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs'
import { join } from 'node:path'
import knex from 'knex'
import { BACKUP_FOLDER, manifestPathFor, parseBackupName, removeDatabaseFile, removeStoredBackup } from '../backups/folder'
import { fileFacts, type BackupManifest } from '../backups/manifest'
import { withSqliteFile } from '../backups/sqlite-file'
import { dropStaged } from '../backups/staging'
import { writeFileDurably } from '../backups/take'
import type { CoreServices } from '../context'
import { eraseCustomerRows } from '../customers/erasure/rows'
import { leaveNoTrace } from './free-space'

export interface ScrubResult {
  /** Backups rewritten without the erased customers. */
  backupsCleaned: number
  /** Files in the backups folder that could not be opened as a database, removed so they cannot keep the data. */
  backupsRemoved: number
}

/** The files of the backups folder that may hold data: all but manifests and SQLite's side files. */
function backupFiles(folder: string): string[] {
  if (!existsSync(folder)) return []
  return readdirSync(folder).filter((name) => !/-(wal|shm|journal)$/.test(name) && !(name.endsWith('.json') && parseBackupName(name.replace(/\.json$/, '.sqlite'))))
}

/**
 * Erases customers from one backup file: the same statements as the live erase, the search
 * index merged as after it (an FTS5 delete only adds a marker: the old segment keeps the
 * customer's trigrams, and VACUUM copies segments as they are), then VACUUM, which writes the
 * whole database anew, so no freed page keeps an old value. The backup is switched to a
 * rollback journal first, so no WAL is left beside it.
 */
async function scrubOne(file: string, customerIds: readonly string[]): Promise<void> {
  const db = knex({ client: 'sqlite3', connection: { filename: file }, useNullAsDefault: true, pool: { min: 1, max: 1 } })
  try {
    await db.raw('PRAGMA journal_mode = DELETE')
    await db.raw('PRAGMA secure_delete = ON')
    await db.transaction(async (trx) => {
      for (const id of customerIds) await eraseCustomerRows(trx, id)
    })
    await leaveNoTrace(db)
    await db.raw('VACUUM')
  } finally {
    await db.destroy()
  }
}

/** A scrubbed backup's manifest says what it holds now (its counts and size changed). */
async function refreshManifest(file: string): Promise<void> {
  const path = manifestPathFor(file)
  if (!existsSync(path)) return
  const manifest = JSON.parse(readFileSync(path, 'utf8')) as BackupManifest
  const facts = await withSqliteFile(file, { readOnly: true }, fileFacts)
  writeFileDurably(path, JSON.stringify({ ...manifest, ...facts, bytes: statSync(file).size }, null, 2))
}

/**
 * Applies an erasure to every backup in `<dataDir>/backups`, after any backup or restore that
 * is running (one at a time), and drops a copy prepared for restore (a later restore prepares
 * it again and erases them in it). A file that is not a database this app can open (damaged,
 * or of another kind) cannot be shown clean, so it is removed. Copies taken elsewhere (a USB
 * stick) are out of reach: README says what they keep.
 */
export async function scrubBackups(
  services: Pick<CoreServices, 'dataDir' | 'log' | 'backups'>,
  customerIds: readonly string[],
): Promise<ScrubResult> {
  return services.backups.exclusive(async () => {
    await dropStaged(services)
    const folder = join(services.dataDir, BACKUP_FOLDER)
    const result: ScrubResult = { backupsCleaned: 0, backupsRemoved: 0 }
    for (const name of backupFiles(folder)) {
      const file = join(folder, name)
      try {
        await scrubOne(file, customerIds)
        await refreshManifest(file)
        result.backupsCleaned += 1
      } catch {
        services.log(`erase: backup ${name} could not be cleaned and was removed`)
        if (parseBackupName(name)) removeStoredBackup({ file })
        else removeDatabaseFile(file)
        result.backupsRemoved += 1
      }
    }
    return result
  })
}
