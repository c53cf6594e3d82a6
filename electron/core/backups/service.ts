import { dirname } from 'node:path'
import type { BackupEntry } from '../../contract/backups'
import type { ParsedInput } from '../../contract'
import { requireStoreId, type CommandContext } from '../context'
import { databaseFileOf } from '../db/connection'
import { findStore } from '../stores/repo'
import { AppError, fieldError } from '../errors'
import { backUp } from './automatic'
import { copyStatus, readCopySetting } from './copy-setting'
import { exportBackup } from './export'
import { asSaveCopyError, describeBackupFailure, isDiskFull, isNotWritable } from './failures'
import { backupFolder, listStoredBackups, type StoredBackup } from './folder'
import { refuseTargetInDataFolder } from './target'

export function toEntry(backup: StoredBackup): BackupEntry {
  return {
    name: backup.name,
    takenAt: backup.takenAt.toISOString(),
    reason: backup.reason,
    bytes: backup.bytes,
    storeName: backup.manifest?.storeName ?? null,
    customers: backup.manifest?.customers ?? null,
    receipts: backup.manifest?.receipts ?? null,
    verified: backup.manifest !== null,
  }
}

/** A failure the user can act on, as a typed error (never INTERNAL). */
export function asBackupError(error: unknown): AppError {
  if (error instanceof AppError) return error
  const message = describeBackupFailure(error)
  if (isDiskFull(error)) return new AppError('DISK_FULL', message)
  if (isNotWritable(error)) return new AppError('READ_ONLY', message)
  return new AppError('BACKUP_FAILED', message)
}

export async function list(ctx: CommandContext) {
  return {
    folder: backupFolder(ctx.dataDir),
    backups: listStoredBackups(ctx.dataDir).map(toEntry),
    lastFailure: ctx.backups.lastFailure,
    eraseNotice: ctx.backups.eraseNotice,
    copy: copyStatus(readCopySetting(ctx.dataDir)),
  }
}

/** "Backroom Corner Shop 2026-12-02.backroom": the store and day, safe in any file system. */
function suggestedFileName(storeName: string | null, at: Date, encrypted: boolean): string {
  const store = (storeName ?? 'store').replace(/[^\p{L}\p{N} _-]+/gu, '').trim().slice(0, 60) || 'store'
  return `Backroom ${store} ${at.toISOString().slice(0, 10)}.${encrypted ? 'backroom' : 'sqlite'}`
}

export async function create(ctx: CommandContext, input: ParsedInput<'backups:create'>) {
  if (input.destination === 'folder' && input.passphrase) {
    throw fieldError('passphrase', 'Only a copy saved to a file is encrypted: leave it empty')
  }
  let target: string | null = null
  if (input.destination === 'file') {
    const store = await findStore(ctx.db, requireStoreId(ctx))
    target = await ctx.dialogs.chooseSaveFile({
      title: 'Save a backup of the store',
      defaultName: suggestedFileName(store?.name ?? null, ctx.now(), Boolean(input.passphrase)),
      filters: input.passphrase
        ? [{ name: 'Encrypted Backroom backup', extensions: ['backroom'] }]
        : [{ name: 'Backroom backup (SQLite)', extensions: ['sqlite'] }],
    })
    if (!target) return { saved: false, backup: null, file: null }
    refuseTargetInDataFolder(ctx.dataDir, databaseFileOf(ctx.db), target)
  }
  let backup: StoredBackup
  try {
    backup = await backUp(ctx, 'manual')
  } catch (error) {
    throw asBackupError(error)
  }
  if (target) {
    const { manifest } = backup
    const preview = {
      takenAt: backup.takenAt.toISOString(),
      storeName: manifest?.storeName ?? null,
      customers: manifest?.customers ?? 0,
      receipts: manifest?.receipts ?? 0,
    }
    const newestMigration = manifest?.migrations.at(-1) ?? null
    const file = target
    try {
      await ctx.backups.exclusive(() => exportBackup(backup.file, file, input.passphrase, preview, newestMigration))
    } catch (error) {
      // The backup on this PC is made: what failed is the place chosen, and the words say so.
      throw asSaveCopyError(error, dirname(file))
    }
  }
  return { saved: true, backup: toEntry(backup), file: target }
}
