import { AppError } from '../errors'
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
