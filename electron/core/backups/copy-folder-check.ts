import { randomBytes } from 'node:crypto'
import { rmSync, statSync, writeFileSync } from 'node:fs'
import { isAbsolute, join, resolve } from 'node:path'
import { COPY_FOLDER_MAX } from '../../contract/backups'
import { AppError } from '../errors'
import { errorCode } from './failures'
import { refuseTargetInDataFolder, TargetInDataFolder } from './target'

const refused = (message: string) => new AppError('VALIDATION', message)

/**
 * A folder chosen for copies of the backups, checked in main whatever the dialog answered: a whole
 * path, there, a folder, outside the data folder (a copy on the same disk would die with it, and
 * one in `backups/` would be taken for a backup), and one Backroom may write to (a probe file is
 * written and removed). Answers the path as it will be kept.
 */
export function checkCopyFolder(chosen: string, dataDir: string, databaseFile: string): string {
  if (chosen.length > COPY_FOLDER_MAX) {
    throw refused(`That folder's path is too long (at most ${COPY_FOLDER_MAX} characters): choose a folder nearer the top of its disk`)
  }
  if (!isAbsolute(chosen)) throw refused(`Choose a folder by its whole path (such as E:\\Backups or /media/usb/Backups), not ${chosen}`)
  const folder = resolve(chosen)
  const stats = statSync(folder, { throwIfNoEntry: false })
  if (!stats) throw refused(`The folder ${folder} cannot be found: plug in the USB stick or connect the share, then choose it again`)
  if (!stats.isDirectory()) throw refused(`${folder} is a file, not a folder: choose a folder`)
  const probe = join(folder, `.backroom-probe-${randomBytes(6).toString('hex')}`)
  try {
    refuseTargetInDataFolder(dataDir, databaseFile, probe)
  } catch (error) {
    if (!(error instanceof TargetInDataFolder)) throw error
    throw refused("Copies must be kept outside Backroom's own data folder, or they die with this PC's disk: choose a USB stick, a network share or a cloud-synced folder")
  }
  try {
    writeFileSync(probe, 'Backroom checks it may write here; this file is removed at once.')
  } catch (error) {
    const code = errorCode(error)
    throw refused(`Backroom cannot write to ${folder}${code ? ` (${code})` : ''}: choose a folder it may write to`)
  } finally {
    rmSync(probe, { force: true })
  }
  return folder
}
