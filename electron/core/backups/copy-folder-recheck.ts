import { statSync } from 'node:fs'
import { CopyFolderRefused, FolderDidNotAnswer, type FolderCall, type FolderFs } from './copy-fs'
import { copiesFolderOf, type CopySetting } from './copy-setting'
import { isInside } from './target'

/**
 * The folder chosen for copies, checked again before each copy or erase there: what was chosen
 * is not what is at that path for good. On Windows another USB stick (or a phone) may take the
 * stick's drive letter, and a folder may be made anew at the path; the folder, or this PC's in it,
 * may have become a link into the data folder. None of these gets a byte: the customers' data
 * would go to a stranger's device, or the "copy" would sit on this PC's own disk while the screen
 * said it was copied.
 */

/** The folder chosen is there and a folder (never made anew: a stick's missing mount point is this disk). */
export async function requireCopyFolder(fs: FolderFs, call: FolderCall, folder: string): Promise<void> {
  const kind = await call(() => fs.kind(folder, true))
  if (kind === null) throw Object.assign(new Error('not there'), { code: 'ENOENT' })
  if (kind !== 'folder') throw Object.assign(new Error('not a folder'), { code: 'ENOTDIR' })
}

/** `folder` (through the port) lies in one of `dataFolders` (real paths, target.ts's dataFolderRealPaths). */
export async function leadsIntoDataFolder(fs: FolderFs, call: FolderCall, folder: string, dataFolders: readonly string[]): Promise<boolean> {
  const real = await call(() => fs.realPath(folder))
  return dataFolders.some((dataFolder) => isInside(dataFolder, real))
}

/**
 * `folder` (through the port) is on the same device as one of `dataFolders` (this PC's own disk,
 * read directly): a copy there is allowed, but dies with that disk, and the Backups screen says so.
 * Another partition of the same drive is another device to the system, so it is not caught. A
 * folder whose device cannot be read counts as elsewhere: nothing is said rather than a guess.
 */
export async function onDataDisk(fs: FolderFs, call: FolderCall, folder: string, dataFolders: readonly string[]): Promise<boolean> {
  try {
    const device = await call(() => fs.device(folder))
    return dataFolders.some((dataFolder) => statSync(dataFolder).dev === device)
  } catch (error) {
    if (error instanceof FolderDidNotAnswer) throw error
    return false
  }
}

/**
 * The folder chosen is there and still holds this PC's folder, made only when the owner chose it
 * (copy-service.ts); neither leads into the data folder. Throws before anything is written there.
 * The messages follow "failed on …:" on the Backups screen, which ends them.
 */
export async function requireChosenFolder(fs: FolderFs, call: FolderCall, setting: CopySetting, dataFolders: readonly string[]): Promise<void> {
  const { folder } = setting
  await requireCopyFolder(fs, call, folder)
  const own = copiesFolderOf(setting)
  if ((await call(() => fs.kind(own, true))) !== 'folder') {
    throw new CopyFolderRefused(
      `${folder} is not the folder chosen for copies: this PC's Backroom folder is not in it. Plug in the drive chosen, or choose the folder again`,
    )
  }
  for (const path of [folder, own]) {
    if (await leadsIntoDataFolder(fs, call, path, dataFolders)) {
      throw new CopyFolderRefused(
        `${folder} now leads into Backroom's own data folder, so a copy there would die with this PC's disk. Choose a folder off this PC's disk again`,
      )
    }
  }
}
