import { randomBytes } from 'node:crypto'
import { existsSync } from 'node:fs'
import { rm, rename } from 'node:fs/promises'
import { basename, dirname, resolve } from 'node:path'
import { setTimeout as sleep } from 'node:timers/promises'
import type { ExportFormat, ExportProgress } from '../../../contract/customer-export'
import { AppError, failureForLog } from '../../errors'
import { errorCode, isDiskFull, isNotWritable } from '../../backups/failures'
import { pageWriter, type ContextSpec, type PageWriter } from './formats'
import { noteRunning, noteStopped } from './leftovers'
import { ExportReader, EXPORT_PAGE_SIZE, type ListQuery } from './rows'
import type { ReportHeading } from './writer'

/** How long a finished export's outcome stays to be asked for. */
const KEEP_FINISHED_MS = 30 * 60_000

export interface ExportPacing {
  /** Rows read and written per page. */
  pageSize?: number
  /** A pause after each page: tests slow an export down to watch its progress and cancel it. */
  pageDelayMs?: number
}

export interface ExportSpec {
  sessionKey: string
  format: ExportFormat
  /** Where the user chose to save it. */
  target: string
  databaseFile: string
  query: ListQuery
  context: ContextSpec
  heading: ReportHeading
}

/** How long Cancel waits for an export to stop before it answers (see ExportJob.cancel). */
export const CANCEL_WAIT_MS = 2_000

class Cancelled extends Error {}

/**
 * The finished file could not take the chosen name, though the folder took the hidden one: on
 * Windows, a file of that name open in another program (Excel keeps the last export open) refuses
 * to be replaced (EPERM, EBUSY, EACCES); so does a read-only file.
 */
class TargetInUse extends Error {}
const IN_USE_CODES = new Set(['EPERM', 'EBUSY', 'EACCES'])

/** What went wrong, said so the user can act on it; never an error's message (it may quote a path or data). */
function describeFailure(error: unknown): { message: string; expected: boolean } {
  if (error instanceof TargetInUse) return { message: 'A file of that name is open in another program or read-only: close it there, then export again, or choose another name.', expected: true }
  if (isDiskFull(error)) return { message: 'The disk is full: the export was not saved. Free some space, then export again.', expected: true }
  if (isNotWritable(error)) return { message: 'The export could not be written there: the folder is read-only or not allowed. Choose another folder.', expected: true }
  return { message: 'The export could not be written. Nothing was saved; try again.', expected: false }
}

/**
 * One export running in the background after customers:exportStart answered. It writes to a
 * hidden file beside the chosen one and renames it into place only when complete: the chosen
 * name never holds a partial list. Cancel or a failure removes the hidden file.
 */
export class ExportJob {
  readonly id = randomBytes(16).toString('base64url')
  state: ExportProgress['state'] = 'running'
  done = 0
  total = 0
  error: string | null = null
  finishedAt = 0
  readonly fileName: string
  readonly temp: string
  /** Settles when the job has stopped and cleaned up, whatever the outcome. */
  readonly settled: Promise<void>
  private cancelRequested = false
  private writer: PageWriter | null = null

  constructor(
    readonly spec: ExportSpec,
    private readonly pacing: ExportPacing,
    private readonly now: () => number,
    /** The data folder, where a running export is noted so that a crash's partial file goes at the next start. */
    private readonly dataDir: string,
    private readonly log: (line: string) => void,
  ) {
    this.fileName = basename(spec.target)
    this.temp = resolve(dirname(spec.target), `.${this.fileName}.${this.id.slice(0, 8)}.part`)
    this.settled = this.run()
  }

  progress(): ExportProgress {
    return {
      jobId: this.id,
      state: this.state,
      format: this.spec.format,
      done: this.done,
      total: Math.max(this.total, this.done),
      fileName: this.fileName,
      file: this.state === 'done' ? this.spec.target : null,
      error: this.error,
    }
  }

  /**
   * Stops at the next row and waits until the partial file is gone, or CANCEL_WAIT_MS. A write to
   * a drive that has stopped answering (a network share that hangs) does not return until the
   * drive answers, and neither Cancel nor closing the app may wait for that: the export shows as
   * cancelled at once, and stops and removes its partial file when the write returns (or, if the
   * app is closed first, the next start removes it: leftovers.ts).
   */
  async cancel(): Promise<void> {
    if (this.state === 'running') this.cancelRequested = true
    const stopped = await Promise.race([this.settled.then(() => true), sleep(CANCEL_WAIT_MS).then(() => false)])
    if (!stopped && this.state === 'running') {
      this.state = 'cancelled'
      this.finishedAt = this.now()
    }
  }

  private check() {
    if (this.cancelRequested) throw new Cancelled()
  }

  private async run(): Promise<void> {
    const reader = new ExportReader(this.spec.databaseFile)
    try {
      noteRunning(this.dataDir, this.id, this.temp)
      const { plan, total } = await reader.begin(this.spec.query)
      this.total = total
      this.check()
      this.writer = await pageWriter({ format: this.spec.format, file: this.temp, heading: this.spec.heading, context: this.spec.context })
      for await (const page of reader.pages(this.spec.query, plan, this.pacing.pageSize ?? EXPORT_PAGE_SIZE)) {
        this.check()
        await this.writer.write(page)
        this.done += page.rows
        this.check()
        if (this.pacing.pageDelayMs) await sleep(this.pacing.pageDelayMs)
        this.check()
      }
      await this.writer.finish()
      this.check()
      await rename(this.temp, this.spec.target).catch((error: unknown) => {
        throw IN_USE_CODES.has(errorCode(error) ?? '') && existsSync(this.spec.target) ? new TargetInUse() : error
      })
      this.state = 'done'
    } catch (error) {
      await this.writer?.abort().catch(() => {})
      await rm(this.temp, { force: true }).catch(() => {})
      if (this.cancelRequested || error instanceof Cancelled) this.state = 'cancelled'
      else {
        const failure = describeFailure(error)
        // The user was told only to try again: the log keeps the kind, code and where (failureForLog).
        if (!failure.expected) this.log(`export (${this.spec.format}) failed: ${failureForLog(error)}`)
        this.state = 'failed'
        this.error = failure.message
      }
    } finally {
      await reader.close().catch(() => {})
      noteStopped(this.dataDir, this.id)
      this.finishedAt = this.now()
    }
  }
}

/**
 * The exports of this core. One runs at a time per session (a second Export waits for the
 * first); each is visible only to the session that started it.
 */
export class ExportJobs {
  private readonly jobs = new Map<string, ExportJob>()

  constructor(
    private readonly dataDir: string,
    private readonly log: (line: string) => void,
    private readonly pacing: ExportPacing = {},
    private readonly now: () => number = Date.now,
  ) {}

  start(spec: ExportSpec): ExportJob {
    this.prune()
    for (const job of this.jobs.values()) {
      if (job.spec.sessionKey === spec.sessionKey && job.state === 'running') {
        throw new AppError('CONFLICT', 'An export is still running: wait for it to finish or cancel it first')
      }
    }
    const job = new ExportJob(spec, this.pacing, this.now, this.dataDir, this.log)
    this.jobs.set(job.id, job)
    return job
  }

  /** The session's job, or NOT_FOUND (another session's job is not told apart from none). */
  get(id: string, sessionKey: string): ExportJob {
    const job = this.jobs.get(id)
    if (!job || job.spec.sessionKey !== sessionKey) throw new AppError('NOT_FOUND', 'This export was not found: it may have finished a while ago')
    return job
  }

  /** At close: every running export stops and removes its partial file. */
  async cancelAll(): Promise<void> {
    await Promise.all([...this.jobs.values()].map((job) => job.cancel()))
  }

  private prune() {
    const cutoff = this.now() - KEEP_FINISHED_MS
    for (const [id, job] of this.jobs) if (job.state !== 'running' && job.finishedAt < cutoff) this.jobs.delete(id)
  }
}
