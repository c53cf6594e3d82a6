/**
 * `npm run bench:sync [-- --json FILE] [--customers N] [--sales N] [--entries N]`: what the
 * sync-ready change log costs and how fast another store's entries apply.
 *
 * - Log bytes per new customer and per sale, against the rows' own bytes (table and indexes,
 *   from SQLite's dbstat): target ≤ 2×.
 * - sales:create p50/p95 with the log, beside one fsync'd one-row commit (the floor).
 * - Applying N (100,000) remote entries at a store that has none of them: target ≤ 5 s;
 *   beside it, raw SQLite writing the same rows and log entries with plain inserts.
 */
import { copyFileSync, existsSync, mkdtempSync, rmSync } from 'node:fs'
import { loadavg, tmpdir } from 'node:os'
import { join } from 'node:path'
import { writeFileSync } from 'node:fs'
import type { Knex } from 'knex'
import sqlite3 from 'sqlite3'
import { CONNECTION_PRAGMAS } from '../../../electron/core/db/connection'
import { customerFieldsSchema } from '../../../electron/contract/customers'
import { createCore, DATABASE_FILE, type Core } from '../../../electron/core'
import { bulkInsertCustomers } from '../../../electron/core/customers/bulk'
import { applyEntries } from '../../../electron/core/sync/apply'
import { createJoinedStore } from '../../../electron/core/stores/join'
import { OWNER, STORE, TEST_KDF } from '../../support/core'
import { benchCustomers } from '../customers/generate'
import { benchOptions } from '../options'
import { RawSqlite } from '../raw-sqlite'
import { time, type Timing } from '../timing'

const options = benchOptions()
const CUSTOMERS = Number(options.option('--customers') ?? 2000)
const SALES = Number(options.option('--sales') ?? 2000)
const ENTRIES = Number(options.option('--entries') ?? 100_000)
/** `--source DIR`: keep the busy store there and reuse it next time (to profile the apply alone). */
const SOURCE = options.option('--source')
const APPLY_ONLY = process.argv.includes('--apply-only')
const log = (line: string) => process.stdout.write(`${line}\n`)
const SESSION = 'bench'

async function open(dir: string): Promise<Core> {
  return createCore({ dataDir: dir, kdf: TEST_KDF, log: () => {}, automaticBackups: false })
}

/** Bytes of each table and index, from dbstat (after a checkpoint, so the WAL is in the file). */
async function sizes(db: Knex): Promise<Map<string, number>> {
  await db.raw('PRAGMA wal_checkpoint(TRUNCATE)')
  const rows: { name: string; bytes: number }[] = await db.raw('SELECT name, SUM(pgsize) AS bytes FROM dbstat GROUP BY name')
  return new Map(rows.map((r) => [r.name, Number(r.bytes)]))
}

async function objectsOf(db: Knex, tables: readonly string[]): Promise<string[]> {
  const rows: { name: string }[] = await db('sqlite_master').whereIn('tbl_name', [...tables]).whereIn('type', ['table', 'index']).select('name')
  return rows.map((r) => r.name)
}

function grown(before: Map<string, number>, after: Map<string, number>, names: readonly string[]): number {
  return names.reduce((sum, name) => sum + (after.get(name) ?? 0) - (before.get(name) ?? 0), 0)
}

async function call(core: Core, name: string, input: unknown) {
  const answer = await core.dispatch(name, input, SESSION)
  if (!answer.ok) throw new Error(`${name} failed: ${JSON.stringify(answer.error)}`)
  return answer.data as Record<string, unknown>
}

function saleInput(customerId: string, i: number) {
  const price = 1000 + (i % 50) * 37
  return {
    customerId,
    items: [
      { name: 'Coffee beans', quantity: 2, unitPriceMinor: price },
      { name: 'Postcard', quantity: 3, unitPriceMinor: 150 },
    ],
    payments: [
      { method: 'card', amountMinor: 1000, reference: '4242' },
      { method: 'cash', amountMinor: 2 * price + 450 - 1000 + 500 },
    ],
  }
}

/** Log bytes against row bytes for customers made at the desk, and for sales. */
async function logSize(core: Core) {
  const db = core.services.db
  const logObjects = await objectsOf(db, ['change_log'])
  const customerObjects = await objectsOf(db, ['customers', 'customer_stores', 'customer_staff', 'customer_claims', 'customer_search_data', 'customer_search_idx', 'customer_search_docsize', 'customer_search_config'])
  const saleObjects = await objectsOf(db, ['receipts', 'receipt_items', 'receipt_payments', 'loyalty_ledger'])
  const storeId = core.services.localStoreId()!
  const people = benchCustomers(CUSTOMERS, storeId, new Date())
  let before = await sizes(db)
  const ids: string[] = []
  for (const person of people) {
    const { createdAt: _c, active: _a, password: _p, ...fields } = person
    ids.push(String((await call(core, 'customers:create', { ...fields, loyaltyEnrolled: true })).id))
  }
  let after = await sizes(db)
  const customer = { log: grown(before, after, logObjects) / CUSTOMERS, row: grown(before, after, customerObjects) / CUSTOMERS }
  before = after
  const sale = await time(SALES, (i) => call(core, 'sales:create', saleInput(ids[Math.abs(i) % ids.length], Math.abs(i))), 0)
  after = await sizes(db)
  const perSale = { log: grown(before, after, logObjects) / SALES, row: grown(before, after, saleObjects) / SALES }
  return { customer, sale: perSale, saleTiming: sale }
}

/** One fsync'd commit of one small row: what no save can beat. */
async function fsyncFloor(dir: string): Promise<Timing> {
  const raw = await RawSqlite.open(join(dir, 'floor.sqlite'), sqlite3.OPEN_READWRITE | sqlite3.OPEN_CREATE)
  await raw.exec(`${CONNECTION_PRAGMAS} CREATE TABLE t (id INTEGER PRIMARY KEY, v TEXT)`)
  const timing = await time(200, (i) => raw.exec(`INSERT INTO t (v) VALUES ('${i}')`))
  await raw.close()
  return timing
}

/** An edit form that changes the first name only: the form sends every field and what it loaded. */
function edit(firstName: string, storeId: string) {
  const typed = customerFieldsSchema.parse({ firstName: 'x', storeIds: [storeId] }) as Record<string, unknown>
  const { password: _p, photo: _ph, photoThumbnail: _t, ...fields } = typed
  const loaded = Object.fromEntries(Object.entries(fields).filter(([, v]) => typeof v === 'string' || typeof v === 'boolean' || Array.isArray(v)))
  return { ...fields, firstName, loaded }
}

/** A store with ENTRIES entries of its own: bulk-imported customers, edits and sales, as a busy store makes them. */
async function busyStore(dir: string): Promise<Core> {
  const core = await open(dir)
  await call(core, 'auth:setup', { store: STORE, owner: OWNER })
  core.services.sessions.signIn(SESSION, (await core.services.db('users').first()).id)
  const storeId = core.services.localStoreId()!
  const customers = Math.round(ENTRIES * 0.6)
  await bulkInsertCustomers(core.services, benchCustomers(customers, storeId, new Date()), { userId: null, expectedRows: customers })
  const ids: string[] = await core.services.db('customers').orderBy('customer_number').limit(20_000).pluck('id')
  const edits = Math.round(ENTRIES * 0.2)
  for (let i = 0; i < edits; i++) {
    const id = ids[i % ids.length]
    await call(core, 'customers:update', { id, ...edit(`Edited${i}`, storeId) })
  }
  const sales = Math.round(ENTRIES * 0.1)
  await call(core, 'settings:update', { ...(await call(core, 'settings:get', {})) })
  for (let i = 0; i < sales; i++) await call(core, 'sales:create', { ...saleInput(ids[i % ids.length], i), customerId: null })
  return core
}

async function applyAll(source: Core, dir: string) {
  let target = await open(dir)
  const entries = await source.services.db('change_log').where({ store_id: source.services.localStoreId() }).whereNot({ op: 'legacy' }).orderBy('seq')
  // The store and its owner first (a joining store has them before anything else).
  const [setup, rest] = [entries.slice(0, 2), entries.slice(2)]
  await applyEntries(target.services, setup)
  await createJoinedStore(target.services, { name: 'Branch', currency: 'USD', timeZone: 'UTC' }, (await target.services.db('users').first()).id)
  await target.close()
  copyFileSync(join(dir, DATABASE_FILE), join(dir, BASE_FILE))
  target = await open(dir)
  const queries = new Map<string, number>()
  if (process.env.BENCH_QUERIES) target.services.db.on('query', (q: { sql: string }) => { const k = q.sql.slice(0, 60); queries.set(k, (queries.get(k) ?? 0) + 1) })
  const started = performance.now()
  const cpuBefore = process.cpuUsage()
  const result = await applyEntries(target.services, rest)
  const seconds = (performance.now() - started) / 1000
  const cpu = cpuSeconds(cpuBefore)
  if (process.env.BENCH_QUERIES) console.log([...queries].sort((a, b) => b[1] - a[1]).slice(0, 25))
  await target.close()
  return { entries: rest.length, applied: result.applied, seconds, cpu, raw: await rawApply(dir) }
}

const BASE_FILE = 'before-apply.sqlite'

/** CPU seconds this process spent since `before`, SQLite's threads included: steadier than wall time on a busy machine. */
function cpuSeconds(before: NodeJS.CpuUsage): number {
  const used = process.cpuUsage(before)
  return (used.user + used.system) / 1e6
}

/**
 * The raw side: the same rows and log entries the applier wrote, inserted with prepared
 * statements in one transaction into the database as it was before the apply (triggers and
 * indexes included, so the full-text rows are made too). No merge rule, no check, no cache.
 */
async function rawApply(dir: string) {
  const open = async () => {
    const raw = await RawSqlite.open(join(dir, BASE_FILE))
    await raw.exec(CONNECTION_PRAGMAS)
    await raw.exec(`ATTACH DATABASE '${join(dir, DATABASE_FILE)}' AS done`)
    return raw
  }
  copyFileSync(join(dir, BASE_FILE), join(dir, `${BASE_FILE}.untouched`))
  let raw = await open()
  const tables = (await raw.all<{ name: string }>("SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%' AND name NOT LIKE 'knex_%' AND name NOT LIKE 'customer_search%' AND sql NOT LIKE 'CREATE VIRTUAL%'")).map((t) => t.name)
  const fresh = (name: string) => `SELECT * FROM done."${name}" EXCEPT SELECT * FROM main."${name}"`
  const rows = new Map<string, Record<string, unknown>[]>()
  for (const name of tables) {
    const list = await raw.all<Record<string, unknown>>(fresh(name))
    if (list.length) rows.set(name, list)
  }
  // Statement by statement, as a hand-written data layer on this driver would write them.
  await raw.exec('BEGIN')
  let started = performance.now()
  let cpuBefore = process.cpuUsage()
  let count = 0
  for (const [name, list] of rows) {
    const columns = Object.keys(list[0])
    const insert = raw.prepare(`INSERT OR REPLACE INTO "${name}" (${columns.map((c) => `"${c}"`).join(', ')}) VALUES (${columns.map(() => '?').join(', ')})`)
    for (const row of list) await insert(columns.map((c) => row[c]))
    count += list.length
  }
  await raw.exec('COMMIT')
  const perRow = (performance.now() - started) / 1000
  const perRowCpu = cpuSeconds(cpuBefore)
  await raw.close()
  // The engine alone: each table copied by one INSERT … SELECT inside SQLite (the floor).
  copyFileSync(join(dir, `${BASE_FILE}.untouched`), join(dir, BASE_FILE))
  raw = await open()
  started = performance.now()
  cpuBefore = process.cpuUsage()
  await raw.exec(`BEGIN; ${[...rows.keys()].map((name) => `INSERT OR REPLACE INTO main."${name}" ${fresh(name)};`).join(' ')} COMMIT;`)
  const engine = (performance.now() - started) / 1000
  const engineCpu = cpuSeconds(cpuBefore)
  await raw.close()
  return { rows: count, perRow, perRowCpu, engine, engineCpu }
}

async function main() {
  const dir = mkdtempSync(join(tmpdir(), 'backroom-bench-sync-'))
  try {
    const loadBefore = loadavg()[0]
    let size = { customer: { log: 0, row: 1 }, sale: { log: 0, row: 1 }, saleTiming: { p50: 0, p95: 0 } as Timing }
    let floor = { p50: 0, p95: 0 } as Timing
    if (!APPLY_ONLY) {
      const core = await open(join(dir, 'size'))
      await call(core, 'auth:setup', { store: STORE, owner: OWNER })
      core.services.sessions.signIn(SESSION, (await core.services.db('users').first()).id)
      size = await logSize(core)
      await core.close()
      floor = await fsyncFloor(dir)
    }
    const kept = SOURCE !== null && existsSync(join(SOURCE, DATABASE_FILE))
    log(kept ? `Reusing the store in ${SOURCE}…` : `Building a store with ${ENTRIES.toLocaleString('en')} entries…`)
    const source = kept ? await open(SOURCE) : await busyStore(SOURCE ?? join(dir, 'source'))
    const apply = await applyAll(source, join(dir, 'target'))
    await source.close()
    const report = {
      machine: { loadBefore, loadAfter: loadavg()[0] },
      logPerCustomer: { logBytes: Math.round(size.customer.log), rowBytes: Math.round(size.customer.row), ratio: +(size.customer.log / size.customer.row).toFixed(2) },
      logPerSale: { logBytes: Math.round(size.sale.log), rowBytes: Math.round(size.sale.row), ratio: +(size.sale.log / size.sale.row).toFixed(2) },
      saleCreate: size.saleTiming,
      fsyncFloor: floor,
      apply,
    }
    log('')
    log('| what | result | target |')
    log('|---|---|---|')
    log(`| log bytes per new customer | ${report.logPerCustomer.logBytes} B for ${report.logPerCustomer.rowBytes} B of row (${report.logPerCustomer.ratio}×) | ≤ 2× |`)
    log(`| log bytes per sale | ${report.logPerSale.logBytes} B for ${report.logPerSale.rowBytes} B of rows (${report.logPerSale.ratio}×) | ≤ 2× |`)
    log(`| sales:create (${SALES} sales) | p50 ${size.saleTiming.p50} ms, p95 ${size.saleTiming.p95} ms | p95 ≤ 5 ms |`)
    log(`| floor: one fsync'd one-row commit | p50 ${floor.p50} ms, p95 ${floor.p95} ms | – |`)
    const per100k = (seconds: number) => (seconds * 100_000) / apply.entries
    log(`| apply ${apply.entries.toLocaleString('en')} remote entries | ${apply.seconds.toFixed(2)} s wall, ${apply.cpu.toFixed(2)} s CPU (${Math.round(apply.entries / apply.seconds).toLocaleString('en')} entries/s; ${per100k(apply.seconds).toFixed(1)} s wall, ${per100k(apply.cpu).toFixed(1)} s CPU per 100,000) | ≤ 5 s per 100,000 |`)
    log(`| raw SQLite: the same ${apply.raw.rows.toLocaleString('en')} rows and log entries, one prepared insert each | ${apply.raw.perRow.toFixed(2)} s wall, ${apply.raw.perRowCpu.toFixed(2)} s CPU (apply is ${(apply.cpu / apply.raw.perRowCpu).toFixed(2)}× in CPU) | – |`)
    log(`| raw SQLite engine alone: the same rows by INSERT … SELECT per table | ${apply.raw.engine.toFixed(2)} s wall, ${apply.raw.engineCpu.toFixed(2)} s CPU (apply is ${(apply.cpu / apply.raw.engineCpu).toFixed(1)}× in CPU) | – |`)
    log(`\nload average ${loadBefore.toFixed(2)} → ${report.machine.loadAfter.toFixed(2)} on ${DATABASE_FILE}s in ${dir}`)
    if (options.jsonFile) writeFileSync(options.jsonFile, JSON.stringify(report, null, 2))
  } finally {
    rmSync(dir, { recursive: true, force: true })
  }
}

void main()
