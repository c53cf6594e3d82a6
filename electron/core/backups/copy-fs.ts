import { lstat, mkdir, open, readdir, realpath, rename, rm, stat } from 'node:fs/promises'
import { errorCode } from './failures'

/**
 * The folder backups are copied to, as the copy reaches it: every call the copy, its prune, its
 * erase and the probe when choosing make there goes through this port, each one asynchronous (a
 * synchronous call to a network share that hangs would freeze the whole app) and each one timed
 * (watchFolder). Tests put a port in its place that never answers, the way a hung share does:
 * the file system of this machine cannot be made to hang.
 */
export interface FolderFile {
  /** Reads into `buffer` from `position`; answers how many bytes were read (0 at the end). */
  read(buffer: Buffer, position: number): Promise<number>
  /** Writes the whole of `buffer` at `position`. */
  write(buffer: Buffer, position: number): Promise<void>
  sync(): Promise<void>
  close(): Promise<void>
}

export type EntryKind = 'file' | 'folder' | 'other'

export interface FolderFs {
  /**
   * What is at `path`; null when nothing is. A link is 'other', unless `followLink` (the folder the
   * owner chose may well be a link, such as a cloud folder's; a file in it named as a backup may not).
   */
  kind(path: string, followLink?: boolean): Promise<EntryKind | null>
  list(folder: string): Promise<string[]>
  /** Makes one folder inside one that is there; one already there is fine. */
  makeFolder(folder: string): Promise<void>
  /** 'write' makes the file anew (or empties it). */
  open(file: string, mode: 'read' | 'write'): Promise<FolderFile>
  rename(from: string, to: string): Promise<void>
  /** Removes a file; one not there is fine. */
  remove(file: string): Promise<void>
  /** So a rename survives a power cut; where a folder cannot be synced (Windows), nothing. */
  syncFolder(folder: string): Promise<void>
  /** Where `path` really is, every link in it followed (the folder chosen may have become a link since). */
  realPath(path: string): Promise<string>
  /** The device (disk, volume) `path` is on, its link followed: `stat`'s `dev`. */
  device(path: string): Promise<number>
}

export const nodeFolderFs: FolderFs = {
  async kind(path, followLink = false) {
    try {
      const stats = await (followLink ? stat : lstat)(path)
      return stats.isFile() ? 'file' : stats.isDirectory() ? 'folder' : 'other'
    } catch (error) {
      if (errorCode(error) === 'ENOENT') return null
      throw error
    }
  },
  list: (folder) => readdir(folder),
  async makeFolder(folder) {
    try {
      await mkdir(folder)
    } catch (error) {
      if (errorCode(error) !== 'EEXIST' || (await nodeFolderFs.kind(folder)) !== 'folder') throw error
    }
  },
  async open(file, mode) {
    const handle = await open(file, mode === 'read' ? 'r' : 'w')
    return {
      read: async (buffer, position) => (await handle.read(buffer, 0, buffer.length, position)).bytesRead,
      async write(buffer, position) {
        let done = 0
        while (done < buffer.length) done += (await handle.write(buffer, done, buffer.length - done, position + done)).bytesWritten
      },
      sync: () => handle.sync(),
      close: () => handle.close(),
    }
  },
  rename: (from, to) => rename(from, to),
  remove: (file) => rm(file, { force: true }),
  async syncFolder(folder) {
    try {
      const handle = await open(folder, 'r')
      try {
        await handle.sync()
      } finally {
        await handle.close()
      }
    } catch {
      // Windows cannot open a folder for syncing.
    }
  },
  realPath: (path) => realpath(path),
  device: async (path) => (await stat(path)).dev,
}

/** How long the folder has to answer each call (a copy writes a backup in many calls, each timed). */
export interface CopyLimits {
  /** Each call of a copy, its prune and an erase there. */
  callMs: number
  /** Each call of the check when a folder is chosen (someone is waiting at the screen). */
  probeMs: number
}

export const COPY_LIMITS: CopyLimits = { callMs: 2 * 60_000, probeMs: 5_000 }

/** "2 minutes", "5 seconds", "0.2 seconds" */
export function describeLimit(ms: number): string {
  if (ms >= 60_000 && ms % 60_000 === 0) return ms === 60_000 ? '1 minute' : `${ms / 60_000} minutes`
  const seconds = Math.round(ms / 100) / 10
  return seconds === 1 ? '1 second' : `${seconds} seconds`
}

/** A call to the folder that did not answer in time: the folder counts as out of reach. */
export class FolderDidNotAnswer extends Error {
  readonly code = 'ETIMEDOUT'
  constructor(readonly limitMs: number) {
    super(`the folder did not answer within ${describeLimit(limitMs)}`)
  }
}

/** The folder at the chosen path is not the one chosen, or leads into the data folder (copy-folder-recheck.ts). */
export class CopyFolderRefused extends Error {}

/** Runs one call to the folder under the watch; refused at once once the work was given up. */
export type FolderCall = <T>(call: () => Promise<T>) => Promise<T>

export interface Watched<T> {
  /** The work's answer, or FolderDidNotAnswer as soon as one call outlasts the limit. */
  answer: Promise<T>
  /** Settles when the work itself has ended, the folder's last call returned and its clean-up done. */
  ended: Promise<void>
}

/**
 * Runs `work` against the folder, each of its calls (`call`) given `limitMs` to answer. When one
 * does not, the answer is FolderDidNotAnswer at once, so the backups' turn goes on without it; the
 * work itself is given up: its next call is refused, so its own clean-up (a `finally` that removes
 * its partial file, without `call`) runs as soon as the hung call returns. Nothing can stop a call
 * a share has not answered: `ended` says when it did.
 */
export function watchFolder<T>(limitMs: number, work: (call: FolderCall) => Promise<T>): Watched<T> {
  let givenUp = false
  let giveUp: (error: FolderDidNotAnswer) => void = () => {}
  const tooLong = new Promise<never>((_, reject) => {
    giveUp = reject
  })
  const call: FolderCall = async (fn) => {
    if (givenUp) throw new FolderDidNotAnswer(limitMs)
    const timer = setTimeout(() => {
      givenUp = true
      giveUp(new FolderDidNotAnswer(limitMs))
    }, limitMs)
    try {
      return await fn()
    } finally {
      clearTimeout(timer)
    }
  }
  const running = work(call)
  return {
    answer: Promise.race([running, tooLong]),
    ended: running.then(
      () => {},
      () => {},
    ),
  }
}

/** What inCopyFolder needs of the backups' state (backups/state.ts). */
interface CopyFolderState {
  copyFs: FolderFs
  copyLimits: CopyLimits
  copyStillOut: Promise<void> | null
}

/**
 * Runs `work` in the copy folder, each call given the copy's time limit. While work given up on
 * earlier is still out (a call there never answered), the folder counts as out of reach at once:
 * calls piling up on a hung share would each hold a thread of the app's file pool.
 */
export async function inCopyFolder<T>(state: CopyFolderState, work: (fs: FolderFs, call: FolderCall) => Promise<T>): Promise<T> {
  const limitMs = state.copyLimits.callMs
  if (state.copyStillOut) throw new FolderDidNotAnswer(limitMs)
  const watched = watchFolder(limitMs, (call) => work(state.copyFs, call))
  try {
    return await watched.answer
  } catch (error) {
    if (error instanceof FolderDidNotAnswer) {
      const out = watched.ended.then(() => {
        if (state.copyStillOut === out) state.copyStillOut = null
      })
      state.copyStillOut = out
    }
    throw error
  }
}
