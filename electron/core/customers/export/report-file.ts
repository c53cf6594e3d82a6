import { once } from 'node:events'
import { createWriteStream, type WriteStream } from 'node:fs'

export interface ReportFile {
  out: WriteStream
  /** Rejects with the file's first error (a full disk, a folder that is gone or read-only). */
  failed: Promise<never>
  /** Throws the file's first error, if it has had one: a stream that failed takes further writes without a word. */
  throwIfFailed(): void
  /** Resolves once everything is on disk and the file is closed; rejects if any write failed. */
  closed(): Promise<void>
  /** Stops writing at once and resolves when the file is closed. */
  destroy(): Promise<void>
}

/**
 * A new report file (never one that exists). Its errors reject `failed` rather than resolve
 * it, as `once(stream, 'error')` would: a writer that waited for "the file is done or
 * failed" took a full disk for done, and a truncated file was renamed into place.
 */
export function openReportFile(file: string): ReportFile {
  // A slice of rows (tens of kilobytes) is buffered while the disk writes the one before; with
  // the stream's default 16 KiB every slice waited for its write.
  const out = createWriteStream(file, { flags: 'wx', highWaterMark: 1 << 20 })
  let failure: Error | null = null
  const failed = new Promise<never>((_, reject) => out.once('error', (error) => reject((failure = error))))
  failed.catch(() => {})
  // Reported through `failed`; a write after an abort must not become an uncaught error.
  out.on('error', () => {})
  return {
    out,
    failed,
    throwIfFailed() {
      if (failure) throw failure
    },
    async closed() {
      // Closed, not just flushed: Windows cannot rename a file that is still open.
      if (!out.closed) await Promise.race([once(out, 'close'), failed])
      if (failure) throw failure
    },
    async destroy() {
      out.destroy()
      if (!out.closed) await once(out, 'close').catch(() => {})
    },
  }
}
