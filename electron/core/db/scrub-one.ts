import { closeSync, existsSync, fsyncSync, openSync, readFileSync, renameSync, statSync } from 'node:fs'
import { basename, dirname } from 'node:path'
import knex from 'knex'
import { manifestPathFor, partialPathFor, removeDatabaseFile } from '../backups/folder'
import { fileFacts, type BackupManifest } from '../backups/manifest'
import { withSqliteFile } from '../backups/sqlite-file'
import { syncFolder, writeFileDurably } from '../backups/take'
import { eraseCustomerRows } from '../customers/erasure/rows'
import { leaveNoTrace } from './free-space'

function syncFile(file: string): void {
  const fd = openSync(file, 'r+')
  try {
    fsyncSync(fd)
  } finally {
    closeSync(fd)
  }
}

/**
 * Erases customers from one backup file: the same statements as the live erase, the search
 * index merged as after it (an FTS5 delete only adds a marker: the old segment keeps the
 * customer's trigrams, and a vacuum copies segments as they are), then the whole database
 * written anew, so no freed page keeps an old value. The backup is switched to a rollback
 * journal first, so no WAL is left beside it.
 *
 * Written anew with VACUUM INTO a `.partial-` file beside it, synced and renamed over it, not
 * with VACUUM: VACUUM builds its copy in the system's temporary folder and then journals every
 * page it writes back, so it needs twice the backup's size, part of it on a disk that removing
 * backups cannot free (a full temporary folder failed every backup). VACUUM INTO needs one
 * backup's size, in the backups folder, and a crash leaves the backup whole (the partial file
 * is removed at the next start). A file without a customers table holds no customer: left as it is.
 */
export async function scrubOne(file: string, customerIds: readonly string[]): Promise<void> {
  const partial = partialPathFor(dirname(file), `scrub-${basename(file)}`)
  removeDatabaseFile(partial)
  const db = knex({ client: 'sqlite3', connection: { filename: file }, useNullAsDefault: true, pool: { min: 1, max: 1 } })
  let open = true
  const close = async () => {
    if (open) await db.destroy()
    open = false
  }
  try {
    if (!(await db.schema.hasTable('customers'))) return
    await db.raw('PRAGMA journal_mode = DELETE')
    await db.raw('PRAGMA secure_delete = ON')
    await db.transaction(async (trx) => {
      for (const id of customerIds) await eraseCustomerRows(trx, id)
    })
    await leaveNoTrace(db)
    await db.raw('VACUUM INTO ?', [partial])
    // Closed before the rename: Windows does not replace a file that is open.
    await close()
    syncFile(partial)
    renameSync(partial, file)
    syncFolder(dirname(file))
  } finally {
    await close()
    removeDatabaseFile(partial)
  }
}

/** A scrubbed backup's manifest says what it holds now (its counts and size changed). */
export async function refreshManifest(file: string): Promise<void> {
  const path = manifestPathFor(file)
  if (!existsSync(path)) return
  const manifest = JSON.parse(readFileSync(path, 'utf8')) as BackupManifest
  const facts = await withSqliteFile(file, { readOnly: true }, fileFacts)
  writeFileDurably(path, JSON.stringify({ ...manifest, ...facts, bytes: statSync(file).size }, null, 2))
}
