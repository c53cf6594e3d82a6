import { nodeFolderFs, type FolderFile, type FolderFs } from '../../electron/core/backups/copy-fs'

/** The folder port's calls a test can make hang: the port's own, and `write` of a file opened to write. */
export type HangingCall = keyof FolderFs | 'write'

/**
 * The copy folder's port (electron/core/backups/copy-fs.ts) over the real file system, but a call
 * the test names does not answer, as on a network share that hangs: it waits, without reaching
 * the disk, until the test releases it, and only then does what it was asked (so whatever it
 * writes lands when "the share comes back"). Each call of that kind hangs while `hangOn` holds.
 */
export function hangingFolder() {
  let hangOn: HangingCall | null = null
  const waiting: (() => void)[] = []
  let hung = 0
  const maybeHang = async (call: HangingCall) => {
    if (hangOn !== call) return
    hung += 1
    await new Promise<void>((resolve) => waiting.push(resolve))
  }
  const wrap = (file: FolderFile): FolderFile => ({
    read: (buffer, position) => file.read(buffer, position),
    async write(buffer, position) {
      await maybeHang('write')
      return file.write(buffer, position)
    },
    sync: () => file.sync(),
    close: () => file.close(),
  })
  const fs: FolderFs = {
    async kind(path, followLink) {
      await maybeHang('kind')
      return nodeFolderFs.kind(path, followLink)
    },
    async list(folder) {
      await maybeHang('list')
      return nodeFolderFs.list(folder)
    },
    async makeFolder(folder) {
      await maybeHang('makeFolder')
      return nodeFolderFs.makeFolder(folder)
    },
    async open(file, mode) {
      await maybeHang('open')
      return wrap(await nodeFolderFs.open(file, mode))
    },
    async rename(from, to) {
      await maybeHang('rename')
      return nodeFolderFs.rename(from, to)
    },
    async remove(file) {
      await maybeHang('remove')
      return nodeFolderFs.remove(file)
    },
    async syncFolder(folder) {
      await maybeHang('syncFolder')
      return nodeFolderFs.syncFolder(folder)
    },
    async realPath(path) {
      await maybeHang('realPath')
      return nodeFolderFs.realPath(path)
    },
    async device(path) {
      await maybeHang('device')
      return nodeFolderFs.device(path)
    },
  }
  return {
    fs,
    /** From now on every call of this kind hangs until `release`. */
    hang(call: HangingCall) {
      hangOn = call
    },
    /** The share answers again: the calls waiting go on, and later ones do not wait. */
    release() {
      hangOn = null
      for (const resolve of waiting.splice(0)) resolve()
    },
    /** How many calls have hung so far. */
    hung: () => hung,
  }
}
