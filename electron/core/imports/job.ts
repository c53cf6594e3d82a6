import { setImmediate as nextTurn, setTimeout as sleep } from 'node:timers/promises'
import type { Knex } from 'knex'
import type { ImportPhase } from '../../contract/imports'
import type { CommandContext } from '../context'
import { AppError, failureForLog } from '../errors'
import { storageError } from '../storage/errors'

/** Rows (or receipts) worked through between two looks at the event loop: other commands, and Cancel, get their turn. */
export const SLICE = 500

/** Thrown by the work when the user cancelled: inside a transaction, it rolls it back. */
export class Cancelled extends Error {}

/**
 * What the customer and the receipt imports share: one import of a picked file, held in memory
 * for the session that picked it (nothing is written before the user confirms), whose check and
 * save run in the background while the screen polls its phase and how far it has got. Cancel
 * stops either: the work looks at `cancelled` between slices and throws Cancelled, and a save,
 * one transaction, rolls back with it.
 */
export abstract class ImportJobBase {
  phase: ImportPhase = 'read'
  done = 0
  total = 0
  protected failure: string | null = null
  protected cancelled = false
  private running: Promise<void> | null = null

  constructor(
    readonly id: string,
    readonly sessionKey: string,
    protected readonly log: (message: string) => void = () => {},
    /** A pause after each slice (CoreServices.importSliceDelayMs): tests watch progress and Cancel. */
    private readonly sliceDelayMs = 0,
  ) {}

  get busy(): boolean {
    return this.phase === 'checking' || this.phase === 'saving'
  }

  /** Settles when the background work started last has stopped. */
  settled(): Promise<void> {
    return this.running ?? Promise.resolve()
  }

  /**
   * Stops the check or save in progress; what the save had written is rolled back. The work
   * says how it ended: a cancel that comes after the last row was handed over finds the save
   * finishing, and it is saved ("cancelled" said nothing was saved while every row was). With
   * nothing running (checked, failed…) there is nothing to stop and the phase stays.
   */
  async cancel(): Promise<void> {
    if (this.phase === 'saved') throw new AppError('CONFLICT', 'This import has already been saved')
    if (!this.busy) return
    this.cancelled = true
    await this.settled()
  }

  /** Refuses a new check or save while one runs, and once saved. */
  refuseWhileBusyOrSaved(): void {
    if (this.busy) throw new AppError('CONFLICT', 'This import is still working: wait for it or cancel it')
    if (this.phase === 'saved') throw new AppError('CONFLICT', 'This file has been imported: choose it again to import it once more')
  }

  /** Starts `work` in the background as `phase`, counting from 0 of `total`; its end sets the phase it leaves. */
  protected start(phase: 'checking' | 'saving', total: number, work: () => Promise<void>): void {
    this.phase = phase
    this.done = 0
    this.total = total
    this.failure = null
    this.cancelled = false
    this.running = this.background(work)
  }

  /** Between two slices: the event loop's turn for other commands, then stop if the user cancelled. */
  protected async turn(): Promise<void> {
    await nextTurn()
    if (this.sliceDelayMs > 0) await sleep(this.sliceDelayMs)
    this.stopIfCancelled()
  }

  protected stopIfCancelled(): void {
    if (this.cancelled) throw new Cancelled()
  }

  private async background(work: () => Promise<void>): Promise<void> {
    try {
      await work()
    } catch (error) {
      if (error instanceof Cancelled) {
        this.phase = 'cancelled'
        return
      }
      this.phase = 'failed'
      const known = error instanceof AppError ? error : storageError(error)
      if (known) this.failure = known.message
      else {
        // What the log may say: the kind of failure and where, never the file's values.
        this.log(`import failed: ${failureForLog(error)}`)
        this.failure = 'Something went wrong. Nothing was imported.'
      }
    }
  }
}

/**
 * The imports of one kind in progress, per open database: one per session (a new file replaces
 * the last, except while it saves), found only by the session that picked the file.
 */
export class ImportJobs<J extends ImportJobBase> {
  private readonly of = new WeakMap<Knex, Map<string, J>>()

  all(db: Knex): Map<string, J> {
    let jobs = this.of.get(db)
    if (!jobs) this.of.set(db, (jobs = new Map()))
    return jobs
  }

  find(ctx: CommandContext, id: string): J {
    const job = this.all(ctx.db).get(id)
    // Another session's import is as good as absent.
    if (!job || job.sessionKey !== ctx.sessionKey) throw new AppError('NOT_FOUND', 'This import is no longer open: choose the file again')
    return job
  }

  /** The session's import, while it checks or saves: what a screen opened again picks up (its bar and Cancel). */
  running(ctx: CommandContext): J | null {
    for (const job of this.all(ctx.db).values()) if (job.sessionKey === ctx.sessionKey && job.busy) return job
    return null
  }

  /**
   * Refuses a new file while the session's import is saving: the user confirmed that save, and
   * opening another file would stop it unseen (a screen opened again knew nothing of it). A running
   * check may still be replaced (nothing of it was asked to be kept).
   */
  refuseWhileSaving(ctx: CommandContext): void {
    if (this.running(ctx)?.phase === 'saving') throw new AppError('CONFLICT', 'The last file is still being saved: wait for it to finish, or cancel it')
  }

  /** Makes `job` the session's import, the one it had stopped (a running check cancelled) and forgotten; refused while it saves. */
  async open(ctx: CommandContext, job: J): Promise<J> {
    this.refuseWhileSaving(ctx)
    const jobs = this.all(ctx.db)
    for (const [id, old] of jobs) {
      if (old.sessionKey !== ctx.sessionKey) continue
      if (old.busy) await old.cancel().catch(() => {})
      jobs.delete(id)
    }
    jobs.set(job.id, job)
    return job
  }

  /**
   * Closes every import, a running check or save stopped first: after a restore, the rows were
   * checked against data that is gone, and a session signed in again could save them into the
   * restored data.
   */
  async close(db: Knex): Promise<void> {
    const jobs = this.all(db)
    for (const job of jobs.values()) if (job.busy) await job.cancel().catch(() => {})
    jobs.clear()
  }
}
