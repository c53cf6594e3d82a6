import type { BackupNotCleaned } from '../../contract/backups'
import { COPY_LIMITS, nodeFolderFs, type CopyLimits, type FolderFs } from './copy-fs'
import type { Staged } from './staging'

/** A copy of a backup prepared for restore (decrypted and checked), kept between preview and restore. */
export interface StagedRestore {
  /** Which backup it is (source, name, passphrase hash): a different request prepares again. */
  key: string
  file: string
  staged: Staged
}

/**
 * What the backups of one running core remember: the last failure (shown until a backup
 * succeeds), the backups an erase could not clean (db/backup-scrub.ts), the file each session
 * picked for restore, the copy prepared for restore, the copy folder's port, and a queue so that
 * one backup operation runs at a time.
 */
export class BackupsState {
  lastFailure: { at: string; message: string } | null = null
  eraseNotice: { at: string; notCleaned: BackupNotCleaned[] } | null = null
  readonly picked = new Map<string, { id: string; path: string }>()
  staged: StagedRestore | null = null
  /** The folder backups are copied to, as reached (a port tests replace with one that hangs), and its time limits. */
  readonly copyFs: FolderFs
  readonly copyLimits: CopyLimits
  /**
   * Work in the copy folder given up on because a call there did not answer (copy-fs.ts), until
   * that call returns: meanwhile the folder counts as out of reach, and nothing more is sent there.
   */
  copyStillOut: Promise<void> | null = null
  private queue: Promise<unknown> = Promise.resolve()

  constructor(copy: { fs?: FolderFs; limits?: Partial<CopyLimits> } = {}) {
    this.copyFs = copy.fs ?? nodeFolderFs
    this.copyLimits = { ...COPY_LIMITS, ...copy.limits }
  }

  /** Runs `work` after every backup or restore started before it has finished. */
  exclusive<T>(work: () => Promise<T>): Promise<T> {
    const run = this.queue.then(work, work)
    this.queue = run.catch(() => {})
    return run
  }

  /** Resolves once nothing is running (close waits for it). */
  idle(): Promise<void> {
    return this.exclusive(async () => {})
  }
}
