import type { Knex } from 'knex'
import { isAccount, loadSmtpAccount, type SmtpAccount } from './account'
import {
  claimForSending,
  dueMessages,
  makeQueuedDueNow,
  nextDueAt,
  postponeAll,
  recordOutcomes,
  requeueInterrupted,
  type Outcome,
  type DueMessage,
} from './outbox-repo'
import { describeSendFailure } from './problems'
import type { SecretsPort } from './secrets'
import { createSmtpSender, type SmtpSender } from './smtp-sender'
import { MESSAGE_GONE } from './smtp-thread-protocol'
import type { ConnectionOptions } from './transport'

export interface Backoff {
  /** The wait after the first failed attempt; each further failure doubles it… */
  baseMs: number
  /** …up to this. */
  maxMs: number
}

/** A desk waits seconds after a first failure, and never more than ten minutes between tries. */
export const DEFAULT_BACKOFF: Backoff = { baseMs: 15_000, maxMs: 10 * 60_000 }

/** What the user is told when a queued email finally fails (the OS notification, where there is one). */
export interface FailedMessage {
  id: string
  receiptId: string
  recipient: string
  subject: string
  error: string
}

export interface OutboxWorkerOptions {
  /** The commands' connection: every write goes through it, so no two connections ever write. */
  db: Knex
  /**
   * A connection for reading only (what is due, when the next falls due): a drain's reads never
   * wait behind a command, nor a command behind them (WAL lets both read at once). Writes stay
   * on `db`: with a second writer, a command's transaction that read first could not take the
   * write lock (SQLITE_BUSY) whenever the worker had committed in between.
   */
  readDb: Knex
  /** The database file, which the SMTP thread opens read-only to read each message's bytes. */
  databaseFile: string
  /** The SMTP thread's code, bundled (MailOptions.threadFile). */
  threadFile?: string
  now: () => Date
  log: (message: string) => void
  storeId: () => string | null
  secrets: SecretsPort
  connection?: ConnectionOptions
  backoff?: Backoff
  /** Messages in flight at once, each over its own pooled connection. */
  concurrency?: number
  random?: () => number
  /** Resolves when no command is being answered (or after the wait given): the desk goes first. */
  deskQuiet?: (maxWaitMs: number) => Promise<void>
  /** Whether the desk answered a command within the last `withinMs`: a drain then goes at a walk. */
  deskBusy?: (withinMs: number) => boolean
  onMessageFailed?: (message: FailedMessage) => void
}

/**
 * Exponential backoff with jitter: attempt n waits between half and all of base × 2^(n-1),
 * capped, so many desks (or many messages) coming back online do not retry in step.
 */
export function backoffDelay(attempt: number, backoff: Backoff, random: () => number = Math.random): number {
  const ceiling = Math.min(backoff.maxMs, backoff.baseMs * 2 ** Math.max(0, attempt - 1))
  return Math.round(ceiling * (0.5 + random() * 0.5))
}

const BATCH = 30
/**
 * Outcomes are committed together, every FLUSH_AFTER messages or FLUSH_MS, and whenever the
 * worker runs out of work: a drain of a thousand messages then costs dozens of commits, not
 * thousands, and the desk's commands seldom wait behind one. The price: a crash can lose the
 * record of at most this many accepted messages, which the next run sends again (README).
 */
const FLUSH_AFTER = 25
const FLUSH_MS = 250
/** The longest a message waits for the desk's commands to be answered before it goes anyway. */
const DESK_FIRST_MS = 50
/**
 * While someone works at the desk, each lane pauses this long before its next message: the
 * SMTP thread then leaves a core free most of the time, so a command's wake-ups never wait for
 * one (the drain of a thousand messages takes some seconds longer; with nobody at the desk it
 * goes at full speed).
 */
const DESK_BUSY_PAUSE_MS = 20
const DESK_BUSY_WITHIN_MS = 1000

/**
 * Sends the outbox in the background: picks up what is due (and, at start, what a previous
 * run left queued or mid-send), sends each message's stored bytes (From as the settings say at
 * that moment: sender-headers.ts) through a pooled nodemailer
 * transport on the SMTP thread (smtp-sender.ts), and records the outcome. 4xx answers and network trouble retry with backoff; a
 * 5xx answer fails the message with the server's words. Never blocks a command: every
 * database step is one short statement on the shared connection.
 */
export class OutboxWorker {
  private readonly backoff: Backoff
  private readonly concurrency: number
  private readonly random: () => number
  private timer: NodeJS.Timeout | null = null
  private running: Promise<void> | null = null
  private again = false
  private stopped = false
  private sender: SmtpSender | null = null
  /** A retryable failure happened since the last success: when one goes through, the link is back. */
  private sawTrouble = false
  private pending: Outcome[] = []
  private failedNow: FailedMessage[] = []
  private lastFlush = 0

  constructor(private readonly options: OutboxWorkerOptions) {
    this.backoff = options.backoff ?? DEFAULT_BACKOFF
    this.concurrency = options.concurrency ?? 3
    this.random = options.random ?? Math.random
  }

  private nowIso(): string {
    return this.options.now().toISOString()
  }

  /** Messages left mid-send by the last run go back to the queue; everything due goes now. */
  async start(): Promise<void> {
    await requeueInterrupted(this.options.db, this.nowIso())
    this.wake()
  }

  /** Something new is due (a message queued, Retry now, new settings): look now. */
  wake(): void {
    if (this.stopped) return
    if (this.timer) clearTimeout(this.timer)
    this.timer = null
    if (this.running) {
      this.again = true
      return
    }
    this.running = this.pump().finally(() => {
      this.running = null
      if (this.again && !this.stopped) {
        this.again = false
        this.wake()
      }
    })
  }

  /** Lets what is in flight finish (briefly), records what it can, then closes the connections. */
  async stop(): Promise<void> {
    this.stopped = true
    if (this.timer) clearTimeout(this.timer)
    this.timer = null
    if (this.running) await Promise.race([this.running, new Promise((done) => setTimeout(done, 5000).unref())])
    // A last try for outcomes a refused commit left unrecorded; what still fails is sent again at the next start.
    await this.flush().catch((error: unknown) => this.logTrouble(error))
    await this.sender?.close()
    this.sender = null
  }

  private logTrouble(error: unknown): void {
    this.options.log(`mail outbox: ${error instanceof Error ? error.name : 'error'} ${(error as { code?: string }).code ?? ''}`.trim())
  }

  private async pump(): Promise<void> {
    try {
      // Outcomes a refused commit left unrecorded go first: their messages stay 'sending' until then.
      await this.flush()
      while (!this.stopped) {
        const storeId = this.options.storeId()
        if (!storeId) return
        const due = await dueMessages(this.options.readDb, this.nowIso(), BATCH)
        if (due.length === 0) break
        const account = await loadSmtpAccount(this.options.readDb, storeId, this.options.secrets)
        if (!isAccount(account)) {
          // Nothing to send with until the owner saves settings, which wakes the queue again.
          const later = new Date(this.options.now().getTime() + this.backoff.maxMs).toISOString()
          await postponeAll(this.options.db, due.map((row) => row.id), later, account.message)
          continue
        }
        await this.sendBatch(due, account)
      }
      await this.scheduleNext()
    } catch (error) {
      if (this.stopped) return
      this.logTrouble(error)
      this.schedule(this.backoff.baseMs)
    }
  }

  private async sendBatch(rows: DueMessage[], account: SmtpAccount): Promise<void> {
    await this.options.deskQuiet?.(DESK_FIRST_MS)
    const claimed = await claimForSending(this.options.db, rows.map((row) => row.id), this.nowIso())
    const mine = rows.filter((row) => claimed.has(row.id))
    const handedOver = new Set<string>()
    let next = 0
    const lane = async () => {
      while (next < mine.length && !this.stopped) await this.sendOne(mine[next++], account, handedOver)
    }
    // Every lane ends before the batch does: none goes on sending behind a batch already given up.
    const lanes = await Promise.allSettled(Array.from({ length: Math.min(this.concurrency, mine.length) }, lane))
    // A message claimed but never handed to the server (a lane failed, or the app is quitting) goes back to the queue.
    for (const row of mine) if (!handedOver.has(row.id)) this.pending.push({ id: row.id, kind: 'unsent', nextAt: this.nowIso() })
    await this.flush()
    const failure = lanes.find((lane): lane is PromiseRejectedResult => lane.status === 'rejected')
    if (failure) throw failure.reason
  }

  private async sendOne(row: DueMessage, account: SmtpAccount, handedOver: Set<string>): Promise<void> {
    if (this.options.deskBusy?.(DESK_BUSY_WITHIN_MS)) await new Promise((resume) => setTimeout(resume, DESK_BUSY_PAUSE_MS))
    await this.options.deskQuiet?.(DESK_FIRST_MS)
    handedOver.add(row.id)
    let response: string
    try {
      this.sender ??= createSmtpSender(this.options.connection ?? {}, this.concurrency, { databaseFile: this.options.databaseFile, readDb: this.options.readDb, threadFile: this.options.threadFile })
      // From the settings as they are now, not as when the message was queued (sender-headers.ts).
      response = await this.sender.send(account, { from: account.fromAddress, to: [row.recipient] }, row.id)
    } catch (error) {
      // Erased with its customer while it waited: there is nothing left to send or to record.
      if ((error as { code?: string }).code === MESSAGE_GONE) return
      await this.record(this.failureOutcome(row, account, error))
      return
    }
    await this.record({ id: row.id, kind: 'sent', at: this.nowIso(), response })
  }

  private failureOutcome(row: DueMessage, account: SmtpAccount, error: unknown): Outcome {
    const failure = describeSendFailure(error, { host: account.host, port: account.port, from: account.fromAddress, to: row.recipient })
    if (failure.permanent) {
      this.failedNow.push({ id: row.id, receiptId: row.receipt_id, recipient: row.recipient, subject: row.subject, error: failure.message })
      return { id: row.id, kind: 'failed', error: failure.message }
    }
    this.sawTrouble = true
    const wait = backoffDelay(row.attempts + 1, this.backoff, this.random)
    return { id: row.id, kind: 'retry', nextAt: new Date(this.options.now().getTime() + wait).toISOString(), error: failure.message }
  }

  /** Never throws: a refused commit keeps the outcomes for the batch's last flush, which says so. */
  private async record(outcome: Outcome): Promise<void> {
    this.pending.push(outcome)
    if (this.pending.length >= FLUSH_AFTER || performance.now() - this.lastFlush >= FLUSH_MS) await this.flush().catch(() => {})
  }

  /**
   * Commits the outcomes so far in one transaction. Should the commit be refused (a full
   * disk, an I/O error), the outcomes are kept and committed by the next flush, which the
   * worker retries with its backoff: their messages stay 'sending' meanwhile, so none is
   * sent again while its outcome waits (only a quit before that sends it again at the next start).
   */
  private async flush(): Promise<void> {
    const outcomes = this.pending.splice(0)
    const failed = this.failedNow.splice(0)
    this.lastFlush = performance.now()
    if (outcomes.length === 0) return
    try {
      // A commit waits for the disk: taken between the desk's commands, none of them waits for it.
      await this.options.deskQuiet?.(DESK_FIRST_MS)
      await recordOutcomes(this.options.db, outcomes)
    } catch (error) {
      this.pending.unshift(...outcomes)
      this.failedNow.unshift(...failed)
      throw error
    }
    for (const message of failed) this.options.onMessageFailed?.(message)
    if (this.sawTrouble && outcomes.some((o) => o.kind === 'sent')) {
      this.sawTrouble = false
      await makeQueuedDueNow(this.options.db, this.nowIso())
    }
  }

  private async scheduleNext(): Promise<void> {
    const at = await nextDueAt(this.options.readDb)
    if (at === null || this.stopped) return
    this.schedule(Date.parse(at) - this.options.now().getTime())
  }

  private schedule(delayMs: number): void {
    if (this.stopped) return
    if (this.timer) clearTimeout(this.timer)
    const delay = Math.min(this.backoff.maxMs, Math.max(10, delayMs))
    this.timer = setTimeout(() => {
      this.timer = null
      this.wake()
    }, delay)
    // A forgotten core must not keep a process alive just to retry email.
    this.timer.unref()
  }
}
