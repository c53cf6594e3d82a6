import { existsSync, readFileSync, rmSync } from 'node:fs'
import { join } from 'node:path'
import { z } from 'zod'
import { backupCopySchema, type BackupCopy } from '../../contract/backups'
import { writeFileDurably } from './take'

/**
 * The folder each backup is also copied to, and how copying there went. Kept in the data folder
 * beside the database, not in it: a folder path means nothing at another store (so it is never
 * synced), and a restore, which swaps the database, must neither bring another PC's folder nor
 * forget this one's. `notifiedAt`: when the owner was last told that copies fail (once a day at most).
 */
const COPY_FILE = 'backup-copy.json'

const settingSchema = backupCopySchema.extend({ notifiedAt: z.string().nullable() })
export type CopySetting = z.infer<typeof settingSchema>

const pathOf = (dataDir: string) => join(dataDir, COPY_FILE)

/** Null when no folder is chosen, or the file was changed by hand into something else. */
export function readCopySetting(dataDir: string): CopySetting | null {
  if (!existsSync(pathOf(dataDir))) return null
  try {
    const parsed = settingSchema.safeParse(JSON.parse(readFileSync(pathOf(dataDir), 'utf8')))
    return parsed.success ? parsed.data : null
  } catch {
    return null
  }
}

/** Written whole and renamed into place; null: no folder (Stop copying). */
export function saveCopySetting(dataDir: string, setting: CopySetting | null): void {
  if (!setting) rmSync(pathOf(dataDir), { force: true })
  else writeFileDurably(pathOf(dataDir), JSON.stringify(setting, null, 2))
}

/** What the Backups screen shows of it. */
export function copyStatus(setting: CopySetting | null): BackupCopy | null {
  return setting ? { folder: setting.folder, lastCopy: setting.lastCopy, failure: setting.failure } : null
}
