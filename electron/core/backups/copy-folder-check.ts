import { randomBytes } from 'node:crypto'
import { isAbsolute, join, resolve } from 'node:path'
import { COPY_FOLDER_MAX } from '../../contract/backups'
import { AppError } from '../errors'
import { describeLimit, FolderDidNotAnswer, watchFolder, type FolderCall, type FolderFs } from './copy-fs'
import { leadsIntoDataFolder, onDataDisk } from './copy-folder-recheck'
import { errorCode } from './failures'
import { dataFolderRealPaths } from './target'

const refused = (message: string) => new AppError('VALIDATION', message)

/**
 * A folder chosen for copies of the backups, checked in main whatever the dialog answered: a whole
 * path, there, a folder, outside the data folder (a copy on the same disk would die with it, and
 * one in `backups/` would be taken for a backup), and one Backroom may write to (a probe file is
 * written and removed). Each call there has `probeMs` to answer (someone waits at the screen): a
 * share that hangs is refused, and the probe file removed once it answers; only the data folder,
 * on this PC's own disk, is resolved without the port. Answers the path as it will be kept, and
 * whether it is on the data folder's disk (allowed: the screen says it will not survive that disk).
 */
export async function checkCopyFolder(
  fs: FolderFs,
  probeMs: number,
  chosen: string,
  dataDir: string,
  databaseFile: string,
): Promise<{ folder: string; sameDisk: boolean }> {
  if (chosen.length > COPY_FOLDER_MAX) {
    throw refused(`That folder's path is too long (at most ${COPY_FOLDER_MAX} characters): choose a folder nearer the top of its disk`)
  }
  if (!isAbsolute(chosen)) throw refused(`Choose a folder by its whole path (such as E:\\Backups or /media/usb/Backups), not ${chosen}`)
  const folder = resolve(chosen)
  try {
    const sameDisk = await watchFolder(probeMs, (call) => probe(fs, call, folder, dataFolderRealPaths(dataDir, databaseFile))).answer
    return { folder, sameDisk }
  } catch (error) {
    if (!(error instanceof FolderDidNotAnswer)) throw error
    throw refused(`The folder ${folder} did not answer within ${describeLimit(probeMs)}: make sure the network share or cloud folder is reachable, then choose it again`)
  }
}

/** Refuses a folder Backroom cannot use; answers whether it is on the data folder's disk. */
async function probe(fs: FolderFs, call: FolderCall, folder: string, dataFolders: readonly string[]): Promise<boolean> {
  const kind = await call(() => fs.kind(folder, true))
  if (!kind) throw refused(`The folder ${folder} cannot be found: plug in the USB stick or connect the share, then choose it again`)
  if (kind !== 'folder') throw refused(`${folder} is a file, not a folder: choose a folder`)
  const inDataFolder = await leadsIntoDataFolder(fs, call, folder, dataFolders).catch((error: unknown) => {
    if (error instanceof FolderDidNotAnswer) throw error
    const code = errorCode(error)
    throw refused(`Backroom cannot tell where ${folder} leads${code ? ` (${code})` : ''}: choose another folder`)
  })
  if (inDataFolder) {
    throw refused("Copies must be kept outside Backroom's own data folder, or they die with this PC's disk: choose a USB stick, a network share or a cloud-synced folder")
  }
  const probeFile = join(folder, `.backroom-probe-${randomBytes(6).toString('hex')}`)
  try {
    const written = await call(() => fs.open(probeFile, 'write'))
    try {
      await call(() => written.write(Buffer.from('Backroom checks it may write here; this file is removed at once.'), 0))
    } finally {
      await written.close().catch(() => {})
    }
  } catch (error) {
    if (error instanceof FolderDidNotAnswer) throw error
    const code = errorCode(error)
    throw refused(`Backroom cannot write to ${folder}${code ? ` (${code})` : ''}: choose a folder it may write to`)
  } finally {
    // Not through `call`: after a call that hung, this runs once it answers, and the probe must go.
    await fs.remove(probeFile).catch(() => {})
  }
  return onDataDisk(fs, call, folder, dataFolders)
}
