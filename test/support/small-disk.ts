import { execFileSync } from 'node:child_process'
import { mkdirSync } from 'node:fs'
import { join } from 'node:path'
import { tempDir } from './temp-dirs'

/**
 * A real disk that fills up: a tmpfs mounted on a folder. SQLite and node:fs then get the
 * operating system's own ENOSPC, as on a PC whose disk is full, which PRAGMA max_page_count
 * cannot give (it limits one connection to one database, and the backup scrub opens its own).
 * Mounting needs root on Linux, which is what these tests run as; elsewhere the tests that
 * need it are skipped (`smallDisksWork`), and say so.
 */
function probe(): boolean {
  if (process.platform !== 'linux' || process.getuid?.() !== 0) return false
  const dir = tempDir('backroom-disk-probe-')
  try {
    execFileSync('mount', ['-t', 'tmpfs', '-o', 'size=1m', 'tmpfs', dir], { stdio: 'ignore' })
    execFileSync('umount', [dir], { stdio: 'ignore' })
    return true
  } catch {
    return false
  }
}

export const smallDisksWork = probe()

export interface SmallDisk {
  folder: string
  /** Sets the disk's size to what it holds now plus `bytes`: only that much more fits. */
  leaveRoom(bytes: number): void
  /** The disk is big again. */
  grow(): void
  unmount(): void
}

const usedBytes = (folder: string) => Number(execFileSync('df', ['--output=used', '-B1', folder]).toString().trim().split('\n')[1])

/** Mounts a 256 MB tmpfs on `folder` (made if needed). */
export function mountSmallDisk(folder: string): SmallDisk {
  mkdirSync(folder, { recursive: true })
  execFileSync('mount', ['-t', 'tmpfs', '-o', 'size=256m', 'tmpfs', folder])
  const resize = (bytes: number) => execFileSync('mount', ['-o', `remount,size=${bytes}`, folder])
  return {
    folder,
    leaveRoom: (bytes) => resize(usedBytes(folder) + bytes),
    grow: () => resize(256 * 1024 * 1024),
    // Lazily: a file still open (a connection closing) must not leave the mount behind.
    unmount: () => execFileSync('umount', ['-l', folder]),
  }
}

/** A data folder whose `sub` folder ('' for the whole of it) is a small disk. */
export function dataDirWithSmallDisk(sub: string): { dataDir: string; disk: SmallDisk } {
  const dataDir = tempDir('backroom-small-disk-')
  const disk = mountSmallDisk(sub ? join(dataDir, sub) : dataDir)
  return { dataDir, disk }
}
