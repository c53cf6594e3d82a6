import { lstatSync, readdirSync, rmSync } from 'node:fs'
import { join } from 'node:path'
import { parseBackupName } from './folder'
import { backupsToPrune } from './retention'

/**
 * The app's own files in the folder backups are copied to (a USB stick, a share, a cloud folder
 * that holds the owner's other files too): only a file named exactly as a backup is
 * (`backroom-<UTC time>-<why>.sqlite`), or as the hidden partial copy of one, is ever listed or
 * removed. Links and folders of such a name are left alone too.
 */
const PARTIAL = /^\.(.+)\.partial$/

const isPlainFile = (file: string) => lstatSync(file, { throwIfNoEntry: false })?.isFile() ?? false

export interface CopiedBackup {
  name: string
  file: string
  takenAt: Date
}

/** Every backup copied into `folder`, newest first. */
export function listCopies(folder: string): CopiedBackup[] {
  const found: CopiedBackup[] = []
  for (const name of readdirSync(folder)) {
    const parsed = parseBackupName(name)
    const file = join(folder, name)
    if (parsed && isPlainFile(file)) found.push({ name, file, takenAt: parsed.takenAt })
  }
  return found.sort((a, b) => b.takenAt.getTime() - a.takenAt.getTime())
}

/**
 * A copy a crash or a pulled stick stopped half-way (`.<backup name>.partial`, as exportBackup
 * writes it): removed before the next copy, so nothing half-written stays there.
 */
export function removePartialCopies(folder: string): string[] {
  const removed: string[] = []
  for (const name of readdirSync(folder)) {
    const inner = PARTIAL.exec(name)?.[1]
    if (!inner || !parseBackupName(inner) || !isPlainFile(join(folder, name))) continue
    rmSync(join(folder, name), { force: true })
    removed.push(name)
  }
  return removed
}

/** The backups folder's retention rule, applied to the copies; never `justWritten`. Answers what it removed. */
export function pruneCopies(folder: string, moment: { timeZone: string; now: Date; justWritten: string }): string[] {
  // Every copy was read back and compared before it got its name: each counts as verified.
  const copies = listCopies(folder).map((copy) => ({ ...copy, verified: true }))
  const pruned = backupsToPrune(copies, moment)
  for (const copy of pruned) rmSync(copy.file, { force: true })
  return pruned.map((copy) => copy.name)
}
