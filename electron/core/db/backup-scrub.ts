import { existsSync, readdirSync, rmSync } from 'node:fs'
import { join } from 'node:path'
import knex from 'knex'
import { eraseCustomerRows } from '../customers/erasure/rows'

export interface ScrubResult {
  /** Backups rewritten without the erased customers. */
  backupsCleaned: number
  /** Files in the backups folder that could not be opened as a database, removed so they cannot keep the data. */
  backupsRemoved: number
}

/** The backups folder's files that are databases or their leftovers, by name. */
function backupFiles(folder: string): string[] {
  if (!existsSync(folder)) return []
  return readdirSync(folder).filter((name) => !/-(wal|shm|journal)$/.test(name))
}

/**
 * Erases customers from one backup file: the same statements as the live erase, then VACUUM,
 * which writes the whole database anew, so no freed page keeps an old value. The backup is
 * switched to a rollback journal first, so no WAL is left beside it.
 */
async function scrubOne(file: string, customerIds: readonly string[]): Promise<void> {
  const db = knex({ client: 'sqlite3', connection: { filename: file }, useNullAsDefault: true, pool: { min: 1, max: 1 } })
  try {
    await db.raw('PRAGMA journal_mode = DELETE')
    await db.raw('PRAGMA secure_delete = ON')
    await db.transaction(async (trx) => {
      for (const id of customerIds) await eraseCustomerRows(trx, id)
    })
    await db.raw('VACUUM')
  } finally {
    await db.destroy()
  }
}

/**
 * Applies an erasure to every backup in `<dataDir>/backups`. A file that is not a database
 * this app can open (damaged, or of another kind) cannot be shown clean, so it is removed.
 * Copies taken elsewhere (a USB stick) are out of reach: README says what they keep.
 */
export async function scrubBackups(dataDir: string, customerIds: readonly string[], log: (message: string) => void): Promise<ScrubResult> {
  const folder = join(dataDir, 'backups')
  const result: ScrubResult = { backupsCleaned: 0, backupsRemoved: 0 }
  for (const name of backupFiles(folder)) {
    const file = join(folder, name)
    try {
      await scrubOne(file, customerIds)
      result.backupsCleaned += 1
    } catch {
      log(`erase: backup ${name} could not be cleaned and was removed`)
      for (const suffix of ['', '-wal', '-shm', '-journal']) rmSync(`${file}${suffix}`, { force: true })
      result.backupsRemoved += 1
    }
  }
  return result
}
