import { existsSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { createCore, DATABASE_FILE } from '../../../electron/core'
import { OWNER, STORE, TEST_KDF } from '../../support/core'
import { addBenchCustomers } from '../metrics/bench-customers'
import { RawSqlite } from '../raw-sqlite'

/**
 * The store the visits benchmark measures: `customers` customers (through the customers
 * domain's bulk import) and `visits` past visits, each checked in and out (a visit row and its
 * check-out row, as the app writes them) on days over the three years before the run. Built
 * once into DIR and reused (a meta file says for which sizes); --fresh builds it again.
 */
export interface VisitsBenchStore {
  version: number
  customers: number
  visits: number
  storeId: string
  ownerId: string
  generatedInSeconds: number
}

const VERSION = 1
const CHUNK = 1_000_000
const DAYS = 3 * 365
/** The visit indexes, dropped while millions of rows go in and built once at the end. */
const VISIT_INDEXES = ['visits_open', 'visits_customer', 'visits_store_day', 'visits_checked_out', 'visit_checkouts_visit', 'visit_checkouts_customer']

export async function openVisitsBenchStore(dir: string, size: { customers: number; visits: number; fresh: boolean }, log: (line: string) => void): Promise<VisitsBenchStore> {
  const metaFile = join(dir, 'bench-visits.json')
  if (!size.fresh && existsSync(metaFile)) {
    const meta = JSON.parse(readFileSync(metaFile, 'utf8')) as VisitsBenchStore
    if (meta.version === VERSION && meta.customers === size.customers && meta.visits === size.visits) return meta
  }
  rmSync(dir, { recursive: true, force: true })
  const started = performance.now()
  const core = await createCore({ dataDir: dir, kdf: TEST_KDF, log: () => {}, automaticBackups: false })
  await core.dispatch('auth:setup', { store: STORE, owner: OWNER }, 'setup')
  const storeId = core.services.localStoreId()!
  const ownerId: string = (await core.services.db('users').where({ username: OWNER.username }).first('id')).id
  log(`Adding ${size.customers.toLocaleString('en')} customers…`)
  const ids = await addBenchCustomers(core, ownerId, size.customers)
  await core.close()

  const raw = await RawSqlite.open(join(dir, DATABASE_FILE))
  await raw.exec('PRAGMA journal_mode = WAL; PRAGMA synchronous = OFF; PRAGMA temp_store = MEMORY; PRAGMA cache_size = -400000')
  await raw.exec('CREATE TEMP TABLE bench_customer (n INTEGER PRIMARY KEY, id TEXT NOT NULL)')
  for (let i = 0; i < ids.length; i += 10_000) {
    const slice = ids.slice(i, i + 10_000)
    await raw.run(`INSERT INTO bench_customer (n, id) VALUES ${slice.map(() => '(?, ?)').join(', ')}`, slice.flatMap((id, k) => [i + k, id]))
  }
  const ddl = await raw.all<{ sql: string }>(`SELECT sql FROM sqlite_master WHERE type = 'index' AND name IN (${VISIT_INDEXES.map(() => '?').join(', ')})`, VISIT_INDEXES)
  for (const name of VISIT_INDEXES) await raw.exec(`DROP INDEX ${name}`)
  const end = Math.floor(Date.now() / 1000) - 86_400
  const step = (DAYS * 86_400) / size.visits
  const start = end - DAYS * 86_400
  for (let first = 1; first <= size.visits; first += CHUNK) {
    const last = Math.min(size.visits, first + CHUNK - 1)
    const t = performance.now()
    const params = [first, last, storeId, ownerId, start, step, size.customers]
    const series = `WITH RECURSIVE n(i) AS (SELECT ?1 UNION ALL SELECT i + 1 FROM n WHERE i < ?2),
      t AS (SELECT i, CAST(?5 + i * ?6 AS INTEGER) AS at, (SELECT id FROM bench_customer WHERE n = i % ?7) AS customer FROM n)`
    // Each visit lasts half an hour; its check-out row says when and by whom, as the app writes it.
    await raw.run(
      `INSERT INTO visits (id, store_id, customer_id, deal_id, return_visit, checked_in_by, checked_in_at, local_date, hlc,
                           open, merged_into, checked_out_at, checked_out_by, checkout_kind, checkout_hlc, final_deal_id)
       ${series}
       SELECT printf('01900000-0000-7000-8001-%012x', i), ?3, customer, NULL, 0, ?4, strftime('%Y-%m-%dT%H:%M:%fZ', at, 'unixepoch'),
              date(at - 18000, 'unixepoch'), printf('%015d-000000-bench', at * 1000),
              0, NULL, strftime('%Y-%m-%dT%H:%M:%fZ', at + 1800, 'unixepoch'), ?4, 'manual', printf('%015d-000000-bench', (at + 1800) * 1000), NULL
       FROM t`,
      params,
    )
    await raw.run(
      `INSERT INTO visit_checkouts (id, visit_id, customer_id, store_id, deal_id, kind, checked_out_at, user_id, hlc, created_at)
       ${series}
       SELECT printf('01900000-0000-7000-8002-%012x', i), printf('01900000-0000-7000-8001-%012x', i), customer, ?3, NULL, 'manual',
              strftime('%Y-%m-%dT%H:%M:%fZ', at + 1800, 'unixepoch'), ?4, printf('%015d-000000-bench', (at + 1800) * 1000),
              strftime('%Y-%m-%dT%H:%M:%fZ', at + 1800, 'unixepoch')
       FROM t`,
      params,
    )
    log(`  visits ${first.toLocaleString('en')}–${last.toLocaleString('en')} in ${((performance.now() - t) / 1000).toFixed(1)} s`)
  }
  log('  building the visit indexes…')
  for (const { sql } of ddl) await raw.exec(sql)
  await raw.exec('ANALYZE; PRAGMA wal_checkpoint(TRUNCATE)')
  await raw.close()
  const meta: VisitsBenchStore = { version: VERSION, customers: size.customers, visits: size.visits, storeId, ownerId, generatedInSeconds: Math.round((performance.now() - started) / 1000) }
  writeFileSync(metaFile, JSON.stringify(meta))
  return meta
}
