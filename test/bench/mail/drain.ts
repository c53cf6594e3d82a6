import { fork, type ChildProcess } from 'node:child_process'
import { mkdtempSync, rmSync } from 'node:fs'
import { setPriority, tmpdir } from 'node:os'
import { join } from 'node:path'
import { monitorEventLoopDelay } from 'node:perf_hooks'
import { createCore, type Core } from '../../../electron/core'
import { memorySecrets } from '../../../electron/core/mail/secrets'
import { createSmtpTransport } from '../../../electron/core/mail/transport'
import { SEND_LIMITS } from '../../../electron/core/mail/send-limits'
import { OWNER, STORE, TEST_KDF } from '../../support/core'
import { SMTP_PASSWORD, SMTP_USER, smtpSettings } from '../../support/mail'
import { TEST_CERT, unusedPort } from '../../support/smtp/server'
import { percentile, type Timing } from '../timing'

/**
 * 1,000 receipt emails queued while the mail server is down (the desk offline), then the
 * server comes up: how long the outbox takes to drain, and how the commands a desk keeps
 * sending meanwhile compare with the same commands when the outbox is idle.
 */

export interface DrainResult {
  messages: number
  receipts: number
  /** receipts:send while offline: rendering (HTML, text, PDF) and queueing. */
  queueing: Timing
  drainSeconds: number
  /** The same messages sent by a bare nodemailer pool, no database: the floor. */
  rawSeconds: number
  delivered: number
  duplicates: number
  /** Event-loop delay during the drain (a 5 ms timer's lateness). */
  eventLoopDelayMs: { p99: number; max: number }
  commands: { name: string; idle: Timing; duringDrain: Timing; ratioP50: number; ratioP95: number }[]
}

/** The pause before each of the desk's commands in the comparison. */
const PAUSE_MS = 5

type Sink = { child: ChildProcess; ids: string[]; port: number }

function startSink(port: number): Promise<Sink> {
  const child = fork(join(__dirname, 'smtp-sink.ts'), [SMTP_USER, SMTP_PASSWORD], { execArgv: ['--import', 'tsx'], env: { ...process.env, SINK_PORT: String(port) } })
  const sink: Sink = { child, ids: [], port }
  // The server stands in for the mail provider's, on another machine: here it shares the desk's
  // two cores, so it runs at the lowest priority and takes only CPU the desk leaves (the
  // messages' TLS and parsing on the server side are not the desk PC's work).
  try {
    setPriority(child.pid!, 19)
  } catch {
    // Not allowed here: the server then competes with the desk as an equal.
  }
  return new Promise((resolve, reject) => {
    child.on('message', (message: { port?: number; id?: string }) => {
      if (message.port) resolve(sink)
      if (message.id !== undefined) sink.ids.push(message.id)
    })
    child.on('exit', (code) => reject(new Error(`SMTP sink exited with ${code}`)))
  })
}

function timing(samples: number[]): Timing {
  const sorted = [...samples].sort((a, b) => a - b)
  const r = (ms: number) => Math.round(ms * 1000) / 1000
  return { runs: sorted.length, p50: r(percentile(sorted, 50)), p95: r(percentile(sorted, 95)), min: r(sorted[0]), max: r(sorted[sorted.length - 1]) }
}

async function until(check: () => Promise<boolean> | boolean, timeoutMs: number, what: string) {
  const end = Date.now() + timeoutMs
  while (!(await check())) {
    if (Date.now() > end) throw new Error(`timed out: ${what}`)
    await new Promise((r) => setTimeout(r, 20))
  }
}

export async function drainBench(options: { messages: number; receipts: number }, log: (s: string) => void): Promise<DrainResult> {
  const dir = mkdtempSync(join(tmpdir(), 'backroom-bench-mail-'))
  const port = await unusedPort()
  // The send limits (send-limits.ts) allow a user 100 messages an hour and a receipt 5 a day:
  // the bench's clock runs a day ahead after every 100 messages queued, so 1,000 go in as a desk
  // would send them over ten days, and time still flows for the worker's retries.
  let ahead = 0
  const now = () => new Date(Date.now() + ahead)
  // Retries far apart: while the server is down the worker makes one attempt per message, then waits.
  const core: Core = await createCore({
    now,
    dataDir: dir,
    kdf: TEST_KDF,
    log,
    automaticBackups: false,
    secrets: memorySecrets(),
    mail: { trustedCertificates: [TEST_CERT], backoff: { baseMs: 300_000, maxMs: 600_000 } },
  })
  const session = 'bench'
  const call = async (name: string, input: unknown) => {
    const result = await core.dispatch(name, input, session)
    if (!result.ok) throw new Error(`${name}: ${JSON.stringify(result.error)}`)
    return result.data as Record<string, unknown> & { id: string }
  }
  let sink: Sink | undefined
  try {
    await call('auth:setup', { store: STORE, owner: OWNER })
    // The clock's jumps (above) must not lock the desk as if idle for a day.
    await call('lock:setPolicy', { idleMinutes: 0, pinUnlock: true })
    const stores = (await call('stores:list', {})) as unknown as { id: string }[]
    const tax = await call('taxRates:save', { id: null, name: 'State tax', ratePercent: 8.875 })
    const customer = await call('customers:create', { firstName: 'Ana', lastName: 'García', email: 'ana@example.com', storeIds: [stores[0]!.id] })
    const receipts: { id: string; number: string }[] = []
    for (let i = 0; i < options.receipts; i++) {
      const price = 1000 + i * 37
      receipts.push(
        (await call('sales:create', {
          customerId: customer.id,
          items: [
            { name: 'Coffee beans', quantity: 2, unitPriceMinor: price, taxRateId: tax.id },
            { name: 'Postcard', quantity: 3, unitPriceMinor: 150, taxRateId: null },
          ],
          payments: [{ method: 'card', amountMinor: 2 * price + Math.round((2 * price * 8875) / 100_000) + 450 }],
        })) as unknown as { id: string; number: string },
      )
    }
    const settings = smtpSettings({ port })
    await call('mail:saveSettings', settings)

    log(`  queueing ${options.messages} receipt emails with the server down…`)
    const queueSamples: number[] = []
    for (let i = 0; i < options.messages; i++) {
      if (i > 0 && i % SEND_LIMITS.perUserPerHour === 0) ahead += 25 * 3600_000
      const started = performance.now()
      await call('receipts:send', { receiptId: receipts[i % receipts.length]!.id, to: `customer${i}@example.com` })
      queueSamples.push(performance.now() - started)
    }
    const db = core.services.db
    const untried = async () => Number((await db('mail_outbox').where({ attempts: 0 }).count<{ n: number }[]>({ n: '*' }))[0]!.n)
    await until(async () => (await untried()) === 0, 120_000, 'every message tried once')

    // The commands a desk sends all day: the Receipts screen, a receipt, its email status, the outbox.
    const commands: [string, unknown][] = [
      ['receipts:search', { limit: 50 }],
      ['receipts:search', { number: receipts[7]!.number }],
      ['receipts:get', { id: receipts[3]!.id }],
      ['receipts:emails', { receiptId: receipts[3]!.id }],
      ['mail:outbox', { limit: 50 }],
    ]
    const label = ([name, input]: [string, unknown]) => (name === 'receipts:search' && (input as { number?: string }).number ? 'receipts:search (by number)' : name)
    const samples = (): Map<string, number[]> => new Map(commands.map((c) => [label(c), []]))
    // One command every few milliseconds, idle and during the drain alike: a busier desk than any
    // person makes (about 150 a second), yet with the gaps in which a desk's background work runs.
    const runOne = async (i: number, into: Map<string, number[]>) => {
      const command = commands[i % commands.length]!
      await new Promise((r) => setTimeout(r, PAUSE_MS))
      const started = performance.now()
      await call(command[0], command[1])
      into.get(label(command))!.push(performance.now() - started)
    }
    const idle = samples()
    for (let i = 0; i < 60 * commands.length; i++) await runOne(i, idle)

    log('  server up: draining…')
    sink = await startSink(port)
    const drained = samples()
    // How late timers fire during the drain: the worker's own work, and the machine's load.
    const loopDelay = monitorEventLoopDelay({ resolution: 5 })
    loopDelay.enable()
    const started = performance.now()
    // Saving the settings is what an owner does when the server is fixed: every queued message becomes due.
    await call('mail:saveSettings', settings)
    let i = 0
    while (sink.ids.length < options.messages) {
      await runOne(i++, drained)
      if (performance.now() - started > 180_000) throw new Error(`drain stalled at ${sink.ids.length}`)
    }
    const drainSeconds = (performance.now() - started) / 1000
    loopDelay.disable()
    await until(async () => Number((await db('mail_outbox').where({ state: 'sent' }).count<{ n: number }[]>({ n: '*' }))[0]!.n) === options.messages, 30_000, 'every message marked sent')
    const delivered = new Set(sink.ids).size
    const duplicates = sink.ids.length - delivered

    // The floor: the same stored messages through a bare nodemailer pool, nothing recorded.
    const rows = (await db('mail_outbox').select('raw', 'envelope_from', 'recipient')) as { raw: string; envelope_from: string; recipient: string }[]
    const transport = createSmtpTransport(
      { ...settings, password: SMTP_PASSWORD, username: SMTP_USER, replyTo: '', version: 'raw', host: 'localhost', port },
      { pool: true, maxConnections: 3, trustedCertificates: [TEST_CERT] },
    )
    const before = sink.ids.length
    const rawStarted = performance.now()
    let next = 0
    const lane = async () => {
      while (next < rows.length) {
        const row = rows[next++]!
        await transport.sendMail({ envelope: { from: row.envelope_from, to: [row.recipient] }, raw: row.raw })
      }
    }
    await Promise.all([lane(), lane(), lane()])
    await until(() => sink!.ids.length - before === rows.length, 30_000, 'raw sends counted')
    const rawSeconds = (performance.now() - rawStarted) / 1000
    transport.close()

    return {
      messages: options.messages,
      receipts: options.receipts,
      queueing: timing(queueSamples),
      drainSeconds: Math.round(drainSeconds * 100) / 100,
      rawSeconds: Math.round(rawSeconds * 100) / 100,
      delivered,
      duplicates,
      eventLoopDelayMs: { p99: Math.round(loopDelay.percentile(99) / 1e4) / 100, max: Math.round(loopDelay.max / 1e4) / 100 },
      commands: [...idle.keys()].map((name) => {
        const a = timing(idle.get(name)!)
        const b = timing(drained.get(name)!)
        return { name, idle: a, duringDrain: b, ratioP50: Math.round((b.p50 / a.p50) * 100) / 100, ratioP95: Math.round((b.p95 / a.p95) * 100) / 100 }
      }),
    }
  } finally {
    sink?.child.kill()
    await core.close()
    rmSync(dir, { recursive: true, force: true })
  }
}
