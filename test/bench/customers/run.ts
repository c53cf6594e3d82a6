/**
 * `npm run bench:customers [-- --json FILE] [--customers N]`: loads N (1,000,000) realistic
 * customers into a temporary database through the core's bulk path, then times the customer
 * table's commands through the core's dispatch against the same SQL statements replayed on a
 * bare sqlite3 connection ("raw"), in the same run.
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import { loadavg, tmpdir } from 'node:os'
import { join } from 'node:path'
import { createCore, DATABASE_FILE, type Core } from '../../../electron/core'
import type { CommandInput } from '../../../electron/contract'
import { bulkInsertCustomers } from '../../../electron/core/customers/bulk'
import { encodeSearchCursor } from '../../../electron/core/customers/search/cursor'
import { LISTING_COUNT_CAP } from '../../../electron/core/customers/search/plan'
import { SORTS } from '../../../electron/core/customers/search/sorts'
import { CONNECTION_PRAGMAS } from '../../../electron/core/db/connection'
import { OWNER, STORE, TEST_KDF } from '../../support/core'
import { captured } from '../capture'
import { RawSqlite } from '../raw-sqlite'
import { benchOptions } from '../options'
import { percentile } from '../timing'
import { benchCustomers } from './generate'
import { PAGE_SORTS, SEARCHES } from './queries'
import { printReport, type Measured, type Report } from './report'

const { customers: CUSTOMERS, jsonFile: JSON_FILE, reuseDir: REUSE_DIR, keep: KEEP } = benchOptions()
const RUNS = 30
const SESSION = 'bench'
const log = (line: string) => process.stdout.write(`${line}\n`)
const rssMb = () => Math.round(process.memoryUsage().rss / 1e5) / 10

async function samples(runs: number, step: () => Promise<unknown>): Promise<number[]> {
  const times: number[] = []
  for (let i = 0; i < runs; i++) {
    const started = performance.now()
    await step()
    times.push(performance.now() - started)
  }
  return times.sort((a, b) => a - b)
}

const stats = (times: number[]) => ({ p50: percentile(times, 50), p95: percentile(times, 95) })

interface Sampled {
  measured: Measured
  coreTimes: number[]
  rawTimes: number[]
}

/** One command through dispatch, and the same statements on the bare connection, alternating runs. */
async function measure(core: Core, raw: RawSqlite, input: CommandInput<'customers:search'>, runs = RUNS): Promise<Sampled> {
  let result: { rows: unknown[]; total: number; totalIsCapped: boolean } | undefined
  const call = async () => {
    const envelope = await core.dispatch('customers:search', input, SESSION)
    if (!envelope.ok) throw new Error(`customers:search failed: ${JSON.stringify(envelope.error)}`)
    result = envelope.data as typeof result
  }
  const statements = await captured(core.services.db, call)
  const replay = async () => {
    for (const s of statements) await raw.all(s.sql, s.bindings)
  }
  await replay()
  const coreTimes: number[] = []
  const rawTimes: number[] = []
  for (let i = 0; i < runs; i++) {
    coreTimes.push(...(await samples(1, call)))
    rawTimes.push(...(await samples(1, replay)))
  }
  coreTimes.sort((a, b) => a - b)
  rawTimes.sort((a, b) => a - b)
  const { rows, total, totalIsCapped } = result!
  return {
    measured: { core: stats(coreTimes), raw: stats(rawTimes), rows: rows.length, total, totalIsCapped, statements: statements.length },
    coreTimes,
    rawTimes,
  }
}

/** A cursor a third of the way down the rows with a value in this order, as if the user had paged there. */
async function deepCursor(raw: RawSqlite, sort: (typeof PAGE_SORTS)[number], direction: 'asc' | 'desc', total: number): Promise<string> {
  const spec = SORTS[sort]
  const shown = `active = 1 AND erased_at IS NULL AND ${spec.column} IS NOT NULL`
  const [{ n }] = await raw.all<{ n: number }>(`SELECT count(*) AS n FROM customers WHERE ${shown}`)
  const [middle] = await raw.all<{ key: string | number; id: string }>(
    `SELECT ${spec.column} AS key, id FROM customers INDEXED BY ${spec.index} WHERE ${shown}
     ORDER BY ${spec.column} ${direction}, id ${direction} LIMIT 1 OFFSET ?`,
    [Math.floor(n / 3)],
  )
  // As the first page would have counted them: the plain list's count stops at its cap.
  return encodeSearchCursor({ sort, direction, phase: 'values', key: middle.key, id: middle.id, total: Math.min(total, LISTING_COUNT_CAP), totalIsCapped: total > LISTING_COUNT_CAP })
}

interface BenchCase {
  kind: 'search' | 'page' | 'default'
  label: string
  input: CommandInput<'customers:search'>
}

/** What is measured: the search set over all time, first and deep page of each order, the default view. */
async function benchCases(raw: RawSqlite): Promise<BenchCase[]> {
  const cases: BenchCase[] = SEARCHES.map(({ label, query }) => ({ kind: 'search', label, input: { query, period: 'all' } }))
  const [{ n: total }] = await raw.all<{ n: number }>('SELECT count(*) AS n FROM customers WHERE active = 1 AND erased_at IS NULL')
  for (const sort of PAGE_SORTS) {
    for (const direction of ['asc', 'desc'] as const) {
      const first = { period: 'all', sort, direction } as const
      cases.push({ kind: 'page', label: `${sort} ${direction} first`, input: first })
      cases.push({ kind: 'page', label: `${sort} ${direction} deep`, input: { ...first, after: await deepCursor(raw, sort, direction, total) } })
    }
  }
  cases.push({ kind: 'default', label: 'default view', input: {} })
  return cases
}

async function load(core: Core, dir: string) {
  const setup = await core.dispatch('auth:setup', { store: STORE, owner: OWNER }, SESSION)
  if (!setup.ok) throw new Error('setup failed')
  log(`Loading ${CUSTOMERS.toLocaleString('en')} customers through the bulk path into ${dir} …`)
  const started = performance.now()
  const cpu = process.cpuUsage()
  const loaded = await bulkInsertCustomers(core.services, benchCustomers(CUSTOMERS, core.services.localStoreId()!, new Date()), {
    userId: (setup.data as { id: string }).id,
    expectedRows: CUSTOMERS,
    onProgress: (n) => n % 100_000 < 700 && log(`  ${n.toLocaleString('en')} rows, ${((performance.now() - started) / 1000).toFixed(1)} s`),
  })
  const loadSeconds = (performance.now() - started) / 1000
  const used = process.cpuUsage(cpu)
  // CPU time of the whole process (main thread and SQLite's threads): what a shared machine inflates least.
  log(`Loaded ${loaded.inserted.toLocaleString('en')} in ${loadSeconds.toFixed(1)} s (${((used.user + used.system) / 1e6).toFixed(1)} s CPU, load average ${loadavg()[0].toFixed(1)})`)
  return { inserted: loaded.inserted, loadSeconds }
}

async function signInAgain(core: Core) {
  const login = await core.dispatch('auth:login', { username: OWNER.username, password: OWNER.password }, SESSION)
  if (!login.ok) throw new Error('sign-in failed')
  const [{ n }] = await core.services.db('customers').count<{ n: number }[]>({ n: '*' })
  return { inserted: Number(n), loadSeconds: Number.NaN }
}

async function main() {
  const dir = REUSE_DIR ?? mkdtempSync(join(tmpdir(), 'backroom-bench-customers-'))
  const core = await createCore({ dataDir: dir, kdf: TEST_KDF, log, automaticBackups: false })
  try {
    const rssBeforeLoad = rssMb()
    const { inserted, loadSeconds } = REUSE_DIR ? await signInAgain(core) : await load(core, dir)

    const raw = await RawSqlite.open(join(dir, DATABASE_FILE))
    await raw.exec(CONNECTION_PRAGMAS)
    const rssBeforeQueries = rssMb()
    const cases = await benchCases(raw)
    // One pass over everything first, through the core and on the raw connection: both page
    // caches fill here, and memory must stay flat afterwards.
    for (const c of cases) await measure(core, raw, c.input, 1)
    const rssAfterWarmup = rssMb()
    const results = new Map<BenchCase, Sampled>()
    for (const c of cases) results.set(c, await measure(core, raw, c.input))
    const rssAfterQueries = rssMb()
    await raw.close()

    const searches = cases.filter((c) => c.kind === 'search')
    const pooled = (pick: (s: Sampled) => number[]) => searches.flatMap((c) => pick(results.get(c)!)).sort((a, b) => a - b)
    const measured = (c: BenchCase | undefined) => results.get(c!)!.measured
    const pageCase = (sort: string, direction: string, depth: string) => cases.find((c) => c.kind === 'page' && c.label === `${sort} ${direction} ${depth}`)
    const report: Report = {
      customers: inserted,
      loadAverageAtEnd: Math.round(loadavg()[1] * 100) / 100,
      loadSeconds,
      memoryMb: { beforeLoad: rssBeforeLoad, beforeQueries: rssBeforeQueries, afterWarmup: rssAfterWarmup, afterQueries: rssAfterQueries },
      searchOverall: { core: stats(pooled((s) => s.coreTimes)), raw: stats(pooled((s) => s.rawTimes)) },
      search: searches.map((c) => ({ label: c.label, query: c.input.query!, ...measured(c) })),
      pages: PAGE_SORTS.flatMap((sort) =>
        (['asc', 'desc'] as const).map((direction) => ({
          sort,
          direction,
          first: measured(pageCase(sort, direction, 'first')),
          deep: measured(pageCase(sort, direction, 'deep')),
        })),
      ),
      defaultView: measured(cases.find((c) => c.kind === 'default')),
    }
    printReport(report, log)
    if (JSON_FILE) writeFileSync(JSON_FILE, JSON.stringify(report, null, 2))
  } finally {
    await core.close()
    if (KEEP) log(`Database kept in ${dir} (measure it again with --reuse ${dir})`)
    else rmSync(dir, { recursive: true, force: true })
  }
}

main().catch((error) => {
  console.error(error)
  process.exit(1)
})
