import { existsSync, mkdirSync, readdirSync, readFileSync, rmSync, statSync } from 'node:fs'
import { join } from 'node:path'
import { BACKUP_REASONS, type BackupReason } from '../../contract/backups'
import { AppError } from '../errors'
import { errorCode } from './failures'
import type { BackupManifest } from './manifest'

/**
 * The backups folder inside the data folder. A finished backup is two files:
 * `backroom-<UTC time>-<reason>.sqlite` and its manifest `….json` (what it holds, verified when).
 * While it is written and checked it is `.partial-…`; only a verified copy gets its final name,
 * so a crash can never leave a half-written file that looks like a good one.
 */
export const BACKUP_FOLDER = 'backups'
const PREFIX = 'backroom-'
const PARTIAL = '.partial-'
const NAME = new RegExp(`^${PREFIX}(\\d{4}-\\d{2}-\\d{2}T\\d{2}-\\d{2}-\\d{2}-\\d{3}Z)-(${BACKUP_REASONS.join('|')})\\.sqlite$`)
/** What SQLite may leave beside a database file. */
const SIDE_FILES = ['-journal', '-wal', '-shm']

/**
 * The folder cannot be made or read (a file in its place, no permission): said as such, naming
 * it, rather than as INTERNAL (the list) or a backup that "could not be written (EEXIST)".
 */
function folderUnusable(folder: string, error: unknown): AppError {
  const code = errorCode(error)
  return new AppError('BACKUP_FAILED', `The backups folder ${folder} cannot be used${code ? ` (${code})` : ''}: make sure it is a folder Backroom may write to, then try again`)
}

export function backupFolder(dataDir: string): string {
  const folder = join(dataDir, BACKUP_FOLDER)
  try {
    mkdirSync(folder, { recursive: true })
  } catch (error) {
    throw folderUnusable(folder, error)
  }
  return folder
}

function namesIn(folder: string): string[] {
  try {
    return readdirSync(folder)
  } catch (error) {
    throw folderUnusable(folder, error)
  }
}

function stampOf(at: Date): string {
  return at.toISOString().replace(/[:.]/g, '-')
}

export function backupFileName(at: Date, reason: BackupReason): string {
  return `${PREFIX}${stampOf(at)}-${reason}.sqlite`
}

export function partialPathFor(folder: string, name: string): string {
  return join(folder, `${PARTIAL}${name}`)
}

export function manifestPathFor(file: string): string {
  return file.replace(/\.sqlite$/, '.json')
}

/** The time and reason a backup's name carries, or null for a file that is not one of ours. */
export function parseBackupName(name: string): { takenAt: Date; reason: BackupReason } | null {
  const match = NAME.exec(name)
  if (!match) return null
  const [date, time] = match[1].split('T')
  const [h, m, s, ms] = time.replace('Z', '').split('-')
  const takenAt = new Date(`${date}T${h}:${m}:${s}.${ms}Z`)
  return Number.isNaN(takenAt.getTime()) ? null : { takenAt, reason: match[2] as BackupReason }
}

export interface StoredBackup {
  name: string
  file: string
  takenAt: Date
  reason: BackupReason
  bytes: number
  /** Null when the file has no manifest (copied in by hand, or written by an older version). */
  manifest: BackupManifest | null
}

const isCount = (value: unknown) => Number.isSafeInteger(value) && (value as number) >= 0

/**
 * A manifest as the app writes it. One edited or damaged into another shape (`{"customers":
 * "many"}`, `123`, `[]`) made the list answer INTERNAL, or counted its backup as verified: it is
 * read as none, the backup listed as not verified, like one copied in by hand.
 */
function isManifest(value: unknown): value is BackupManifest {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) return false
  const m = value as Record<string, unknown>
  return (
    m.format === 1 &&
    (m.storeName === null || typeof m.storeName === 'string') &&
    isCount(m.customers) &&
    isCount(m.receipts) &&
    Array.isArray(m.migrations) &&
    m.migrations.every((name) => typeof name === 'string')
  )
}

function readManifest(file: string): BackupManifest | null {
  try {
    const parsed: unknown = JSON.parse(readFileSync(manifestPathFor(file), 'utf8'))
    return isManifest(parsed) ? parsed : null
  } catch {
    return null
  }
}

/** Every backup in the folder, newest first. */
export function listStoredBackups(dataDir: string): StoredBackup[] {
  const folder = backupFolder(dataDir)
  const found: StoredBackup[] = []
  for (const name of namesIn(folder)) {
    const parsed = parseBackupName(name)
    if (!parsed) continue
    const file = join(folder, name)
    // A journal beside a finished name is what an interrupted backup of an older version left.
    if (existsSync(`${file}-journal`)) continue
    // Only a file is a backup: a link to nothing or a folder of that name (or a file removed since
    // the folder was read) made the list fail as INTERNAL, and every backup fail in its prune.
    const stats = statSync(file, { throwIfNoEntry: false })
    if (!stats?.isFile()) continue
    found.push({ name, file, ...parsed, bytes: stats.size, manifest: readManifest(file) })
  }
  return found.sort((a, b) => b.takenAt.getTime() - a.takenAt.getTime())
}

export function findStoredBackup(dataDir: string, name: string): StoredBackup | undefined {
  return listStoredBackups(dataDir).find((backup) => backup.name === name)
}

export function removeDatabaseFile(file: string): void {
  for (const suffix of ['', ...SIDE_FILES]) rmSync(`${file}${suffix}`, { force: true })
}

export function removeStoredBackup(backup: Pick<StoredBackup, 'file'>): void {
  rmSync(manifestPathFor(backup.file), { force: true })
  removeDatabaseFile(backup.file)
}

/**
 * What a crash can leave in the backups folder, removed at start: partial copies and their
 * journals, manifests without their backup, and (from older versions, which wrote under the
 * final name) a backup with a journal beside it, which is not a usable database on its own.
 * A folder that cannot be used stops no start: the store works on, and each backup then fails,
 * said in the list and a notification.
 */
export function removeLeftovers(dataDir: string): string[] {
  try {
    return removeLeftoversIn(backupFolder(dataDir))
  } catch {
    return []
  }
}

function removeLeftoversIn(folder: string): string[] {
  const names = new Set(readdirSync(folder))
  const removed: string[] = []
  for (const name of names) {
    const orphanManifest = name.endsWith('.json') && NAME.test(name.replace(/\.json$/, '.sqlite')) && !names.has(name.replace(/\.json$/, '.sqlite'))
    const interruptedOldStyle = NAME.test(name) && names.has(`${name}-journal`)
    if (name.startsWith(PARTIAL) || orphanManifest) rmSync(join(folder, name), { force: true, recursive: true })
    else if (interruptedOldStyle) removeStoredBackup({ file: join(folder, name) })
    else continue
    removed.push(name)
  }
  return removed
}
