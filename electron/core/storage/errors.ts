import { isDiskFull, isNotWritable } from '../backups/failures'
import { AppError } from '../errors'

export const DISK_FULL_MESSAGE = 'The disk is full: nothing was saved. Free some space on this PC, then try again.'
export const READ_ONLY_MESSAGE = 'The data folder cannot be written to: nothing was saved. Check the disk, then try again.'

/**
 * A write the disk refused, as the typed error the user sees. Every command is one transaction,
 * and SQLite rolls it back when a write fails this way, so "nothing was saved" is true.
 */
export function storageError(error: unknown): AppError | null {
  if (isDiskFull(error)) return new AppError('DISK_FULL', DISK_FULL_MESSAGE)
  if (isNotWritable(error)) return new AppError('READ_ONLY', READ_ONLY_MESSAGE)
  return null
}
