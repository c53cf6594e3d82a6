import { mkdirSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import { basename, isAbsolute, join } from 'node:path'

/**
 * An export writes a hidden `.<name>.<8 characters>.part` beside the file the user chose and
 * removes it on cancel or failure. A crash or a power cut removes nothing, so each running
 * export is also noted in the data folder (one small file naming its partial file, written
 * before the partial file is made and removed after it is gone). The next start removes the
 * partial files those notes name, and only those: a file of the user's that merely looks like
 * ours is never touched, since nothing of ours names it.
 */
const FOLDER = 'exports-running'

/** The partial file's name as ExportJob makes it; a note naming anything else is not ours. */
export const PART_NAME = /^\..+\.[A-Za-z0-9_-]{8}\.part$/

const folderOf = (dataDir: string) => join(dataDir, FOLDER)

/** Notes that `partFile` is about to be written; synced so that a kill right after it still finds the note. */
export function noteRunning(dataDir: string, jobId: string, partFile: string): void {
  mkdirSync(folderOf(dataDir), { recursive: true })
  writeFileSync(join(folderOf(dataDir), `${jobId}.json`), JSON.stringify({ partFile }), { flush: true })
}

/** The export has stopped and removed (or renamed) its partial file. */
export function noteStopped(dataDir: string, jobId: string): void {
  rmSync(join(folderOf(dataDir), `${jobId}.json`), { force: true })
}

/** At start: removes the partial files of exports a previous run did not finish; returns them. */
export function removeExportLeftovers(dataDir: string): string[] {
  const folder = folderOf(dataDir)
  let notes: string[]
  try {
    notes = readdirSync(folder)
  } catch {
    return []
  }
  const removed: string[] = []
  for (const note of notes) {
    const path = join(folder, note)
    try {
      const { partFile } = JSON.parse(readFileSync(path, 'utf8')) as { partFile?: unknown }
      if (typeof partFile === 'string' && isAbsolute(partFile) && PART_NAME.test(basename(partFile))) {
        rmSync(partFile, { force: true })
        removed.push(partFile)
      }
    } catch {
      // A torn note (killed while writing it): its partial file was not made yet.
    }
    rmSync(path, { force: true })
  }
  return removed
}
