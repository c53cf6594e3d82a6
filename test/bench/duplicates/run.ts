/**
 * `npm run bench:duplicates [-- --json FILE] [--customers N] [--keep] [--reuse DIR]`: loads N
 * (1,000,000) realistic customers (the bench:customers generator) through the core's bulk
 * path, then times the Possible duplicates list (first page, next page, a page ten pages in)
 * and the form's duplicate check through the core's dispatch, against the same SQL statements
 * replayed on a bare sqlite3 connection ("raw"), in the same run. Target: first page ≤ 2 s.
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import { loadavg, tmpdir } from 'node:os'
import { join } from 'node:path'
import { createCore, DATABASE_FILE, type Core } from '../../../electron/core'
import type { CommandInput, CommandName } from '../../../electron/contract'
import { bulkInsertCustomers } from '../../../electron/core/customers/bulk'
import { CONNECTION_PRAGMAS } from '../../../electron/core/db/connection'
import { OWNER, STORE, TEST_KDF } from '../../support/core'
import { captured } from '../capture'
import { benchCustomers } from '../customers/generate'
import { benchOptions } from '../options'
import { RawSqlite } from '../raw-sqlite'
import { percentile } from '../timing'

const { customers: CUSTOMERS, jsonFile: JSON_FILE, reuseDir: REUSE_DIR, keep: KEEP } = benchOptions()
const RUNS = 10
const SESSION = 'bench'
const TARGET_FIRST_PAGE_MS = 2000
const log = (line: string) => process.stdout.write(`${line}\n`)

interface Row {
  label: string
  core: { p50: number; p95: number }
  raw: { p50: number; p95: number }
  ratio: number
  answered: number
}

async function measure<K extends CommandName>(core: Core, raw: RawSqlite, label: string, name: K, input: CommandInput<K>, count: (data: unknown) => number): Promise<Row> {
  let answered = 0
  const call = async () => {
    const envelope = await core.dispatch(name, input, SESSION)
    if (!envelope.ok) throw new Error(`${name} failed: ${JSON.stringify(envelope.error)}`)
    answered = count(envelope.data)
  }
  const statements = await captured(core.services.db, call)
  const replay = async () => {
    for (const s of statements) await raw.all(s.sql, s.bindings)
  }
  await replay()
  const coreTimes: number[] = []
  const rawTimes: number[] = []
  for (let i = 0; i < RUNS; i++) {
    let started = performance.now()
    await call()
    coreTimes.push(performance.now() - started)
    started = performance.now()
    await replay()
    rawTimes.push(performance.now() - started)
  }
  coreTimes.sort((a, b) => a - b)
  rawTimes.sort((a, b) => a - b)
  const stats = (t: number[]) => ({ p50: percentile(t, 50), p95: percentile(t, 95) })
  return { label, core: stats(coreTimes), raw: stats(rawTimes), ratio: percentile(coreTimes, 50) / percentile(rawTimes, 50), answered }
}

async function load(core: Core, dir: string) {
  const setup = await core.dispatch('auth:setup', { store: STORE, owner: OWNER }, SESSION)
  if (!setup.ok) throw new Error('setup failed')
  log(`Loading ${CUSTOMERS.toLocaleString('en')} customers through the bulk path into ${dir} …`)
  const started = performance.now()
  await bulkInsertCustomers(core.services, benchCustomers(CUSTOMERS, core.services.localStoreId()!, new Date()), {
    userId: (setup.data as { id: string }).id,
    expectedRows: CUSTOMERS,
    onProgress: (n) => n % 100_000 < 700 && log(`  ${n.toLocaleString('en')} rows, ${((performance.now() - started) / 1000).toFixed(1)} s`),
  })
  log(`Loaded in ${((performance.now() - started) / 1000).toFixed(1)} s`)
}

async function main() {
  const dir = REUSE_DIR ?? mkdtempSync(join(tmpdir(), 'backroom-bench-duplicates-'))
  const core = await createCore({ dataDir: dir, kdf: TEST_KDF, log, automaticBackups: false })
  try {
    if (REUSE_DIR) {
      const login = await core.dispatch('auth:login', { username: OWNER.username, password: OWNER.password }, SESSION)
      if (!login.ok) throw new Error('sign-in failed')
    } else await load(core, dir)
    const raw = await RawSqlite.open(join(dir, DATABASE_FILE))
    await raw.exec(CONNECTION_PRAGMAS)
    const pairs = (data: unknown) => (data as { pairs: unknown[] }).pairs.length
    const found = (data: unknown) => (data as unknown[]).length
    // Cursors as the user would reach them: the next page, and ten pages in.
    const cursors: (string | null)[] = [null]
    for (let i = 0; i < 10; i++) {
      const page = await core.dispatch('duplicates:list', { after: cursors.at(-1) ?? null, limit: 25 }, SESSION)
      const next = page.ok ? (page.data as { nextCursor: string | null }).nextCursor : null
      if (!next) break
      cursors.push(next)
    }
    // A draft with the phone, email and name + birthday of an existing customer.
    const someone = await core.services.db('customers').whereNotNull('phone').whereNotNull('email').whereNotNull('date_of_birth').orderBy('id').first()
    const rows: Row[] = [
      await measure(core, raw, 'list: first page', 'duplicates:list', { limit: 25 }, pairs),
      ...(cursors[1] ? [await measure(core, raw, 'list: next page', 'duplicates:list', { after: cursors[1], limit: 25 }, pairs)] : []),
      ...(cursors.length > 2 ? [await measure(core, raw, `list: page ${cursors.length}`, 'duplicates:list', { after: cursors.at(-1)!, limit: 25 }, pairs)] : []),
      await measure(core, raw, 'check: phone + email + name/birth', 'duplicates:check', { firstName: someone.first_name, lastName: someone.last_name ?? '', phone: someone.phone, email: someone.email, dateOfBirth: someone.date_of_birth }, found),
      await measure(core, raw, 'check: nothing matches', 'duplicates:check', { firstName: 'Nobody', lastName: 'Atall', phone: '+1 212 555 0000', email: 'nobody@nowhere.example', dateOfBirth: '1901-01-01' }, found),
    ]
    await raw.close()
    const [{ n }] = await core.services.db('customers').count<{ n: number }[]>({ n: '*' })
    log(`\nDuplicates at ${Number(n).toLocaleString('en')} customers (load average ${loadavg()[1].toFixed(2)}), p50 / p95 ms over ${RUNS} runs:\n`)
    log('| case | core p50 | core p95 | raw p50 | raw p95 | core/raw | answered |')
    log('|---|---:|---:|---:|---:|---:|---:|')
    for (const r of rows) log(`| ${r.label} | ${r.core.p50.toFixed(1)} | ${r.core.p95.toFixed(1)} | ${r.raw.p50.toFixed(1)} | ${r.raw.p95.toFixed(1)} | ${r.ratio.toFixed(2)}× | ${r.answered} |`)
    const first = rows[0]
    log(`\nFirst page ${first.core.p95.toFixed(0)} ms at p95: ${first.core.p95 <= TARGET_FIRST_PAGE_MS ? 'met' : 'MISSED'} (target ≤ ${TARGET_FIRST_PAGE_MS} ms)`)
    if (JSON_FILE) writeFileSync(JSON_FILE, JSON.stringify({ customers: Number(n), loadAverage: loadavg()[1], rows }, null, 2))
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
