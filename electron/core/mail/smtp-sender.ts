import { existsSync } from 'node:fs'
import { join } from 'node:path'
import { Worker } from 'node:worker_threads'
import type { Knex } from 'knex'
import type { SmtpAccount } from './account'
import { withSender } from './sender-headers'
import { MESSAGE_GONE, type FromThread, type PoolOptions, type SendErrorFields, type ThreadData, type ToThread } from './smtp-thread-protocol'
import { PooledTransports, sendDeadline, type ConnectionOptions } from './transport'

/**
 * Sends the outbox's stored messages, each named by its outbox id, From the account's current
 * settings (sender-headers.ts); a failure rejects with the fields describeSendFailure reads
 * (code MESSAGE_GONE: the message left the outbox meanwhile).
 */
export interface SmtpSender {
  send(account: SmtpAccount, envelope: { from: string; to: string[] }, outboxId: string): Promise<string>
  /** Closes connections and, on the thread, its read-only handle on the database (a restore may replace the file next). */
  close(): Promise<void>
  /** Whether the conversations run on the SMTP thread (false: on the caller's). */
  readonly onThread: boolean
}

/** Where the messages are read: the thread opens the file itself; the inline sender reads through `readDb`. */
export interface OutboxSource {
  databaseFile: string
  readDb: Knex
  /** The thread's code, bundled (MailOptions.threadFile). */
  threadFile?: string
}

/** A thread that stops takes its sends with it: each is answered as a lost connection, and retries. */
const THREAD_STOPPED: SendErrorFields = { code: 'ECONNECTION', message: 'The mail thread stopped' }

const refused = (host: string): SendErrorFields => ({ code: 'ECONNECTION', originalCode: 'ECONNREFUSED', message: `Connection to ${host} not allowed` })

/**
 * Where the thread's code is: beside the built main (electron-vite emits `smtp-thread.js` next
 * to `index.js`), or as source when the core runs from TypeScript (tests, benches, the browser
 * host), loaded through tsx. Tests name a bundle of it (`threadFile`): loading the source through
 * tsx cost each core's first send ~0.4 s of CPU.
 */
function startThread(databaseFile: string, threadFile?: string): Worker | null {
  if (threadFile) return new Worker(threadFile, { workerData: { databaseFile } satisfies ThreadData })
  const built = join(__dirname, 'smtp-thread.js')
  if (existsSync(built)) return new Worker(built, { workerData: { databaseFile } satisfies ThreadData })
  const source = join(__dirname, 'smtp-thread.ts')
  if (!existsSync(source)) return null
  const workerData: ThreadData = { databaseFile, entry: source }
  return new Worker("require('tsx/cjs'); require(require('node:worker_threads').workerData.entry)", { eval: true, workerData })
}

/** The outbox's sender: the SMTP conversations on their own thread (smtp-thread.ts). */
class ThreadSender implements SmtpSender {
  readonly onThread = true
  private next = 1
  private exited = false
  private readonly waiting = new Map<number, { resolve: (response: string) => void; reject: (error: SendErrorFields) => void }>()

  constructor(
    private readonly worker: Worker,
    private readonly pool: PoolOptions,
  ) {
    worker.unref()
    worker.on('message', (answer: FromThread) => {
      const waiter = this.waiting.get(answer.id)
      this.waiting.delete(answer.id)
      if (answer.ok) waiter?.resolve(answer.response)
      else waiter?.reject(answer.error)
    })
    // A thread that dies takes its sends with it: each is answered as a lost connection, so the
    // message is tried again (under its own Message-ID) rather than left waiting for ever.
    const lost = () => {
      for (const waiter of this.waiting.values()) waiter.reject(THREAD_STOPPED)
      this.waiting.clear()
    }
    worker.on('error', lost)
    worker.on('exit', () => {
      this.exited = true
      lost()
    })
  }

  send(account: SmtpAccount, envelope: { from: string; to: string[] }, outboxId: string): Promise<string> {
    // A thread that has ended would never answer.
    if (this.exited) return Promise.reject(THREAD_STOPPED)
    const id = this.next++
    return new Promise((resolve, reject) => {
      this.waiting.set(id, { resolve, reject })
      this.worker.postMessage({ kind: 'send', id, account, pool: this.pool, envelope, outboxId } satisfies ToThread)
    })
  }

  async close(): Promise<void> {
    if (this.exited) return
    const exited = new Promise<void>((done) => this.worker.once('exit', () => done()))
    this.worker.postMessage({ kind: 'close' } satisfies ToThread)
    // The thread ends once its database handle and connections are closed; one that does not is ended.
    const late = setTimeout(() => void this.worker.terminate(), 2000)
    await exited
    clearTimeout(late)
  }
}

/** The same on the caller's thread: where no thread can be started. */
class InlineSender implements SmtpSender {
  readonly onThread = false
  private readonly transports = new PooledTransports()

  constructor(
    private readonly pool: PoolOptions,
    private readonly readDb: Knex,
  ) {}

  async send(account: SmtpAccount, envelope: { from: string; to: string[] }, outboxId: string): Promise<string> {
    const row = await this.readDb('mail_outbox').select('raw').where({ id: outboxId }).first()
    if (!row) throw { code: MESSAGE_GONE, message: 'The message is no longer in the outbox' } satisfies SendErrorFields
    const raw = withSender(row.raw as string, account)
    return String((await this.transports.for(account, this.pool).sendMail({ envelope, raw, signal: sendDeadline(this.pool.timeoutsMs) })).response ?? '')
  }

  async close(): Promise<void> {
    this.transports.close()
  }
}

/**
 * The outbox's sender. A server the connection options do not allow is refused here, without
 * a connection (the rule is a function: it stays on this side of the thread).
 */
export function createSmtpSender(connection: ConnectionOptions, maxConnections: number, source: OutboxSource): SmtpSender {
  const pool: PoolOptions = { trustedCertificates: connection.trustedCertificates, timeoutsMs: connection.timeoutsMs, maxConnections }
  const worker = startThread(source.databaseFile, source.threadFile)
  const inner: SmtpSender = worker ? new ThreadSender(worker, pool) : new InlineSender(pool, source.readDb)
  return {
    onThread: inner.onThread,
    send: (account, envelope, outboxId) =>
      connection.allowHost && !connection.allowHost(account.host) ? Promise.reject(refused(account.host)) : inner.send(account, envelope, outboxId),
    close: () => inner.close(),
  }
}
