import { join } from 'node:path'
import { createCore, DATABASE_FILE } from '../../../electron/core'
import { formatReceiptNumber } from '../../../electron/core/sales/receipt-number'
import { OWNER } from '../../support/core'
import { openBenchStore } from '../metrics/generate-store'
import { RawSqlite } from '../raw-sqlite'
import { percentile, type Timing } from '../timing'

/**
 * The Receipts screen on the metrics benchmark's store of ten million receipts: each search
 * through the same dispatch the app uses, against raw SQL (the statements the core ran,
 * captured from Knex, replayed on a bare sqlite3 connection with the same bindings).
 */

export interface SearchCase {
  label: string
  core: Timing
  raw: Timing
  ratioP50: number
  rows: number
}

function timing(samples: number[]): Timing {
  const sorted = [...samples].sort((a, b) => a - b)
  const r = (ms: number) => Math.round(ms * 1000) / 1000
  return { runs: sorted.length, p50: r(percentile(sorted, 50)), p95: r(percentile(sorted, 95)), min: r(sorted[0]), max: r(sorted[sorted.length - 1]) }
}

export async function searchBench(options: { dir: string; receipts: number; fresh: boolean; runs: number }, log: (s: string) => void) {
  const { store, generatedInSeconds } = await openBenchStore(options.dir, { receipts: options.receipts, heavyReceipts: 10_000, fresh: options.fresh }, log)
  const core = await createCore({ dataDir: options.dir, log, automaticBackups: false })
  const session = 'bench-receipts'
  const login = await core.dispatch('auth:login', { username: OWNER.username, password: OWNER.password }, session)
  if (!login.ok) throw new Error(`login failed: ${JSON.stringify(login.error)}`)
  const raw = await RawSqlite.open(join(options.dir, DATABASE_FILE))
  const prepared = new Map<string, (params: unknown[]) => Promise<unknown[]>>()
  const statement = (sql: string) => {
    if (!prepared.has(sql)) prepared.set(sql, raw.prepare(sql))
    return prepared.get(sql)!
  }

  // Receipts spread over the whole store: each run asks for another, as the desk does.
  const seq = (i: number) => 1 + ((Math.abs(i) * 2_654_435_761) % (options.receipts - 10_000))
  const middleDay = store.firstDay.slice(0, 4) === store.lastDay.slice(0, 4) ? store.lastDay : `${store.lastDay.slice(0, 4)}-01-15`
  const oneTotal = (await raw.all<{ t: number }>('SELECT total_minor AS t FROM receipts WHERE seq = ?', [seq(17)]))[0]!.t
  const cases: { label: string; input: (i: number) => Record<string, unknown> }[] = [
    { label: 'by number ("BM-4817233")', input: (i) => ({ number: formatReceiptNumber('BM', seq(i)) }) },
    { label: 'by number, digits only ("4817233")', input: (i) => ({ number: String(seq(i)) }) },
    { label: 'newest first, first page of 50', input: () => ({ limit: 50 }) },
    { label: 'one day, first page', input: () => ({ from: middleDay, to: middleDay, limit: 50 }) },
    { label: 'one customer (10,000 receipts), first page', input: () => ({ customerId: store.heavyCustomerId, limit: 50 }) },
    { label: 'one exact amount, first page', input: () => ({ minTotalMinor: oneTotal, maxTotalMinor: oneTotal, limit: 50 }) },
  ]

  type Statement = { sql: string; bindings: unknown[] }
  /** One call through the dispatch, with the statements it ran (for raw SQL to replay). */
  const viaCore = async (input: Record<string, unknown>) => {
    const statements: Statement[] = []
    const listen = (q: Statement) => statements.push({ sql: q.sql, bindings: q.bindings ?? [] })
    core.services.db.on('query', listen)
    const started = performance.now()
    const answer = await core.dispatch('receipts:search', input, session)
    const elapsed = performance.now() - started
    core.services.db.off('query', listen)
    if (!answer.ok) throw new Error(`receipts:search: ${JSON.stringify(answer.error)}`)
    return { elapsed, statements, rows: (answer.data as { rows: unknown[] }).rows.length }
  }
  const viaRaw = async (statements: Statement[]) => {
    const started = performance.now()
    for (const s of statements) await statement(s.sql)(s.bindings)
    return performance.now() - started
  }

  /**
   * The statements the core would run for `input`, without running them on its connection:
   * the shape of a number search is fixed, so a captured one gets the new number bound in.
   */
  let numberShape: Statement[] | null = null
  const viaCoreStatementsOnly = async (input: { number: string }) => {
    numberShape ??= (await viaCore({ number: formatReceiptNumber('BM', seq(3)) })).statements
    return numberShape.map((s) => ({ sql: s.sql, bindings: s.bindings.map((b) => (typeof b === 'string' && /^BM-\d+$/.test(b) ? input.number : b)) }))
  }

  const results: SearchCase[] = []
  for (const c of cases) {
    const inputs = Array.from({ length: options.runs }, (_, i) => c.input(i))
    // One pass first, so both sides find the same pages in memory (the OS cache is shared;
    // each connection has its own SQLite cache): what is measured is the software, not the disk.
    const captured: Statement[][] = []
    let rows = 0
    for (const input of inputs) {
      const first = await viaCore(input)
      await viaRaw(first.statements)
      captured.push(first.statements)
      rows = first.rows
      if (c.label.startsWith('by number') && rows !== 1) throw new Error(`${c.label} found ${rows} receipts`)
    }
    const coreSamples: number[] = []
    const rawSamples: number[] = []
    for (const [i, input] of inputs.entries()) {
      coreSamples.push((await viaCore(input)).elapsed)
      rawSamples.push(await viaRaw(captured[i]!))
    }
    const coreT = timing(coreSamples)
    const rawT = timing(rawSamples)
    results.push({ label: c.label, core: coreT, raw: rawT, ratioP50: Math.round((coreT.p50 / rawT.p50) * 100) / 100, rows })
  }

  // A receipt nobody looked up before (pages on disk, not in memory): core and raw SQL each
  // get receipts of their own, taking turns.
  const coldCore: number[] = []
  const coldRaw: number[] = []
  for (let i = 0; i < options.runs; i++) {
    coldCore.push((await viaCore({ number: formatReceiptNumber('BM', seq(1_000_003 + 2 * i)) })).elapsed)
    const rawStatements = (await viaCoreStatementsOnly({ number: formatReceiptNumber('BM', seq(2_000_003 + 2 * i)) }))
    coldRaw.push(await viaRaw(rawStatements))
  }
  const coldCoreT = timing(coldCore)
  const coldRawT = timing(coldRaw)
  results.push({ label: 'by number, a receipt not looked up before (cold pages)', core: coldCoreT, raw: coldRawT, ratioP50: Math.round((coldCoreT.p50 / coldRawT.p50) * 100) / 100, rows: 1 })

  const total = (await raw.all<{ n: number }>('SELECT COUNT(*) AS n FROM receipts'))[0]!.n
  await raw.close()
  await core.close()
  return { receipts: total, generatedInSeconds, cases: results }
}
