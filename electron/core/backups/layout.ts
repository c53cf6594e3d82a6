import { openDatabase } from '../db/connection'
import { migrateToLatest } from '../db/migrate'
import { AppError } from '../errors'
import { describeBackupFailure, isDiskFull, isNotWritable } from './failures'

/**
 * Brings a staged copy to this version's database layout while it is being checked, before
 * the preview: a backup whose layout is behind in a way the migrations cannot follow (changed
 * outside the app: a migration applied but no longer recorded, a table altered by hand) is
 * refused there, as not restorable, before the restore takes its safety backup, not found out
 * half-way through every retry. An up-to-date copy costs one look at its migrations table.
 */
export async function bringToThisLayout(file: string, dataDir: string, now: Date): Promise<void> {
  const copy = openDatabase(file)
  try {
    await migrateToLatest(copy, dataDir, now, undefined, { backup: false })
  } catch (error) {
    // A full or read-only disk is the PC's problem, not the backup's.
    if (isDiskFull(error)) throw new AppError('DISK_FULL', describeBackupFailure(error))
    if (isNotWritable(error)) throw new AppError('READ_ONLY', describeBackupFailure(error))
    const message = "This backup's database was changed outside Backroom (or is damaged): it cannot be brought up to date, so it cannot be restored"
    throw new AppError('VALIDATION', message, { fields: { name: message } })
  } finally {
    await copy.destroy()
  }
}
