/**
 * `npm run bench:backups [-- --json FILE] [--customers N] [--reuse DIR] [--keep]`: times a
 * verified backup, an encrypted copy to a file, and a restore (preview, then restore) of a store
 * of N (1,000,000) customers through the core's dispatch, against raw SQLite doing the same job
 * in the same run: the backup API into a file plus `PRAGMA integrity_check` on it, and a copy of
 * the backup checked the same way and written into the live database with the backup API.
 */
import { copyFileSync, mkdtempSync, rmSync, statSync, writeFileSync } from 'node:fs'
import { cpus, loadavg, tmpdir } from 'node:os'
import { join } from 'node:path'
import sqlite3 from 'sqlite3'
import { createCore, DATABASE_FILE, type Core } from '../../../electron/core'
import { bulkInsertCustomers } from '../../../electron/core/customers/bulk'
import { CONNECTION_PRAGMAS } from '../../../electron/core/db/connection'
import { OWNER, STORE, TEST_KDF } from '../../support/core'
import { scriptedDialogs } from '../../support/platform'
import { benchOptions } from '../options'
import { benchCustomers } from '../customers/generate'

const { customers: CUSTOMERS, jsonFile: JSON_FILE, reuseDir: REUSE_DIR, keep: KEEP } = benchOptions()
const SESSION = 'bench'
const log = (line: string) => process.stdout.write(`${line}\n`)
const seconds = (ms: number) => Math.round(ms / 100) / 10
const mb = (bytes: number) => Math.round(bytes / 1e5) / 10

async function call<T>(core: Core, name: string, input: unknown): Promise<T> {
  const answer = await core.dispatch(name, input, SESSION)
  if (!answer.ok) throw new Error(`${name} failed: ${JSON.stringify(answer.error)}`)
  return answer.data as T
}

async function timed<T>(step: () => Promise<T>): Promise<{ ms: number; value: T }> {
  const started = performance.now()
  const value = await step()
  return { ms: performance.now() - started, value }
}

function open(file: string, mode = sqlite3.OPEN_READWRITE | sqlite3.OPEN_CREATE): Promise<sqlite3.Database> {
  return new Promise((resolve, reject) => {
    const db = new sqlite3.Database(file, mode, (error) => (error ? reject(error) : resolve(db)))
  })
}
const exec = (db: sqlite3.Database, sql: string) => new Promise<void>((resolve, reject) => db.exec(sql, (e) => (e ? reject(e) : resolve())))
const all = (db: sqlite3.Database, sql: string) => new Promise<unknown[]>((resolve, reject) => db.all(sql, (e, rows) => (e ? reject(e) : resolve(rows))))
const close = (db: sqlite3.Database) => new Promise<void>((resolve, reject) => db.close((e) => (e ? reject(e) : resolve())))

/** The backup API in one step: `filenameIsDest` true copies the database into the file, false the file into the database. */
interface BackupStep {
  step(pages: number, callback: (error: Error | null) => void): void
  finish(callback: (error: Error | null) => void): void
}
type WithBackup = { backup(file: string, dest: string, source: string, filenameIsDest: boolean, callback: (error: Error | null) => void): BackupStep }

function backupApi(db: sqlite3.Database, file: string, filenameIsDest: boolean): Promise<void> {
  return new Promise((resolve, reject) => {
    const backup = (db as unknown as WithBackup).backup(file, 'main', 'main', filenameIsDest, (error: Error | null) => {
      if (error) return reject(error)
      backup.step(-1, (stepError: Error | null) => {
        if (stepError) return reject(stepError)
        backup.finish((finishError: Error | null) => (finishError ? reject(finishError) : resolve()))
      })
    })
  })
}

async function integrityCheck(file: string): Promise<void> {
  const db = await open(file, sqlite3.OPEN_READONLY)
  await exec(db, 'PRAGMA mmap_size = 4294967296')
  const rows = await all(db, 'PRAGMA integrity_check')
  await close(db)
  if (JSON.stringify(rows) !== '[{"integrity_check":"ok"}]') throw new Error('raw integrity_check failed')
}

async function load(core: Core, dir: string): Promise<void> {
  const user = await call<{ id: string }>(core, 'auth:setup', { store: STORE, owner: OWNER })
  log(`Loading ${CUSTOMERS.toLocaleString('en')} customers into ${dir} …`)
  const started = performance.now()
  await bulkInsertCustomers(core.services, benchCustomers(CUSTOMERS, core.services.localStoreId()!, new Date()), { userId: user.id, expectedRows: CUSTOMERS })
  log(`Loaded in ${seconds(performance.now() - started)} s`)
}

async function main(): Promise<void> {
  const dir = REUSE_DIR ?? mkdtempSync(join(tmpdir(), 'backroom-bench-backups-'))
  const usb = mkdtempSync(join(tmpdir(), 'backroom-bench-usb-'))
  const dialogs = scriptedDialogs()
  const opened = await timed(() => createCore({ dataDir: dir, kdf: TEST_KDF, log, automaticBackups: false, dialogs: dialogs.dialogs }))
  const core = opened.value
  if (opened.value.migration.applied.length && REUSE_DIR) log(`Migrated the reused database in ${seconds(opened.ms)} s (a verified backup first)`)
  try {
    if (REUSE_DIR) await call(core, 'auth:login', { username: OWNER.username, password: OWNER.password })
    else await load(core, dir)
    const live = join(dir, DATABASE_FILE)
    await core.services.db.raw('PRAGMA wal_checkpoint(TRUNCATE)')
    const bytes = statSync(live).size
    log(`Database: ${mb(bytes)} MB; machine: ${cpus().length} cores, load average ${loadavg()[0].toFixed(2)} at the start`)

    // Backup: copy and check, as the core does (it also counts every table and writes a manifest).
    const backup = await timed(() => call<{ backup: { name: string; customers: number } }>(core, 'backups:create', { destination: 'folder', passphrase: '' }))
    const rawCopy = join(usb, 'raw-copy.sqlite')
    const rawBackup = await timed(async () => {
      const db = await open(live)
      await exec(db, CONNECTION_PRAGMAS)
      await backupApi(db, rawCopy, true)
      await close(db)
      await integrityCheck(rawCopy)
    })
    log(`Backup: core ${seconds(backup.ms)} s, raw ${seconds(rawBackup.ms)} s`)

    // An encrypted copy to a file (a new verified backup, then AES-256-GCM, then read back).
    dialogs.willPick(join(usb, 'store.backroom'))
    const encrypted = await timed(() => call(core, 'backups:create', { destination: 'file', passphrase: 'bench passphrase' }))
    log(`Encrypted copy to a file: ${seconds(encrypted.ms)} s`)

    // Restore: the preview prepares and checks the copy; the restore takes a safety backup and swaps.
    const source = { source: 'backups-folder', name: backup.value.backup.name, passphrase: '' }
    const inspect = await timed(() => call(core, 'backups:inspect', source))
    const restore = await timed(() => call(core, 'backups:restore', source))
    await call(core, 'auth:login', { username: OWNER.username, password: OWNER.password })
    const restoredCustomers = Number((await core.services.db('customers').count({ n: '*' }))[0].n)
    const rawRestore = await timed(async () => {
      const staged = join(usb, 'raw-staged.sqlite')
      copyFileSync(rawCopy, staged)
      await integrityCheck(staged)
      const db = await open(join(usb, 'raw-live.sqlite'))
      await exec(db, CONNECTION_PRAGMAS)
      await backupApi(db, staged, false)
      await all(db, 'PRAGMA wal_checkpoint(TRUNCATE)')
      await close(db)
    })
    log(`Restore: preview ${seconds(inspect.ms)} s + restore ${seconds(restore.ms)} s; raw ${seconds(rawRestore.ms)} s`)

    const rows = [
      { step: 'back up (copy, integrity_check, counts)', core: backup.ms, raw: rawBackup.ms },
      { step: 'restore (preview + restore)', core: inspect.ms + restore.ms, raw: rawRestore.ms },
      { step: '  preview: copy in, integrity_check', core: inspect.ms, raw: null },
      { step: '  restore: safety backup, prepare, swap', core: restore.ms, raw: null },
      { step: 'encrypted copy to a file (backup + AES-GCM + read back)', core: encrypted.ms, raw: null },
    ]
    const report = {
      customers: restoredCustomers,
      databaseMb: mb(bytes),
      cores: cpus().length,
      loadAverageAtEnd: Number(loadavg()[1].toFixed(2)),
      seconds: rows.map((r) => ({ step: r.step.trim(), core: seconds(r.core), raw: r.raw === null ? null : seconds(r.raw) })),
    }
    log('')
    log(`Customers: ${report.customers.toLocaleString('en')}, database ${report.databaseMb} MB, ${report.cores} cores, 5-minute load average ${report.loadAverageAtEnd} at the end`)
    log('')
    log('| step | core (s) | raw SQLite (s) | ratio |')
    log('|------|----------|----------------|-------|')
    for (const r of rows) log(`| ${r.step} | ${seconds(r.core)} | ${r.raw === null ? '–' : seconds(r.raw)} | ${r.raw === null ? '–' : (r.core / r.raw).toFixed(2)} |`)
    if (JSON_FILE) writeFileSync(JSON_FILE, JSON.stringify(report, null, 2))
  } finally {
    await core.close()
    rmSync(usb, { recursive: true, force: true })
    if (KEEP) log(`Database kept in ${dir} (measure it again with --reuse ${dir})`)
    else rmSync(dir, { recursive: true, force: true })
  }
}

main().catch((error) => {
  console.error(error)
  process.exit(1)
})
