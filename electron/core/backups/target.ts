import { existsSync, realpathSync, statSync } from 'node:fs'
import { basename, dirname, isAbsolute, join, relative, resolve } from 'node:path'
import { AppError } from '../errors'

/**
 * "Save a copy to a file…" must never write into the data folder. Chosen as the live database
 * (`backroom.sqlite`), the rename replaced the open file and SQLite replayed its -wal onto the
 * new one: the store's database was corrupt while the app said "saved". A copy inside
 * `backups/` would be taken for (or prune, or be scrubbed as) one of the app's own backups. So
 * any target whose real path lies in the data folder is refused, and so is any existing file
 * that is the database or one of its side files under another name (a link to it).
 */
export class TargetInDataFolder extends AppError {
  constructor() {
    super(
      'VALIDATION',
      "A copy cannot be saved in Backroom's own data folder (that would overwrite the store's database or its backups): choose another place, such as a USB stick",
    )
  }
}

/** The real path a file would have: links and `..` resolved, also for a file not written yet. */
function realPathOf(file: string): string {
  if (existsSync(file)) return realpathSync.native(file)
  // A folder that is not there cannot be the data folder; the write then says what failed.
  if (!existsSync(dirname(file))) return resolve(file)
  return join(realpathSync.native(dirname(file)), basename(file))
}

/** Windows' and macOS's usual file systems ignore case: "BACKROOM.SQLITE" is the database there. */
const ignoresCase = process.platform === 'win32' || process.platform === 'darwin'

export function isInside(folder: string, file: string): boolean {
  const path = ignoresCase ? relative(folder.toLowerCase(), file.toLowerCase()) : relative(folder, file)
  return path === '' || (!path.startsWith('..') && !isAbsolute(path))
}

/** The same file on disk (a hard or symbolic link to it included). */
function sameFile(a: string, b: string): boolean {
  if (!existsSync(a) || !existsSync(b)) return false
  const [x, y] = [statSync(a), statSync(b)]
  return x.dev === y.dev && x.ino === y.ino
}

const dataFilesOf = (databaseFile: string) => ['', '-wal', '-shm', '-journal'].map((suffix) => `${databaseFile}${suffix}`)

/**
 * The real paths of the data folder and of the folders the database and its side files are in (a
 * link may put them elsewhere). Calls only this PC's own disk: a folder chosen elsewhere is
 * resolved by its caller (through the copy folder's port, copy-folder-recheck.ts).
 * `databaseFile`: the path the app's connection has open.
 */
export function dataFolderRealPaths(dataDir: string, databaseFile: string): string[] {
  const folders = [dataDir, ...dataFilesOf(databaseFile).filter(existsSync).map((file) => dirname(realpathSync.native(file)))]
  return folders.map((folder) => realpathSync.native(folder))
}

/** `databaseFile`: the path the app's connection has open. */
export function refuseTargetInDataFolder(dataDir: string, databaseFile: string, target: string): void {
  const real = realPathOf(target)
  const dataFiles = dataFilesOf(databaseFile)
  if (dataFolderRealPaths(dataDir, databaseFile).some((folder) => isInside(folder, real)) || dataFiles.some((file) => sameFile(file, target))) {
    throw new TargetInDataFolder()
  }
}
