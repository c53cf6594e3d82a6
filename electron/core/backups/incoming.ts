import { open, stat, statfs } from 'node:fs/promises'
import { knownMigrations } from '../db/migrate'
import { AppError } from '../errors'
import { ENCRYPTED_TAG_BYTES, NotReadable, readEncryptedHeader } from './encryption'
import type { Header } from './encrypted-header'
import { errorCode } from './failures'
import { withSqliteFile, type SqliteFile } from './sqlite-file'

/**
 * What a file offered for restore must show where it lies, before anything of it is copied
 * into the data folder (found by the audit: it was copied in first and checked after, so a file
 * of another kind, cut short or of a newer version, of any size, was written beside the store's
 * database, and could fill its disk, before it was refused). Only read, never changed:
 * - a plain file: SQLite's 100-byte header (its magic string, a page size SQLite writes, and a
 *   length that is whole pages, as many as the header says: not cut short), then the database
 *   read as it is, immutable (no lock taken, no journal, -wal or -shm made beside it): the tables
 *   every Backroom database has, a store, and no migration this version does not know;
 * - an encrypted file: its header (encrypted-header.ts: the shape the app writes, scrypt's cost
 *   capped) and, when it says them (copies saved since this check), the size of the database it
 *   holds (a file cut short is told before decrypting) and its newest migration;
 * - either: room on the data folder's disk for the copy.
 * The copy is then checked whole (staging.ts): integrity, schema objects, users, layout.
 */
export function notABackup(detail: string): AppError {
  const message = `This file is not a Backroom backup${detail}`
  return new AppError('VALIDATION', message, { fields: { name: message } })
}

function incomplete(): AppError {
  const message = 'This backup is incomplete: the file was cut short (perhaps while it was copied), so it cannot be restored'
  return new AppError('VALIDATION', message, { fields: { name: message } })
}

export function newerVersion(): AppError {
  return new AppError('CONFLICT', 'This backup was made by a newer version of Backroom: update the app, then restore it')
}

/** What a database must hold to be a Backroom backup this version can restore. */
export function requireBackroomDatabase(found: { tables: string[]; migrations: string[]; storeId: string | null }): void {
  if (!['knex_migrations', 'meta', 'stores', 'users', 'customers', 'receipts'].every((t) => found.tables.includes(t))) throw notABackup('')
  const known = new Set(knownMigrations())
  if (found.migrations.some((name) => !known.has(name))) throw newerVersion()
  if (!found.storeId) throw notABackup(': it holds no store')
}

/** The few rows requireBackroomDatabase needs (no row counts: a large file is read in a moment). */
async function sketchOf(file: SqliteFile) {
  const tables = (await file.all<{ name: string }>("SELECT name FROM sqlite_master WHERE type = 'table'")).map((row) => row.name)
  const migrations = tables.includes('knex_migrations') ? (await file.all<{ name: string }>('SELECT name FROM knex_migrations ORDER BY id')).map((row) => row.name) : []
  const store = tables.includes('meta') && tables.includes('stores')
    ? await file.get<{ id: string }>("SELECT s.id FROM meta m JOIN stores s ON s.id = m.value WHERE m.key = 'local_store_id'")
    : undefined
  return { tables, migrations, storeId: store?.id ?? null }
}

const SQLITE_MAGIC = Buffer.from('SQLite format 3\0', 'latin1')

async function firstBytes(path: string, count: number): Promise<Buffer> {
  const handle = await open(path, 'r')
  try {
    const buffer = Buffer.alloc(count)
    const { bytesRead } = await handle.read(buffer, 0, count, 0)
    return buffer.subarray(0, bytesRead)
  } finally {
    await handle.close()
  }
}

async function lookAtPlainFile(path: string, size: number): Promise<void> {
  const head = await firstBytes(path, 100)
  if (head.length < 100 || !head.subarray(0, 16).equals(SQLITE_MAGIC)) throw notABackup(', or it is damaged')
  const pageSize = head.readUInt16BE(16) === 1 ? 65536 : head.readUInt16BE(16)
  const powerOfTwo = pageSize >= 512 && pageSize <= 65536 && (pageSize & (pageSize - 1)) === 0
  // File format versions: 1 (rollback journal) or 2 (WAL); SQLite itself refuses a higher one.
  if (!powerOfTwo || ![1, 2].includes(head[18]) || ![1, 2].includes(head[19])) throw notABackup(', or it is damaged')
  // The page count in the header holds when the change counter it was written with is the current one.
  const pages = head.readUInt32BE(28)
  const pagesHold = pages > 0 && head.readUInt32BE(92) === head.readUInt32BE(24)
  if (size % pageSize !== 0 || (pagesHold && size < pages * pageSize)) throw incomplete()
  try {
    requireBackroomDatabase(await withSqliteFile(path, { immutable: true }, sketchOf))
  } catch (error) {
    if (errorCode(error) === 'SQLITE_NOTADB' || errorCode(error) === 'SQLITE_CORRUPT') throw notABackup(', or it is damaged')
    throw error
  }
}

/** The size of the database an encrypted file holds, checked against the file where the header says it. */
function lookAtEncryptedFile(size: number, { header, prefixBytes }: { header: Header; prefixBytes: number }): number {
  const content = header.content
  if (!content) return Math.max(0, size - prefixBytes - ENCRYPTED_TAG_BYTES)
  const expected = prefixBytes + content.bytes + ENCRYPTED_TAG_BYTES
  if (size < expected) throw incomplete()
  if (size > expected) throw notABackup(': it was changed or is incomplete')
  if (content.newestMigration !== null && !knownMigrations().includes(content.newestMigration)) throw newerVersion()
  return content.bytes
}

const megabytes = (bytes: number) => `${(bytes / (1024 * 1024)).toFixed(1)} MB`

/** Room for the copy, and a tenth more for bringing it up to date while the store goes on working. */
async function requireRoom(dataDir: string, bytes: number): Promise<void> {
  const { bavail, bsize } = await statfs(dataDir)
  const free = bavail * bsize
  const needed = bytes + Math.ceil(bytes / 10)
  if (free >= needed) return
  throw new AppError(
    'DISK_FULL',
    `There is not enough room on the disk to check this backup: it is copied into Backroom's data folder first, which takes ${megabytes(needed)}, and ${megabytes(free)} is free. Free some space on this PC, then try again`,
  )
}

/** A file that cannot be read at all (gone since it was picked, no permission), as a typed error. */
export function unreadable(error: unknown): AppError {
  if (errorCode(error) === 'ENOENT') return new AppError('NOT_FOUND', 'The backup file is not there any more: choose it again')
  const code = errorCode(error)
  return new AppError('BACKUP_FAILED', `The backup file could not be read${code ? ` (${code})` : ''}`)
}

/** Throws unless the file at `path` may be copied in (see above); answers whether it is encrypted. */
export async function lookBeforeCopying(path: string, dataDir: string): Promise<{ encrypted: boolean }> {
  let size: number
  let found: Awaited<ReturnType<typeof readEncryptedHeader>>
  try {
    size = (await stat(path)).size
    found = await readEncryptedHeader(path)
  } catch (error) {
    if (error instanceof NotReadable) throw notABackup(', or it is damaged')
    throw unreadable(error)
  }
  let bytes = size
  if (found) bytes = lookAtEncryptedFile(size, found)
  else {
    try {
      await lookAtPlainFile(path, size)
    } catch (error) {
      throw error instanceof AppError ? error : unreadable(error)
    }
  }
  await requireRoom(dataDir, bytes)
  return { encrypted: found !== null }
}
