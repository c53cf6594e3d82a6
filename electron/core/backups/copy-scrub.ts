import { existsSync } from 'node:fs'
import { join } from 'node:path'
import type { CoreServices } from '../context'
import { databaseFileOf } from '../db/connection'
import { scrubOne } from '../db/scrub-one'
import { copiesFolderOf, readCopySetting, saveCopySetting, type CopySetting } from './copy-setting'
import { inCopyFolder, type FolderCall, type FolderFs } from './copy-fs'
import { listCopies, removePartialCopies } from './copy-folder'
import { requireChosenFolder } from './copy-folder-recheck'
import { fetchCopy, writeCopy } from './copy-write'
import { readPendingErasures } from './erase-pending'
import { describeCopyFailure, errorCode } from './failures'
import { BACKUP_FOLDER, partialPathFor, removeDatabaseFile } from './folder'
import { dataFolderRealPaths } from './target'

type CopyScrubServices = Pick<CoreServices, 'db' | 'dataDir' | 'log' | 'backups' | 'notifier' | 'now'>

/** A copy that is not a database SQLite can open: it cannot be cleaned, nor restored. */
const isDamaged = (error: unknown) => ['SQLITE_NOTADB', 'SQLITE_CORRUPT'].includes(errorCode(error) ?? '')

/**
 * Inside work in the copy folder (inCopyFolder): every copy of this PC's is rewritten without
 * `customerIds`, as the backups folder is (db/backup-scrub.ts): under its hidden partial name,
 * compared, then renamed over it. A copy whose backup is still in the backups folder and clean
 * (the erase just rewrote it; none an erase had to keep) is replaced by it; any other is fetched
 * into the backups folder, cleaned there with the same erase and written back. A copy that cannot
 * be opened is removed (it could not be restored either). Throws when the folder fails, or is not
 * the one chosen (copy-folder-recheck.ts): the copies are then owed a scrub. Only this PC's folder
 * is touched, only files named as backups.
 */
export async function scrubCopies(services: CopyScrubServices, fs: FolderFs, call: FolderCall, setting: CopySetting, customerIds: readonly string[]) {
  await requireChosenFolder(fs, call, setting, dataFolderRealPaths(services.dataDir, databaseFileOf(services.db)))
  const folder = copiesFolderOf(setting)
  // A partial copy holds a backup's data too.
  await removePartialCopies(fs, call, folder)
  const local = join(services.dataDir, BACKUP_FOLDER)
  const stillToClean = readPendingErasures(services.dataDir, services.log)
  let rewritten = 0
  let removed = 0
  for (const copy of await listCopies(fs, call, folder)) {
    const backup = join(local, copy.name)
    if (existsSync(backup) && !stillToClean.has(copy.name)) {
      await writeCopy(fs, call, backup, copy.file)
      rewritten += 1
      continue
    }
    const fetched = partialPathFor(local, `copy-${copy.name}`)
    try {
      await fetchCopy(fs, call, copy.file, fetched)
      try {
        await scrubOne(fetched, customerIds)
      } catch (error) {
        if (!isDamaged(error)) throw error
        services.log(`erase: the copy ${copy.name} in ${folder} could not be opened to clean it, and was removed`)
        await call(() => fs.remove(copy.file))
        removed += 1
        continue
      }
      await writeCopy(fs, call, fetched, copy.file)
      rewritten += 1
    } finally {
      removeDatabaseFile(fetched)
    }
  }
  return { rewritten, removed }
}

/**
 * After an erase cleaned the backups folder (in the same turn): the copies in the other folder
 * too, with the customers an earlier erase could not reach there. A folder out of reach (a stick
 * pulled out, a share offline or hung) leaves them owed, noted beside the database (ids only),
 * said on the Backups screen and in a notification: the next copy there cleans them first.
 */
export async function scrubCopyFolder(services: CopyScrubServices, customerIds: readonly string[]): Promise<void> {
  const setting = readCopySetting(services.dataDir)
  if (!setting) return
  const ids = [...new Set([...(setting.scrubOwed?.customerIds ?? []), ...customerIds])].sort()
  if (ids.length === 0) return
  let outcome: CopySetting
  try {
    const done = await inCopyFolder(services.backups, (fs, call) => scrubCopies(services, fs, call, setting, ids))
    services.log(`erase: ${done.rewritten} copies in ${copiesFolderOf(setting)} rewritten, ${done.removed} removed`)
    outcome = { ...setting, scrubOwed: null }
  } catch (error) {
    const message = describeCopyFailure(error)
    services.log(`erase: the copies in ${copiesFolderOf(setting)} could not be cleaned: ${message}`)
    services.notifier.notify({
      title: 'Copies of the backups still hold an erased customer',
      body: `The copies in ${setting.folder} could not be cleaned: ${message}. Backroom cleans them at the next copy there. See Settings → Backups.`,
    })
    outcome = { ...setting, scrubOwed: { since: setting.scrubOwed?.since ?? services.now().toISOString(), customerIds: ids } }
  }
  try {
    saveCopySetting(services.dataDir, outcome)
  } catch (error) {
    services.log(`erase: what became of the copies could not be noted (${errorCode(error) ?? 'unknown'})`)
  }
}
