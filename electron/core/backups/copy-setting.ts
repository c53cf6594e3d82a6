import { randomBytes } from 'node:crypto'
import { existsSync, readFileSync } from 'node:fs'
import { join } from 'node:path'
import { z } from 'zod'
import { COPY_FOLDER_MAX, type BackupCopy } from '../../contract/backups'
import { writeFileDurably } from './take'

/**
 * The folder each backup is also copied to, and how copying there went. Kept in the data folder
 * beside the database, not in it: a folder path means nothing at another store (so it is never
 * synced), and a restore, which swaps the database, must neither bring another PC's folder nor
 * forget this one's.
 * - `pcId`: this PC's copy id, in the name of the folder its copies go into (copy-folder.ts). Not
 *   the sync node id: a restore gives the database a new one, and the copies would then start a
 *   folder anew beside the old. Made once and kept here, even by Stop copying, so choosing the
 *   folder again finds this PC's copies where they were.
 * - `subfolder`: that folder's name, made when the folder was chosen.
 * - `notifiedAt`: when the owner was last told that copies fail (once a day at most).
 * - `scrubOwed`: customers erased while the folder could not be reached (ids only, no personal
 *   data): the copies there still hold them, and the next copy cleans them first (copy-scrub.ts).
 * - `sameDisk`: the folder is on the data folder's disk (copy-folder-recheck.ts, onDataDisk), as
 *   found when it was chosen and at each copy since; false in a file from before it was kept,
 *   until the next copy finds out.
 */
const COPY_FILE = 'backup-copy.json'

const PC_ID = /^[0-9a-f]{8}$/

const settingSchema = z.object({
  folder: z.string().max(COPY_FOLDER_MAX),
  subfolder: z.string().min(1).max(200),
  lastCopy: z.object({ at: z.string(), name: z.string() }).nullable(),
  failure: z.object({ at: z.string(), message: z.string(), since: z.string() }).nullable(),
  notifiedAt: z.string().nullable(),
  scrubOwed: z.object({ since: z.string(), customerIds: z.array(z.string().max(100)) }).nullable(),
  sameDisk: z.boolean().default(false),
})
export type CopySetting = z.infer<typeof settingSchema>

const fileSchema = z.object({ pcId: z.string().regex(PC_ID), copy: settingSchema.nullable() })

const pathOf = (dataDir: string) => join(dataDir, COPY_FILE)

function readFile(dataDir: string): z.infer<typeof fileSchema> | null {
  if (!existsSync(pathOf(dataDir))) return null
  try {
    const parsed = fileSchema.safeParse(JSON.parse(readFileSync(pathOf(dataDir), 'utf8')))
    return parsed.success ? parsed.data : null
  } catch {
    return null
  }
}

/** Null when no folder is chosen, or the file was changed by hand into something else. */
export function readCopySetting(dataDir: string): CopySetting | null {
  return readFile(dataDir)?.copy ?? null
}

/** This PC's copy id: the one kept, or a new one (kept by the next save). */
export function copyPcId(dataDir: string): string {
  return readFile(dataDir)?.pcId ?? randomBytes(4).toString('hex')
}

/**
 * Written whole and renamed into place; null: no folder (Stop copying), this PC's copy id kept.
 * `pcId`: the one the setting's subfolder was named with, when it was just made.
 */
export function saveCopySetting(dataDir: string, setting: CopySetting | null, pcId?: string): void {
  if (!setting && !existsSync(pathOf(dataDir))) return
  writeFileDurably(pathOf(dataDir), JSON.stringify({ pcId: pcId ?? copyPcId(dataDir), copy: setting }, null, 2))
}

/** Where this PC's copies are: the folder inside the one chosen. */
export const copiesFolderOf = (setting: Pick<CopySetting, 'folder' | 'subfolder'>) => join(setting.folder, setting.subfolder)

/** What the Backups screen shows of it. */
export function copyStatus(setting: CopySetting | null): BackupCopy | null {
  if (!setting) return null
  const { folder, lastCopy, failure, scrubOwed, sameDisk } = setting
  return { folder, copiesIn: copiesFolderOf(setting), lastCopy, failure, scrubOwed: scrubOwed ? { since: scrubOwed.since } : null, sameDisk }
}
