import { join } from 'node:path'
import { FolderDidNotAnswer, type FolderCall, type FolderFs } from './copy-fs'
import { errorCode } from './failures'
import { parseBackupName } from './folder'
import { backupsToPrune } from './retention'

/**
 * The app's own files in the folder backups are copied to (a USB stick, a share, a cloud folder
 * that holds the owner's other files too). This PC's copies go into a folder of their own inside
 * it (copySubfolderName), so PCs sharing one folder never prune nor rewrite each other's; and even
 * there only a file named exactly as a backup is (`backroom-<UTC time>-<why>.sqlite`), or as the
 * hidden partial copy of one, is ever listed, rewritten or removed. Links and folders of such a
 * name are left alone too. Every call goes through the folder's port, timed (copy-fs.ts).
 */
const PARTIAL = /^\.(.+)\.partial$/

/** Windows refuses these in a name; control characters are refused nearly everywhere. */
const UNSAFE = /[<>:"/\\|?*\u0000-\u001f\u007f]/g
const STORE_NAME_MAX = 60

/**
 * "Backroom backups – Corner Shop – 3f9a2c1b": whose copies these are, readable by whoever opens
 * the shared folder, and this PC's copy id (copy-setting.ts), so two stores of the same name, or
 * two PCs of one store, never share one. Made once, when the folder is chosen, and kept: a store
 * renamed later does not strand its copies in a folder of the old name.
 */
export function copySubfolderName(storeName: string | null, pcId: string): string {
  const cleaned = (storeName ?? '').replace(UNSAFE, ' ').replace(/\s+/g, ' ').trim()
  // By code point, so a name is never cut inside a character; no trailing dot or space (Windows drops them).
  const store = [...cleaned].slice(0, STORE_NAME_MAX).join('').replace(/[. ]+$/, '') || 'store'
  return `Backroom backups – ${store} – ${pcId}`
}

export interface CopiedBackup {
  name: string
  file: string
  takenAt: Date
}

/** Every backup copied into `folder`, newest first. */
export async function listCopies(fs: FolderFs, call: FolderCall, folder: string): Promise<CopiedBackup[]> {
  const found: CopiedBackup[] = []
  for (const name of await call(() => fs.list(folder))) {
    const parsed = parseBackupName(name)
    const file = join(folder, name)
    if (parsed && (await call(() => fs.kind(file))) === 'file') found.push({ name, file, takenAt: parsed.takenAt })
  }
  return found.sort((a, b) => b.takenAt.getTime() - a.takenAt.getTime())
}

/**
 * A copy a crash or a pulled stick stopped half-way (`.<backup name>.partial`, as copy-write.ts
 * writes it): removed before the next copy, so nothing half-written stays there.
 */
export async function removePartialCopies(fs: FolderFs, call: FolderCall, folder: string): Promise<string[]> {
  const removed: string[] = []
  for (const name of await call(() => fs.list(folder))) {
    const inner = PARTIAL.exec(name)?.[1]
    if (!inner || !parseBackupName(inner) || (await call(() => fs.kind(join(folder, name)))) !== 'file') continue
    await call(() => fs.remove(join(folder, name)))
    removed.push(name)
  }
  return removed
}

/**
 * The backups folder's retention rule, applied to the copies; never `justWritten`. Answers what it
 * removed. An old copy that cannot be removed (read-only, locked by the owner's sync tool) is
 * logged and left, and the others are still pruned: the copy just made is no worse for it.
 */
export async function pruneCopies(
  fs: FolderFs,
  call: FolderCall,
  folder: string,
  moment: { timeZone: string; now: Date; justWritten: string },
  log: (message: string) => void,
): Promise<string[]> {
  // Every copy was read back and compared before it got its name: each counts as verified.
  const copies = (await listCopies(fs, call, folder)).map((copy) => ({ ...copy, verified: true }))
  const removed: string[] = []
  for (const copy of backupsToPrune(copies, moment)) {
    try {
      await call(() => fs.remove(copy.file))
      removed.push(copy.name)
    } catch (error) {
      // Given up on, the folder refuses every other call: no use trying (and logging) each.
      if (error instanceof FolderDidNotAnswer) throw error
      log(`backup copy: the old copy ${copy.name} in ${folder} could not be removed (${errorCode(error) ?? 'unknown'})`)
    }
  }
  return removed
}
