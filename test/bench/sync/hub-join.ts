/**
 * `npm run bench:hub -- --join [--customers N] [--receipts M] [--edits K] [--json FILE]`: a store
 * joining a hub that holds N customers (each edited K times) and M receipts.
 *
 * The hub is filled on the server side: one real customer, one real sale and one real edit made
 * by a store and pushed through the app are the templates, copied N, M and N×K times by SQL
 * with fresh ids, customer and receipt numbers and HLCs (the only way to reach millions of rows
 * in minutes here; every copy is an entry the applier checks like any other). The store that
 * wrote them is then taken as having pulled everything, the hub is compacted (timed), and a new
 * store joins: its first round (pull, apply, push its own) is timed, with its RSS sampled.
 *
 * Raw comparison in the same run: the same rows read from PostgreSQL in order (10,000 a page)
 * and inserted into a plain SQLite table by a prepared statement in one transaction.
 */
import { join } from 'node:path'
import { loadavg } from 'node:os'
import type pg from 'pg'
import { createCore, type Core } from '../../../electron/core'
import { createStoreCredentials, prepareHub } from '../../../electron/core/hub/admin'
import { openHub } from '../../../electron/core/hub/connection'
import { compactHub } from '../../../electron/core/hub/exchange'
import { OWNER, STORE, TEST_KDF } from '../../support/core'
import { customerFields } from '../../support/command-samples'
import type { TestPostgres } from '../../support/hub/server'
import { RawSqlite } from '../raw-sqlite'

const SESSION = 'bench'
const UUID = /[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}/g
const CHUNK = 50_000

type Option = (name: string) => string | null
/** When a bulk join's store became usable (its step 2 started), from the join's start. */
type Usable = { seconds: number; cpuSeconds: number; rssMb: number; customers: number }

/** `name`: a store joining the hub as new needs a receipt prefix (its initials) no store there prints. */
async function store(dir: string, name: string, onJoinStep?: () => void): Promise<Core> {
  const core = await createCore({ dataDir: dir, kdf: TEST_KDF, log: () => {}, automaticBackups: false, hub: { worker: false, compactIntervalSeconds: -1, onJoinStep } })
  const setup = await core.dispatch('auth:setup', { store: { ...STORE, name }, owner: OWNER }, SESSION)
  if (!setup.ok) throw new Error(JSON.stringify(setup.error))
  return core
}

async function ok<T = Record<string, unknown>>(core: Core, name: string, input: unknown): Promise<T> {
  const result = (await core.dispatch(name as never, input as never, SESSION)) as { ok: boolean; data?: T; error?: unknown }
  if (!result.ok) throw new Error(`${name}: ${JSON.stringify(result.error)}`)
  return result.data as T
}

/** Each template id's number, the same in every unit (a receipt's copy names the customer's copy). */
const tokenNumbers = new Map<string, number>()

/** A SQL expression replacing each of the template's ids in `column` by the copy's: token k, copy `index`. */
function renamed(column: string, tokens: string[], index: (token: string) => string): string {
  let sql = column
  for (const token of tokens) {
    if (!tokenNumbers.has(token)) tokenNumbers.set(token, tokenNumbers.size)
    const k = tokenNumbers.get(token)!
    sql = `replace(${sql}, '${token}', '${k.toString(16).padStart(8, '0')}' || '${token.slice(8, 24)}' || lpad(to_hex(${index(token)} + 1), 12, '0'))`
  }
  return sql
}

/** Copies the template unit `tx` `count` times (in chunks, each its own hub transaction). */
async function copyUnit(
  hub: pg.Client,
  tx: string,
  count: number,
  shared: Set<string>,
  plan: { hlcFrom: number; customerIndex: string; customer: string; value: (v: string) => string },
): Promise<void> {
  const { rows } = await hub.query(`SELECT id, tx, row_id, value, old_value, customer_id FROM backroom.entries WHERE tx = $1`, [tx])
  const tokens = [...new Set(rows.flatMap((r) => [r.id, r.tx, r.row_id, r.value, r.old_value, r.customer_id].join(' ').match(UUID) ?? []))].filter((t) => !shared.has(t))
  const index = (token: string) => (token === plan.customer ? plan.customerIndex : 'g.i')
  const r = (column: string) => renamed(column, tokens, index)
  for (let from = 0; from < count; from += CHUNK) {
    await hub.query(`
      INSERT INTO backroom.entries (id, tx, tx_size, op, table_name, row_id, field, value, old_value, hlc, store_id, user_id, created_at, schema_version, customer_id)
      SELECT ${r('t.id')}, ${r('t.tx')}, t.tx_size, t.op, t.table_name, ${r('t.row_id')}, t.field, ${plan.value(r('t.value'))}, ${r('t.old_value')},
        lpad((${plan.hlcFrom} + g.i)::text, 15, '0') || '-000000-' || substr(t.hlc, 24), t.store_id, t.user_id, t.created_at, t.schema_version, ${r('t.customer_id')}
      FROM generate_series(${from}, ${Math.min(count, from + CHUNK) - 1}) g(i), backroom.entries t WHERE t.tx = '${tx}' ORDER BY g.i, t.pos`)
  }
}

function rssSampler() {
  let peak = process.memoryUsage().rss
  const timer = setInterval(() => (peak = Math.max(peak, process.memoryUsage().rss)), 100)
  return { stop: () => (clearInterval(timer), Math.max(peak, process.memoryUsage().rss)) }
}

export async function joinBench(pgs: TestPostgres, dir: string, option: Option, log: (line: string) => void) {
  const customers = Number(option('--customers') ?? 100_000)
  const receipts = Number(option('--receipts') ?? customers * 10)
  const edits = Number(option('--edits') ?? 2)
  const loadBefore = loadavg()[0]
  const admin = await pgs.createDatabase('bench_join')
  const hub = await openHub(admin, admin.password)
  // Filling, compacting and VACUUM FULL of millions of rows take longer than the app's statement limit.
  await hub.query('SET statement_timeout = 0')
  await prepareHub(hub)
  const a = await store(join(dir, 'a'), STORE.name)
  const storeId = a.services.localStoreId()!
  const { username: _u, password: _p, giftCardNumber: _g, ...fields } = customerFields
  const input = { ...fields, storeIds: [storeId] }
  const made = await ok<{ id: string }>(a, 'customers:create', input)
  await ok(a, 'sales:create', { customerId: made.id, items: [{ name: 'Coffee beans', quantity: 2, unitPriceMinor: 1299, taxRateId: null }], payments: [{ method: 'cash', amountMinor: 5000, reference: '4242' }] })
  await ok(a, 'customers:update', { ...input, id: made.id, nickname: 'Ani' })
  const credsA = await createStoreCredentials(hub, 'A')
  await ok(a, 'hub:connect', { connection: { ...admin, user: credsA.user, password: credsA.password }, joinAs: 'new' })
  await a.services.hub.round()

  log(`Filling the hub: ${customers.toLocaleString('en')} customers, ${edits} edits each, ${receipts.toLocaleString('en')} receipts…`)
  let started = performance.now()
  let cpu = process.cpuUsage()
  const shared = new Set<string>((await hub.query(`SELECT DISTINCT row_id FROM backroom.entries WHERE table_name IN ('stores', 'users', 'tax_rates')`)).rows.map((r) => r.row_id))
  const unitOf = async (where: string) => (await hub.query(`SELECT tx FROM backroom.entries WHERE ${where} LIMIT 1`, [made.id])).rows[0].tx as string
  const wall = Date.now() - 10 * 60_000 - (customers * (1 + edits) + receipts)
  await copyUnit(hub, await unitOf(`table_name = 'customers' AND op = 'insert' AND row_id = $1`), customers, shared, {
    hlcFrom: wall,
    customer: made.id,
    customerIndex: 'g.i',
    value: (v) => `CASE WHEN t.table_name = 'customers' THEN (${v}::jsonb || jsonb_build_object('customer_number', 1000 + g.i, 'first_name', 'Ana ' || g.i))::text ELSE ${v} END`,
  })
  await copyUnit(hub, await unitOf(`op = 'update' AND field = 'nickname' AND row_id = $1`), customers * edits, shared, {
    hlcFrom: wall + customers,
    customer: made.id,
    customerIndex: `(g.i % ${customers})`,
    value: () => `to_jsonb('Nick ' || (g.i / ${customers}))::text`,
  })
  await copyUnit(hub, await unitOf(`table_name = 'receipts' AND customer_id = $1`), receipts, shared, {
    hlcFrom: wall + customers * (1 + edits),
    customer: made.id,
    customerIndex: `(g.i % ${customers})`,
    value: (v) => `CASE WHEN t.table_name = 'receipts' THEN (${v}::jsonb || jsonb_build_object('seq', 1000 + g.i, 'number', 'BN-' || (1000 + g.i)))::text ELSE ${v} END`,
  })
  // The store that wrote them (and is the only one) has pulled everything: compaction may go up to the end.
  await hub.query(`UPDATE backroom.stores SET pulled_xid = e.xid, pulled_pos = e.pos FROM (SELECT xid, pos FROM backroom.entries ORDER BY xid DESC, pos DESC LIMIT 1) e WHERE role = $1`, [credsA.user])
  const fill = (performance.now() - started) / 1000
  await hub.query('VACUUM ANALYZE backroom.entries')
  const size = async () => Number((await hub.query(`SELECT pg_total_relation_size('backroom.entries') AS n`)).rows[0].n)
  const entriesBefore = Number((await hub.query('SELECT count(*) AS n FROM backroom.entries')).rows[0].n)
  const bytesBefore = await size()

  started = performance.now()
  const compaction = { removed: 0 }
  for (let more = true; more; ) {
    const pass = await compactHub(hub, 0)
    compaction.removed += pass.removed
    more = pass.more === true
  }
  const compactSeconds = (performance.now() - started) / 1000
  await hub.query('VACUUM FULL ANALYZE backroom.entries')
  const bytesAfter = await size()
  const entriesAfter = Number((await hub.query('SELECT count(*) AS n FROM backroom.entries')).rows[0].n)
  // Each table's share of the rows' bytes, applied to the whole (indexes included).
  // A join, not `tx IN (subquery)` under an OR: that was a subplan run per row once the receipts'
  // units outgrew work_mem (over 18 minutes at 300,000 receipts, where 100,000 took seconds).
  const { rows: shares } = await hub.query(`WITH receipt_units AS (SELECT DISTINCT tx FROM backroom.entries WHERE table_name = 'receipts')
    SELECT CASE WHEN r.tx IS NOT NULL THEN 'receipt' ELSE 'customer' END AS kind, sum(pg_column_size(e.*))::float AS bytes
    FROM backroom.entries e LEFT JOIN receipt_units r ON r.tx = e.tx GROUP BY 1`)
  const rowBytes = Object.fromEntries(shares.map((s) => [s.kind, s.bytes])) as Record<string, number>
  const total = (rowBytes.customer ?? 0) + (rowBytes.receipt ?? 0)
  const perCustomer = (bytesAfter * (rowBytes.customer ?? 0)) / total / customers
  const perReceipt = (bytesAfter * (rowBytes.receipt ?? 0)) / total / receipts

  // The join: a new store's first round, timed, with its RSS.
  // Usable: the bulk join's step 1 (customers, stores, users, flags, loyalty) applied, step 2 (history) starting.
  let usable = null as Usable | null
  const c: Core = await store(join(dir, 'c'), 'Harbour Street', async () => {
    const used = process.cpuUsage(cpu)
    usable = {
      seconds: +((performance.now() - started) / 1000).toFixed(1),
      cpuSeconds: +((used.user + used.system) / 1e6).toFixed(1),
      rssMb: Math.round(process.memoryUsage().rss / 2 ** 20),
      customers: Number((await c.services.db('customers').count({ n: '*' }).first())!.n),
    }
  })
  const credsC = await createStoreCredentials(hub, 'C')
  await ok(c, 'hub:connect', { connection: { ...admin, user: credsC.user, password: credsC.password }, joinAs: 'new' })
  const rssBefore = process.memoryUsage().rss
  const sampler = rssSampler()
  cpu = process.cpuUsage()
  started = performance.now()
  await c.services.hub.round()
  const joinSeconds = (performance.now() - started) / 1000
  const joinCpu = process.cpuUsage(cpu)
  const rssPeak = sampler.stop()
  if (c.services.hub.live.lastError) throw new Error(c.services.hub.live.lastError)
  const count = async (table: string) => Number((await c.services.db(table).count({ n: '*' }).first())!.n)
  const arrived = { customers: await count('customers'), receipts: await count('receipts'), inbox: await count('sync_inbox') }
  const heldBack = await c.services.db('sync_inbox').select('reason', 'entry').limit(3)
  if (heldBack.length) log(`held back, e.g.: ${JSON.stringify(heldBack).slice(0, 1500)}`)
  const nick = (await c.services.db('customers').where({ first_name: 'Ana 7' }).first('nickname'))?.nickname

  // Raw: the same rows read in order from PostgreSQL and written into a plain SQLite table.
  const raw = await RawSqlite.open(join(dir, 'raw.sqlite'), 6)
  await raw.exec('PRAGMA journal_mode = WAL; CREATE TABLE rows (id TEXT PRIMARY KEY, table_name TEXT, row_id TEXT, field TEXT, value TEXT, hlc TEXT)')
  let read = 0
  let write = 0
  let rawRows = 0
  const insert = raw.prepare('INSERT INTO rows VALUES (?, ?, ?, ?, ?, ?)')
  await raw.exec('BEGIN')
  for (let xid = '0', pos = 0; ; ) {
    let t = performance.now()
    const page = await hub.query('SELECT xid::text, pos, id, table_name, row_id, field, value, hlc FROM backroom.entries WHERE (xid, pos) > ($1::xid8, $2) ORDER BY xid, pos LIMIT 10000', [xid, pos])
    read += performance.now() - t
    if (page.rows.length === 0) break
    t = performance.now()
    for (const row of page.rows) await insert([row.id, row.table_name, row.row_id, row.field, row.value, row.hlc])
    write += performance.now() - t
    rawRows += page.rows.length
    ;({ xid, pos } = page.rows[page.rows.length - 1])
  }
  await raw.exec('COMMIT')
  await raw.close()
  await hub.end()
  await a.close()
  await c.close()

  const report = {
    machine: { loadBefore, loadAfter: loadavg()[0] },
    customers,
    receipts,
    edits,
    fillSeconds: +fill.toFixed(1),
    hub: { entriesBefore, entriesAfter, bytesBefore, bytesAfter, removed: compaction.removed, compactSeconds: +compactSeconds.toFixed(2), bytesPerCustomer: Math.round(perCustomer), bytesPerReceipt: Math.round(perReceipt) },
    usable,
    join: { seconds: +joinSeconds.toFixed(1), cpuSeconds: +((joinCpu.user + joinCpu.system) / 1e6).toFixed(1), rssBeforeMb: Math.round(rssBefore / 2 ** 20), rssPeakMb: Math.round(rssPeak / 2 ** 20), arrived, latestEditArrived: nick },
    raw: { rows: rawRows, readSeconds: +(read / 1000).toFixed(1), sqliteInsertSeconds: +(write / 1000).toFixed(1) },
  }
  const mb = (n: number) => `${(n / 2 ** 20).toFixed(0)} MB`
  log('')
  log('| what | result | raw / target |')
  log('|---|---|---|')
  log(`| hub filled: ${customers.toLocaleString('en')} customers × ${edits} edits, ${receipts.toLocaleString('en')} receipts | ${entriesBefore.toLocaleString('en')} entries, ${mb(bytesBefore)} (${fill.toFixed(0)} s by SQL) | – |`)
  log(`| compaction | ${compaction.removed.toLocaleString('en')} entries removed in ${compactSeconds.toFixed(1)} s → ${entriesAfter.toLocaleString('en')} entries, ${mb(bytesAfter)} after VACUUM FULL | – |`)
  log(`| hub size per customer / per receipt after compaction | ${report.hub.bytesPerCustomer} B / ${report.hub.bytesPerReceipt} B (indexes included) | – |`)
  log(`| join: whole first round of a new store (both steps + push) | ${joinSeconds.toFixed(1)} s wall, ${report.join.cpuSeconds} s CPU in this process | ≤ 2 min at 1M / 10M |`)
  const u = usable as Usable | null
  if (u) log(`| join: usable (step 1 of 2: customers, stores, users, flags, loyalty; ${u.customers.toLocaleString('en')} customers) | ${u.seconds} s wall, ${u.cpuSeconds} s CPU, RSS ${u.rssMb} MB | ≤ 2 min at 1M / 10M |`)
  log(`| join: RSS | ${report.join.rssBeforeMb} MB before, peak ${report.join.rssPeakMb} MB | ≤ 400 MB |`)
  log(`| raw: the same ${rawRows.toLocaleString('en')} rows SELECTed in order from PostgreSQL | ${(read / 1000).toFixed(1)} s | ${(joinSeconds / (read / 1000)).toFixed(1)}× for the join |`)
  log(`| raw: the same rows INSERTed into SQLite (prepared, one transaction) | ${(write / 1000).toFixed(1)} s | ${(joinSeconds / ((read + write) / 1000)).toFixed(1)}× read + insert for the join |`)
  log(`\nload average ${loadBefore.toFixed(2)} → ${report.machine.loadAfter.toFixed(2)}; arrived: ${arrived.customers.toLocaleString('en')} customers, ${arrived.receipts.toLocaleString('en')} receipts, ${arrived.inbox} held back`)
  return report
}
