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
  const core = await createCore({ dataDir: options.dir, log })
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

  const results: SearchCase[] = []
  for (const c of cases) {
    const captured: { sql: string; bindings: unknown[] }[][] = []
    let current: { sql: string; bindings: unknown[] }[] = []
    const listen = (q: { sql: string; bindings: unknown[] }) => current.push({ sql: q.sql, bindings: q.bindings ?? [] })
    core.services.db.on('query', listen)
    let rows = 0
    const coreSamples: number[] = []
    for (let i = -5; i < options.runs; i++) {
      current = []
      const started = performance.now()
      const answer = await core.dispatch('receipts:search', c.input(i), session)
      const elapsed = performance.now() - started
      if (!answer.ok) throw new Error(`receipts:search ${c.label}: ${JSON.stringify(answer.error)}`)
      if (i < 0) continue
      coreSamples.push(elapsed)
      captured.push(current)
      rows = (answer.data as { rows: unknown[] }).rows.length
      if (c.label.startsWith('by number') && rows !== 1) throw new Error(`${c.label} found ${rows} receipts`)
    }
    core.services.db.off('query', listen)
    const rawSamples: number[] = []
    for (const statements of captured) {
      const started = performance.now()
      for (const s of statements) await statement(s.sql)(s.bindings)
      rawSamples.push(performance.now() - started)
    }
    const coreT = timing(coreSamples)
    const rawT = timing(rawSamples)
    results.push({ label: c.label, core: coreT, raw: rawT, ratioP50: Math.round((coreT.p50 / rawT.p50) * 100) / 100, rows })
  }
  const total = (await raw.all<{ n: number }>('SELECT COUNT(*) AS n FROM receipts'))[0]!.n
  await raw.close()
  await core.close()
  return { receipts: total, generatedInSeconds, cases: results }
}
