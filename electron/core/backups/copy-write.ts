import { createHash } from 'node:crypto'
import { open } from 'node:fs/promises'
import { basename, dirname, join } from 'node:path'
import type { FolderCall, FolderFile, FolderFs } from './copy-fs'

/** Big enough that a call is worth timing, small enough that a slow share answers each in time. */
const CHUNK = 1024 * 1024

/** Where a copy is written before it is named: hidden, and known to copy-folder.ts as ours. */
export const partialCopyPath = (target: string) => join(dirname(target), `.${basename(target)}.partial`)

async function closeQuietly(file: FolderFile | undefined): Promise<void> {
  await file?.close().catch(() => {})
}

/** The SHA-256 of a file in the folder, read back through the port. */
async function hashThere(fs: FolderFs, call: FolderCall, file: string): Promise<string> {
  const hash = createHash('sha256')
  const there = await call(() => fs.open(file, 'read'))
  try {
    const buffer = Buffer.alloc(CHUNK)
    for (let position = 0; ; ) {
      const read = await call(() => there.read(buffer, position))
      if (read === 0) break
      hash.update(buffer.subarray(0, read))
      position += read
    }
    await call(() => there.close())
  } catch (error) {
    await closeQuietly(there)
    throw error
  }
  return hash.digest('hex')
}

/**
 * Writes the local file `source` to `target` in the folder: under the hidden partial name, in
 * chunks (each call timed), synced, read back and compared with the source byte for byte (by
 * hash), and only then renamed to `target`, over a copy of that name (an erase rewriting it).
 * Whatever stops it (a failed call, or the watch giving up on one that hung) removes the partial
 * file once the folder answers again, so nothing half-written keeps a backup's data there.
 */
export async function writeCopy(fs: FolderFs, call: FolderCall, source: string, target: string): Promise<void> {
  const partial = partialCopyPath(target)
  const local = await open(source, 'r')
  let there: FolderFile | undefined
  try {
    const hash = createHash('sha256')
    there = await call(() => fs.open(partial, 'write'))
    const buffer = Buffer.alloc(CHUNK)
    for (let position = 0; ; ) {
      const { bytesRead } = await local.read(buffer, 0, CHUNK, position)
      if (bytesRead === 0) break
      const chunk = buffer.subarray(0, bytesRead)
      hash.update(chunk)
      await call(() => there!.write(chunk, position))
      position += bytesRead
    }
    await call(() => there!.sync())
    const written = there
    there = undefined
    await call(() => written.close())
    if ((await hashThere(fs, call, partial)) !== hash.digest('hex')) throw new Error('the copy differs from the backup')
    await call(() => fs.rename(partial, target))
    await call(() => fs.syncFolder(dirname(target)))
  } catch (error) {
    // Not through `call`: after a hung call the watch refuses every other, and the partial file must go.
    await closeQuietly(there)
    await fs.remove(partial).catch(() => {})
    throw error
  } finally {
    await local.close()
  }
}

/** Reads `source` in the folder into the local file `target` (made anew), each call timed. */
export async function fetchCopy(fs: FolderFs, call: FolderCall, source: string, target: string): Promise<void> {
  const local = await open(target, 'w')
  let there: FolderFile | undefined
  try {
    there = await call(() => fs.open(source, 'read'))
    const buffer = Buffer.alloc(CHUNK)
    for (let position = 0; ; ) {
      const read = await call(() => there!.read(buffer, position))
      if (read === 0) break
      await local.write(buffer, 0, read, position)
      position += read
    }
    await local.sync()
  } finally {
    await closeQuietly(there)
    await local.close()
  }
}
