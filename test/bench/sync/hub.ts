/**
 * `npm run bench:hub [-- --json FILE] [--entries N]`: the hub part of sync, with a real
 * (embedded) PostgreSQL on this machine.
 *
 * - One store pushes N (100,000) entries of its own to the hub; another pulls and applies them:
 *   target ≤ 10 s for both together.
 * - An empty round (nothing to push, nothing new to pull): target ≤ 20 ms.
 * - With `--join [--customers N] [--receipts M] [--edits K]`: instead, a store joining a hub
 *   holding N customers and M receipts, after compaction (hub-join.ts).
 * - Beside them, raw PostgreSQL doing the same data movement: the same rows inserted by
 *   multi-row INSERT batches into a plain table, and read back in order (the floor), as ratios.
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import { loadavg, tmpdir } from 'node:os'
import { join } from 'node:path'
import { createCore, type Core } from '../../../electron/core'
import { bulkInsertCustomers } from '../../../electron/core/customers/bulk'
import { createStoreCredentials, prepareHub } from '../../../electron/core/hub/admin'
import { openHub } from '../../../electron/core/hub/connection'
import { OWNER, STORE, TEST_KDF } from '../../support/core'
import { startPostgres } from '../../support/hub/server'
import { benchCustomers } from '../customers/generate'
import { benchOptions } from '../options'
import { joinBench } from './hub-join'

const options = benchOptions()
const ENTRIES = Number(options.option('--entries') ?? 100_000)
/** `--batch N`: entries per push and pull batch (the worker's default otherwise). */
const BATCH = options.option('--batch') ? Number(options.option('--batch')) : undefined
const SESSION = 'bench'
const log = (line: string) => process.stdout.write(`${line}\n`)

/** `name`: a store joining the hub as new needs a receipt prefix (its initials) no store there prints. */
async function store(dir: string, name: string): Promise<Core> {
  const core = await createCore({ dataDir: dir, kdf: TEST_KDF, log: () => {}, automaticBackups: false, hub: { worker: false, batchSize: BATCH } })
  const setup = await core.dispatch('auth:setup', { store: { ...STORE, name }, owner: OWNER }, SESSION)
  if (!setup.ok) throw new Error(JSON.stringify(setup.error))
  return core
}

const seconds = (from: number) => (performance.now() - from) / 1000

async function main() {
  const dir = mkdtempSync(join(tmpdir(), 'backroom-bench-hub-'))
  const pgs = await startPostgres()
  try {
    if (process.argv.includes('--join')) {
      const report = await joinBench(pgs, dir, options.option, log)
      if (options.jsonFile) writeFileSync(options.jsonFile, JSON.stringify(report, null, 2))
      return
    }
    const loadBefore = loadavg()[0]
    const admin = await pgs.createDatabase('bench_hub')
    const a = await store(join(dir, 'a'), STORE.name)
    const b = await store(join(dir, 'b'), 'Harbour Street')
    const adminClient = await openHub(admin, admin.password)
    await prepareHub(adminClient)
    for (const [core, label] of [[a, 'A'], [b, 'B']] as const) {
      const made = await createStoreCredentials(adminClient, label)
      const joined = await core.dispatch('hub:connect', { connection: { ...admin, user: made.user, password: made.password }, joinAs: 'new' }, SESSION)
      if (!joined.ok) throw new Error(JSON.stringify(joined.error))
    }
    // Both stores joined (their first rounds, with their setup entries) before A's changes are made:
    // what is measured is an ordinary round that pushes them and one that pulls them, not a join.
    await a.services.hub.round()
    await b.services.hub.round()
    await a.services.hub.round()
    log(`Making ${ENTRIES.toLocaleString('en')} changes at store A…`)
    await bulkInsertCustomers(a.services, benchCustomers(ENTRIES, a.services.localStoreId()!, new Date()), { userId: null, expectedRows: ENTRIES })
    const pending = (await a.dispatch('hub:status', {}, SESSION)) as { ok: true; data: { waitingToSend: number } }
    let started = performance.now()
    await a.services.hub.round()
    const push = seconds(started)
    started = performance.now()
    await b.services.hub.round()
    const pull = seconds(started)
    const arrived = Number((await b.services.db('customers').count({ n: '*' }).first())!.n)
    const empty: number[] = []
    for (let i = 0; i < 30; i++) {
      started = performance.now()
      await b.services.hub.round()
      empty.push(performance.now() - started)
    }
    empty.sort((x, y) => x - y)
    const errors = [a, b].map((c) => c.services.hub.live.lastError).filter(Boolean)
    if (errors.length) throw new Error(errors.join('; '))

    // Raw PostgreSQL: the same rows, batches of 2,000, into a plain table; then read back in order.
    const rows = await adminClient.query('SELECT id, tx, tx_size, op, table_name, row_id, field, value, old_value, hlc, store_id, user_id, created_at, schema_version FROM backroom.entries ORDER BY pos')
    await adminClient.query('CREATE TABLE raw_entries (pos bigint GENERATED ALWAYS AS IDENTITY, id text PRIMARY KEY, tx text, tx_size int, op text, table_name text, row_id text, field text, value text, old_value text, hlc text, store_id text, user_id text, created_at text, schema_version int)')
    // Read back by position, as the hub reads its entries (by its order index).
    await adminClient.query('CREATE INDEX raw_entries_pos ON raw_entries (pos)')
    started = performance.now()
    for (let i = 0; i < rows.rows.length; i += 2000) {
      const batch = rows.rows.slice(i, i + 2000)
      await adminClient.query(
        `INSERT INTO raw_entries (id, tx, tx_size, op, table_name, row_id, field, value, old_value, hlc, store_id, user_id, created_at, schema_version)
         SELECT * FROM jsonb_to_recordset($1::jsonb) AS r(id text, tx text, tx_size int, op text, table_name text, row_id text, field text, value text, old_value text, hlc text, store_id text, user_id text, created_at text, schema_version int)
         ON CONFLICT (id) DO NOTHING`,
        [JSON.stringify(batch)],
      )
    }
    const rawInsert = seconds(started)
    started = performance.now()
    let read = 0
    for (let after = 0; ; ) {
      const page = await adminClient.query('SELECT * FROM raw_entries WHERE pos > $1 ORDER BY pos LIMIT 2000', [after])
      if (page.rows.length === 0) break
      read += page.rows.length
      after = Number(page.rows[page.rows.length - 1].pos)
    }
    const rawRead = seconds(started)
    await adminClient.end()
    await a.close()
    await b.close()

    const report = {
      machine: { loadBefore, loadAfter: loadavg()[0] },
      entries: pending.data.waitingToSend,
      arrivedCustomers: arrived,
      pushSeconds: +push.toFixed(2),
      pullApplySeconds: +pull.toFixed(2),
      emptyRoundMs: { p50: +empty[15].toFixed(1), p95: +empty[28].toFixed(1) },
      raw: { insertSeconds: +rawInsert.toFixed(2), readSeconds: +rawRead.toFixed(2), rowsRead: read },
    }
    log('')
    log('| what | result | target |')
    log('|---|---|---|')
    log(`| push ${report.entries.toLocaleString('en')} entries to the hub | ${push.toFixed(2)} s (${(push / rawInsert).toFixed(2)}× raw INSERT) | – |`)
    log(`| pull and apply them at another store | ${pull.toFixed(2)} s (raw read in order: ${rawRead.toFixed(2)} s) | – |`)
    log(`| push + pull + apply | ${(push + pull).toFixed(2)} s | ≤ 10 s |`)
    log(`| empty round | p50 ${report.emptyRoundMs.p50} ms, p95 ${report.emptyRoundMs.p95} ms | ≤ 20 ms |`)
    log(`| raw PostgreSQL: the same rows by INSERT … jsonb_to_recordset, 2,000 a batch | ${rawInsert.toFixed(2)} s | – |`)
    log(`\nload average ${loadBefore.toFixed(2)} → ${report.machine.loadAfter.toFixed(2)}; ${arrived.toLocaleString('en')} customers arrived at the second store`)
    if (options.jsonFile) writeFileSync(options.jsonFile, JSON.stringify(report, null, 2))
  } finally {
    await pgs.stop()
    rmSync(dir, { recursive: true, force: true })
  }
}

void main()
