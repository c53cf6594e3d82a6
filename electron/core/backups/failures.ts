import { AppError } from '../errors'
import { CopyFolderRefused, FolderDidNotAnswer } from './copy-fs'
import { NotReadable, WrongPassphrase } from './encryption'

const DISK_FULL_CODES = new Set(['SQLITE_FULL', 'ENOSPC', 'EDQUOT'])
const NOT_WRITABLE_CODES = new Set(['SQLITE_READONLY', 'SQLITE_CANTOPEN', 'EACCES', 'EPERM', 'EROFS'])

/** The error's code (node-sqlite3 and node:fs both set one), never its message: that may quote data. */
export function errorCode(error: unknown): string | undefined {
  const code = (error as { code?: unknown } | null)?.code
  return typeof code === 'string' ? code : undefined
}

export function isDiskFull(error: unknown): boolean {
  return DISK_FULL_CODES.has(errorCode(error) ?? '')
}

export function isNotWritable(error: unknown): boolean {
  return NOT_WRITABLE_CODES.has(errorCode(error) ?? '')
}

/** One line for the list, the log and the notification. */
export function describeBackupFailure(error: unknown): string {
  if (error instanceof AppError) return error.message
  if (error instanceof WrongPassphrase) return 'The passphrase is wrong'
  if (error instanceof NotReadable) return 'The file is damaged or incomplete'
  if (isDiskFull(error)) return 'The disk is full: free some space, then back up again'
  if (isNotWritable(error)) return 'The backup could not be written there: the folder or disk is read-only'
  const code = errorCode(error)
  return `The backup could not be written${code ? ` (${code})` : ''}`
}

/**
 * Why "Save a copy to a file…" could not write the file chosen, in words about that place: the
 * backup on this PC is made and verified by then, so the user is told so, and not that this PC's
 * disk is full or that "the backup could not be written (ENOENT)" when a USB stick was taken out.
 */
export function asSaveCopyError(error: unknown, folder: string): AppError {
  if (error instanceof AppError) return error
  const made = 'The backup on this PC was made.'
  const code = errorCode(error)
  if (code === 'ENOENT' || code === 'ENOTDIR') {
    return new AppError('NOT_FOUND', `The folder ${folder} cannot be found (was the USB stick taken out?): plug it back in, or choose another place. ${made}`)
  }
  if (code === 'EISDIR') return new AppError('BACKUP_FAILED', `A folder of that name is in ${folder}: choose another file name. ${made}`)
  if (isDiskFull(error)) return new AppError('DISK_FULL', `There is no room for the copy on the disk of ${folder}: free some space there, or choose another place. ${made}`)
  if (isNotWritable(error)) return new AppError('READ_ONLY', `Backroom may not write in ${folder} (read-only, or no permission): choose another place. ${made}`)
  const why = code ? ` (${code})` : ': it did not read back the same'
  return new AppError('BACKUP_FAILED', `The copy could not be written to ${folder}${why}. Try again, or choose another place. ${made}`)
}

/** Why a copy to the other folder failed, in words that follow "failed …:" on the Backups screen. */
export function describeCopyFailure(error: unknown): string {
  if (error instanceof FolderDidNotAnswer) return `${error.message} (a network share or cloud folder that hangs, or a drive that sleeps)`
  if (error instanceof CopyFolderRefused) return error.message
  const code = errorCode(error)
  if (code === 'ENOENT') return 'the folder cannot be found (is the USB stick plugged in, the network share or cloud folder reachable?)'
  if (code === 'ENOTDIR') return 'it is not a folder any more'
  if (isDiskFull(error)) return 'the disk there is full'
  if (isNotWritable(error)) return 'Backroom may not write there (read-only, or no permission)'
  return `the copy could not be written${code ? ` (${code})` : ' or did not read back the same'}`
}
