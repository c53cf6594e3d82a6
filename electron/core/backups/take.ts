import { closeSync, existsSync, fsyncSync, openSync, renameSync, statSync, writeFileSync } from 'node:fs'
import { dirname, join } from 'node:path'
import type { Knex } from 'knex'
import type { BackupReason } from '../../contract/backups'
import {
  backupFileName,
  backupFolder,
  manifestPathFor,
  partialPathFor,
  removeDatabaseFile,
  type StoredBackup,
} from './folder'
import { MANIFEST_TABLE, readFacts, verifyCopy, type BackupManifest } from './manifest'
import { copyLiveDatabase, rawAll } from './online-copy'
import { withSqliteFile } from './sqlite-file'

/** What taking a backup needs: it also runs before migrations, before the rest of the core exists. */
export interface BackupSource {
  db: Knex
  dataDir: string
  now: () => Date
}

/** Makes a rename survive a power cut: the folder's entry is on disk too (not possible on Windows, where rename is durable). */
export function syncFolder(folder: string): void {
  let fd: number | undefined
  try {
    fd = openSync(folder, 'r')
    fsyncSync(fd)
  } catch {
    // Windows cannot open a folder for syncing.
  } finally {
    if (fd !== undefined) closeSync(fd)
  }
}

/** Writes a small file under a temporary name, synced, then renames it into place. */
export function writeFileDurably(file: string, content: string): void {
  const partial = join(dirname(file), `.partial-${Date.now()}-${process.pid}.tmp`)
  const fd = openSync(partial, 'w')
  try {
    writeFileSync(fd, content)
    fsyncSync(fd)
  } finally {
    closeSync(fd)
  }
  renameSync(partial, file)
}

/** A name not taken yet: two backups in the same millisecond get the next millisecond. */
function freeName(folder: string, at: Date, reason: BackupReason): string {
  let ms = at.getTime()
  while (existsSync(join(folder, backupFileName(new Date(ms), reason)))) ms += 1
  return backupFileName(new Date(ms), reason)
}

/**
 * Takes a backup into the backups folder and returns it once it is verified. It is written as
 * `.partial-<name>`, made a single self-contained file (rollback journal, no WAL) that says when
 * and why it was taken, opened and checked; only then does it get its final name. Anything that
 * fails on the way removes the partial copy and throws: a failed backup is never kept as good.
 */
export async function takeBackup(source: BackupSource, reason: BackupReason): Promise<StoredBackup> {
  const folder = backupFolder(source.dataDir)
  const takenAt = source.now()
  const name = freeName(folder, takenAt, reason)
  const file = join(folder, name)
  const partial = partialPathFor(folder, name)
  removeDatabaseFile(partial)
  try {
    const expected = await copyLiveDatabase(source.db, partial, (connection) => readFacts((sql) => rawAll(connection, sql)))
    await withSqliteFile(partial, {}, async (copy) => {
      await copy.exec('PRAGMA journal_mode = DELETE')
      await copy.exec(`CREATE TABLE ${MANIFEST_TABLE} (key TEXT PRIMARY KEY, value TEXT NOT NULL)`)
      await copy.run(`INSERT INTO ${MANIFEST_TABLE} (key, value) VALUES ('taken_at', ?), ('reason', ?)`, [takenAt.toISOString(), reason])
    })
    const facts = await verifyCopy(partial, expected)
    const manifest: BackupManifest = {
      format: 1,
      ...facts,
      takenAt: takenAt.toISOString(),
      reason,
      bytes: statSync(partial).size,
      verifiedAt: source.now().toISOString(),
    }
    writeFileDurably(manifestPathFor(file), JSON.stringify(manifest, null, 2))
    renameSync(partial, file)
    syncFolder(folder)
    return { name, file, takenAt, reason, bytes: manifest.bytes, manifest }
  } catch (error) {
    removeDatabaseFile(partial)
    throw error
  }
}
