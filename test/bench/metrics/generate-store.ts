import { existsSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { RECEIPT_INDEXES as SALES_INDEXES } from '../../../migrations/20261123020000_sales_loyalty'
import { RECEIPT_SEARCH_INDEXES } from '../../../migrations/20261202300000_mail_outbox'
import { RECEIPTS_CUSTOMER_DAY_CURRENCY_AMOUNTS } from '../../../migrations/20261209100000_receipts_net_sales'
import { createCore, DATABASE_FILE } from '../../../electron/core'
import { localDateOf, addDays } from '../../../electron/core/time/local-dates'
import { OWNER, STORE, TEST_KDF } from '../../support/core'
import { addBenchCustomers } from './bench-customers'
import { seededRandom } from '../../../electron/core/demo/random'
import { heavyCustomerReceipts, RECEIPT_COLUMNS } from './heavy-customer'
import { RawSqlite } from '../raw-sqlite'

export interface BenchStore {
  version: number
  storeId: string
  ownerId: string
  /** The customer whose metrics page is measured. */
  heavyCustomerId: string
  /** An enrolled customer the sale-saving benchmark sells to. */
  buyerId: string
  taxRateId: string
  receipts: number
  heavyReceipts: number
  fillerCustomers: number
  firstDay: string
  lastDay: string
}

/**
 * 2: receipt numbers as the app writes them (BM-000123) and the Receipts screen's indexes.
 * 3: the metrics aggregation's index has the currency (receipts_customer_day_currency_totals).
 * 4: and the subtotal, for net sales before tax (receipts_customer_day_currency_amounts).
 */
export const BENCH_VERSION = 4
/**
 * Every index on receipts: dropped while ten million rows go in, built once at the end. The
 * aggregation's first index was replaced by one with the currency (migration 20261205300000),
 * and that by one with the subtotal too (20261209100000).
 */
const RECEIPT_INDEXES = [
  ...SALES_INDEXES.filter((statement) => indexName(statement) !== 'receipts_customer_day_totals'),
  ...RECEIPT_SEARCH_INDEXES,
  RECEIPTS_CUSTOMER_DAY_CURRENCY_AMOUNTS,
]
const DAYS = 3 * 365
/** Receipts inserted per statement (and per progress line) when filling the store. */
const CHUNK = 1_000_000

function indexName(statement: string): string {
  return /INDEX (\w+)/.exec(statement)![1]
}

/** 10,000,000 − heavy receipts of other customers (30 % with none), spread evenly over the same three years. */
async function loadFillerReceipts(raw: RawSqlite, store: { storeId: string; ownerId: string; count: number; startUnix: number }, log: (s: string) => void) {
  const step = (DAYS * 86_400) / store.count
  for (let first = 1; first <= store.count; first += CHUNK) {
    const last = Math.min(store.count, first + CHUNK - 1)
    const started = performance.now()
    await raw.run(
      `INSERT INTO receipts (${RECEIPT_COLUMNS.join(', ')})
       WITH RECURSIVE n(i) AS (SELECT ?1 UNION ALL SELECT i + 1 FROM n WHERE i < ?2),
       priced AS (SELECT i, 100 + abs(random()) % 20000 AS subtotal, ?5 + i * ?6 AS at FROM n)
       SELECT printf('01900000-0000-7000-8000-%012x', i), ?3, i, printf('BM-%06d', i), 'sale', NULL, NULL,
              CASE WHEN i % 10 < 3 THEN NULL ELSE (SELECT id FROM bench_filler WHERE n = i % ?7) END,
              ?4, strftime('%Y-%m-%dT%H:%M:%fZ', at, 'unixepoch'), date(at - 18000, 'unixepoch'), 'USD',
              subtotal, subtotal * 8875 / 100000, subtotal + subtotal * 8875 / 100000, subtotal + subtotal * 8875 / 100000, 0, 0
       FROM priced`,
      [first, last, store.storeId, store.ownerId, store.startUnix, step, FILLER_CUSTOMERS],
    )
    log(`  receipts ${first.toLocaleString('en')}–${last.toLocaleString('en')} in ${((performance.now() - started) / 1000).toFixed(1)} s`)
  }
}

const FILLER_CUSTOMERS = 10_000

/**
 * Builds the benchmark store in `dir`: set up through the core (migrations, owner, tax rate,
 * customers), then filled through the raw driver with journaling off and the receipts'
 * indexes dropped, and indexed at the end — the fast way to write ten million rows.
 */
export async function generateStore(dir: string, options: { receipts: number; heavyReceipts: number }, log: (s: string) => void): Promise<BenchStore> {
  rmSync(dir, { recursive: true, force: true })
  const now = new Date()
  const core = await createCore({ dataDir: dir, kdf: TEST_KDF, log: () => {}, automaticBackups: false })
  const session = 'bench-setup'
  const call = async (name: string, input: unknown) => {
    const result = await core.dispatch(name, input, session)
    if (!result.ok) throw new Error(`${name}: ${JSON.stringify(result.error)}`)
    return result.data as Record<string, unknown>
  }
  const owner = await call('auth:setup', { store: STORE, owner: OWNER })
  const taxRate = await call('taxRates:save', { id: null, name: 'State tax', ratePercent: 8.875 })
  const storeId = core.services.localStoreId()!
  const customers = await addBenchCustomers(core, String(owner.id), FILLER_CUSTOMERS + 2)
  const [heavyCustomerId, buyerId, ...filler] = customers
  await core.close()

  const raw = await RawSqlite.open(join(dir, DATABASE_FILE))
  await raw.exec('PRAGMA journal_mode = OFF; PRAGMA synchronous = OFF; PRAGMA foreign_keys = OFF; PRAGMA cache_size = -400000; PRAGMA temp_store = MEMORY;')
  await raw.exec('CREATE TEMP TABLE bench_filler (n INTEGER PRIMARY KEY, id TEXT NOT NULL)')
  for (let i = 0; i < filler.length; i += 500) {
    const part = filler.slice(i, i + 500)
    await raw.run(`INSERT INTO bench_filler (n, id) VALUES ${part.map(() => '(?, ?)').join(', ')}`, part.flatMap((id, j) => [i + j, id]))
  }
  for (const statement of RECEIPT_INDEXES) await raw.exec(`DROP INDEX ${indexName(statement)}`)

  const today = localDateOf(now, STORE.timeZone)
  const firstDay = addDays(today, -DAYS)
  const fillerCount = options.receipts - options.heavyReceipts
  await raw.exec('BEGIN')
  await loadFillerReceipts(raw, { storeId, ownerId: String(owner.id), count: fillerCount, startUnix: Date.parse(`${firstDay}T12:00:00Z`) / 1000 }, log)
  const heavy = heavyCustomerReceipts({
    count: options.heavyReceipts,
    days: DAYS,
    today,
    timeZone: STORE.timeZone,
    storeId,
    userId: String(owner.id),
    customerId: heavyCustomerId,
    firstSeq: fillerCount + 1,
  })
  for (let i = 0; i < heavy.length; i += 1000) {
    const part = heavy.slice(i, i + 1000)
    const placeholders = `(${RECEIPT_COLUMNS.map(() => '?').join(', ')})`
    await raw.run(`INSERT INTO receipts (${RECEIPT_COLUMNS.join(', ')}) VALUES ${part.map(() => placeholders).join(', ')}`, part.flat())
  }
  await addHeavyCustomerExtras(raw, { storeId, ownerId: String(owner.id), customerId: heavyCustomerId, heavy, today })
  await raw.exec('COMMIT')
  for (const statement of RECEIPT_INDEXES) {
    const started = performance.now()
    await raw.exec(statement)
    log(`  index ${indexName(statement)} in ${((performance.now() - started) / 1000).toFixed(1)} s`)
  }
  await raw.close()
  return {
    version: BENCH_VERSION,
    storeId,
    ownerId: String(owner.id),
    heavyCustomerId,
    buyerId,
    taxRateId: String(taxRate.id),
    receipts: options.receipts,
    heavyReceipts: options.heavyReceipts,
    fillerCustomers: filler.length,
    firstDay,
    lastDay: today,
  }
}

/**
 * Feedback (one per ~30 receipts) and the points the heavy customer's sales earned, as one
 * opening ledger entry with the cached balance to match: the metrics page reads the balance,
 * not the ledger, so the ledger need not be at scale.
 */
async function addHeavyCustomerExtras(
  raw: RawSqlite,
  o: { storeId: string; ownerId: string; customerId: string; heavy: unknown[][]; today: string },
) {
  const random = seededRandom(7)
  const points = o.heavy.reduce((sum, row) => sum + Number(row[17]), 0)
  for (const [i, row] of o.heavy.entries()) {
    if (i % 30 !== 0) continue
    await raw.run(
      'INSERT INTO feedback (id, store_id, customer_id, receipt_id, sentiment, comment, user_id, created_at, local_date) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)',
      [`01900000-0000-7000-9000-${String(i).padStart(12, '0')}`, o.storeId, o.customerId, row[0], random() < 0.8 ? 'positive' : 'negative', null, o.ownerId, row[9], row[10]],
    )
  }
  await raw.run(
    `INSERT INTO loyalty_ledger (id, store_id, customer_id, kind, points, reason, receipt_id, user_id, approver_id, created_at, hlc)
     VALUES ('01900000-0000-7000-a000-000000000001', ?, ?, 'adjustment', ?, 'Opening balance (benchmark)', NULL, ?, ?, ?, '000000000000001-000000-bench')`,
    [o.storeId, o.customerId, points, o.ownerId, o.ownerId, `${o.today}T00:00:00.000Z`],
  )
  await raw.run('UPDATE customers SET loyalty_points = ? WHERE id = ?', [points, o.customerId])
}

/**
 * The benchmark store in `dir`, generated once and reused while its manifest matches (same
 * version, same size); `fresh` rebuilds it. The metrics and mail benchmarks share it.
 */
export async function openBenchStore(
  dir: string,
  options: { receipts: number; heavyReceipts: number; fresh: boolean },
  log: (s: string) => void,
): Promise<{ store: BenchStore; generatedInSeconds: number | null }> {
  const manifest = join(dir, 'bench-store.json')
  if (!options.fresh && existsSync(manifest)) {
    const store = JSON.parse(readFileSync(manifest, 'utf8')) as BenchStore
    if (store.version === BENCH_VERSION && store.receipts === options.receipts) return { store, generatedInSeconds: null }
  }
  log(`Generating ${options.receipts.toLocaleString('en')} receipts in ${dir} (cached for the next run)…`)
  const started = performance.now()
  const store = await generateStore(dir, options, log)
  writeFileSync(manifest, JSON.stringify(store, null, 2))
  return { store, generatedInSeconds: Math.round((performance.now() - started) / 100) / 10 }
}
