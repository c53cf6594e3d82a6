/**
 * The import half of `npm run bench:transfer`: a generated customer file of N rows (default
 * 100,000) imported through the same commands the screen sends (pick and read, check: map,
 * validate, duplicate check; commit), timed per step, against raw SQLite inserting the very
 * rows the import saved into an empty database of the same schema with plain prepared
 * INSERTs in one transaction. Target: the whole import ≤ 15 s.
 */
import { writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { stringify } from 'csv-stringify/sync'
import { createCore, DATABASE_FILE, type Core } from '../../../electron/core'
import { CONNECTION_PRAGMAS } from '../../../electron/core/db/connection'
import { OWNER, STORE, TEST_KDF } from '../../support/core'
import { scriptedDialogs } from '../../support/platform'
import { benchCustomers } from '../customers/generate'
import { RawSqlite } from '../raw-sqlite'

const SESSION = 'bench'

export interface ImportBenchRow {
  step: string
  ms: number
  /** CPU time of the whole process (main thread and SQLite's worker threads) during the step: what a busy machine inflates least. */
  cpuMs: number
}
export interface ImportBenchResult {
  rows: number
  fileBytes: number
  steps: ImportBenchRow[]
  totalMs: number
  rawMs: number
  ratio: number
  saved: number
  withErrors: number
  duplicates: number
}

async function callAs<T>(core: Core, session: string, name: string, input: unknown): Promise<T> {
  const answer = await core.dispatch(name, input, session)
  if (!answer.ok) throw new Error(`${name} failed: ${JSON.stringify(answer.error)}`)
  return answer.data as T
}

async function call<T>(core: Core, name: string, input: unknown): Promise<T> {
  const answer = await core.dispatch(name, input, SESSION)
  if (!answer.ok) throw new Error(`${name} failed: ${JSON.stringify(answer.error)}`)
  return answer.data as T
}

type Status = { phase: string; saved: number | null; failure: string | null; summary: { valid: number; withErrors: number; duplicates: number } | null }

async function until(core: Core, session: string, id: string, busy: string): Promise<Status> {
  for (;;) {
    const status = await callAs<Status>(core, session, 'imports:status', { id })
    if (status.phase !== busy) return status
    await new Promise((resolve) => setTimeout(resolve, 20))
  }
}

const usDate = (iso: string) => (iso ? `${iso.slice(5, 7)}/${iso.slice(8, 10)}/${iso.slice(0, 4)}` : '')

/**
 * A plain spreadsheet export of `count` customers, as a store would bring it. `skip` leaves out
 * the generator's first customers: a store already holding those imports other people.
 */
export function writeCustomerFile(path: string, count: number, storeId: string, skip = 0): number {
  const header = ['First Name', 'Last Name', 'Phone', 'Email', 'Accepts Email Marketing', 'Birthday', 'Address', 'City', 'State', 'Zip', 'Country', 'Notes']
  const rows = [header]
  let index = 0
  for (const c of benchCustomers(count + skip, storeId, new Date())) {
    if (index++ < skip) continue
    rows.push([c.firstName, c.lastName ?? '', c.phone ?? '', c.email ?? '', c.emailOptIn ? 'yes' : 'no', usDate(c.dateOfBirth ?? ''), c.addressLine1 ?? '', c.city ?? '', c.state ?? '', c.zip ? `'${c.zip}` : '', c.country ?? '', c.notes ?? ''])
  }
  const text = stringify(rows)
  writeFileSync(path, text)
  return Buffer.byteLength(text)
}

async function timed<T>(steps: ImportBenchRow[], step: string, work: () => Promise<T>): Promise<T> {
  const started = performance.now()
  const cpu = process.cpuUsage()
  const value = await work()
  const used = process.cpuUsage(cpu)
  steps.push({ step, ms: performance.now() - started, cpuMs: (used.user + used.system) / 1000 })
  return value
}

/** CPU time of the last rawInsert (main thread and SQLite's threads). */
export let lastRawCpuMs = Number.NaN

/** Plain INSERTs of the rows the import saved, one prepared statement, one transaction, into the same empty schema. */
export async function rawInsert(dir: string, rows: Record<string, unknown>[]): Promise<number> {
  const raw = await RawSqlite.open(join(dir, DATABASE_FILE))
  await raw.exec(CONNECTION_PRAGMAS)
  const columns = Object.keys(rows[0]).filter((c) => c !== 'local_rowid')
  const insert = raw.prepare(`INSERT INTO customers (${columns.join(', ')}) VALUES (${columns.map(() => '?').join(', ')})`)
  const started = performance.now()
  const cpu = process.cpuUsage()
  await raw.exec('BEGIN')
  for (const row of rows) await insert(columns.map((c) => row[c]))
  await raw.exec('COMMIT')
  const ms = performance.now() - started
  const used = process.cpuUsage(cpu)
  lastRawCpuMs = (used.user + used.system) / 1000
  await raw.close()
  return ms
}

/** The import as the screen drives it: pick and read, check, save; timed per step. */
export async function importThroughCommands(core: Core, session: string, pickNext: (path: string) => void, path: string) {
  const call = <T>(name: string, input: unknown) => callAs<T>(core, session, name, input)
  const steps: ImportBenchRow[] = []
  pickNext(path)
  const { file } = await timed(steps, 'pick and read the file', () => call<{ file: { id: string; mapping: string[] } }>('imports:pickFile', {}))
  const checked = await timed(steps, 'map, validate, find duplicates', async () => {
    await call('imports:check', { id: file.id, mapping: file.mapping })
    return until(core, session, file.id, 'checking')
  })
  if (checked.phase !== 'checked') throw new Error(`check ended ${checked.phase}: ${checked.failure}`)
  const saved = await timed(steps, 'save in one transaction', async () => {
    await call('imports:commit', { id: file.id, leaveOutBadRows: true })
    return until(core, session, file.id, 'saving')
  })
  if (saved.phase !== 'saved') throw new Error(`save ended ${saved.phase}: ${saved.failure}`)
  return { steps, totalMs: steps.reduce((sum, st) => sum + st.ms, 0), saved: saved.saved ?? 0, withErrors: checked.summary?.withErrors ?? 0, duplicates: checked.summary?.duplicates ?? 0 }
}

/** A freshly migrated, empty database of the app's schema in `rawDir`, for the raw side. */
export async function emptySchema(rawDir: string): Promise<void> {
  const empty = await createCore({ dataDir: rawDir, kdf: TEST_KDF, log: () => {}, automaticBackups: false })
  await empty.close()
}

/** The raw side: the rows the import saved, inserted into a freshly migrated empty database of the same schema. */
export async function rawInsertInto(rawDir: string, rows: Record<string, unknown>[]): Promise<number> {
  await emptySchema(rawDir)
  return rawInsert(rawDir, rows)
}

export async function benchImport(dir: string, rawDir: string, count: number): Promise<ImportBenchResult> {
  const scripted = scriptedDialogs()
  const core = await createCore({ dataDir: dir, kdf: TEST_KDF, log: () => {}, dialogs: scripted.dialogs, automaticBackups: false })
  try {
    await call(core, 'auth:setup', { store: STORE, owner: OWNER })
    await call(core, 'auth:login', { username: OWNER.username, password: OWNER.password })
    const path = join(dir, 'customers.csv')
    const fileBytes = writeCustomerFile(path, count, core.services.localStoreId()!)
    const run = await importThroughCommands(core, SESSION, scripted.willPick, path)
    const rows = (await core.services.db('customers').select('*')) as Record<string, unknown>[]
    const rawMs = await rawInsertInto(rawDir, rows)
    return { rows: count, fileBytes, steps: run.steps, totalMs: run.totalMs, rawMs, ratio: run.totalMs / rawMs, saved: run.saved, withErrors: run.withErrors, duplicates: run.duplicates }
  } finally {
    await core.close()
  }
}
