import { mkdtempSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { createCore, DATABASE_FILE, type Core } from '../../../electron/core'
import { bulkInsertCustomers } from '../../../electron/core/customers/bulk'
import type { FileDialogs } from '../../../electron/core/platform'
import { OWNER, STORE, TEST_KDF } from '../../support/core'
import { benchCustomers } from '../customers/generate'

/** A store of generated customers for the transfer rows, the owner signed in, file dialogs scripted. */
export interface BenchStore {
  core: Core
  dir: string
  databaseFile: string
  customers: number
  session: string
  /** The next save dialog answers this path. */
  willSaveTo(path: string): void
  /** The next open dialog answers this path. */
  willOpen(path: string): void
  /** Seconds the customers took to load. */
  loadSeconds: number
}

/**
 * A new store of `customers` generated customers, or (with `reuseDir`) the store an earlier
 * `--keep` run left there: then nothing is loaded in this process, and its memory is the
 * export's own.
 */
export async function openBenchStore(customers: number, log: (line: string) => void, reuseDir: string | null = null): Promise<BenchStore> {
  const dir = reuseDir ?? mkdtempSync(join(tmpdir(), 'backroom-bench-transfer-'))
  let savePath: string | null = null
  let openPath: string | null = null
  const dialogs: FileDialogs = {
    chooseSaveFile: async () => savePath,
    chooseOpenFile: async () => openPath,
    chooseFolder: async () => null,
  }
  const core = await createCore({ dataDir: dir, kdf: TEST_KDF, log, dialogs, automaticBackups: false })
  const session = 'bench'
  let loadSeconds = Number.NaN
  if (!reuseDir) {
    const setup = await core.dispatch('auth:setup', { store: STORE, owner: OWNER }, session)
    if (!setup.ok) throw new Error('setup failed')
    const started = performance.now()
    log(`Loading ${customers.toLocaleString('en')} customers…`)
    await bulkInsertCustomers(core.services, benchCustomers(customers, core.services.localStoreId()!, new Date()), {
      userId: (setup.data as { id: string }).id,
      expectedRows: customers,
    })
    loadSeconds = (performance.now() - started) / 1000
  }
  const login = await core.dispatch('auth:login', { username: OWNER.username, password: OWNER.password }, session)
  if (!login.ok) throw new Error('sign-in failed')
  return {
    core,
    dir,
    databaseFile: join(dir, DATABASE_FILE),
    customers: reuseDir ? await countCustomers(core) : customers,
    session,
    loadSeconds,
    willSaveTo: (path) => (savePath = path),
    willOpen: (path) => (openPath = path),
  }
}

async function countCustomers(core: Core): Promise<number> {
  const [{ n }] = await core.services.db('customers').where({ active: true }).whereNull('erased_at').count<{ n: number }[]>({ n: '*' })
  return Number(n)
}

/**
 * How long `work` took, in wall and CPU seconds (the whole process: main thread, SQLite's and
 * zlib's threads; what a shared machine inflates least), the highest resident memory seen while `work` runs (sampled every 20 ms, and at the end), and
 * how far it rose above what the process held when the work began (the store's load leaves
 * garbage behind that no export made).
 */
export async function withPeakRss<T>(work: () => Promise<T>): Promise<{ result: T; peakRssMb: number; riseMb: number; seconds: number; cpuSeconds: number }> {
  const before = process.memoryUsage().rss
  const cpuBefore = process.cpuUsage()
  let peak = before
  const timer = setInterval(() => (peak = Math.max(peak, process.memoryUsage().rss)), 20)
  const started = performance.now()
  try {
    const result = await work()
    const seconds = (performance.now() - started) / 1000
    const cpu = process.cpuUsage(cpuBefore)
    peak = Math.max(peak, process.memoryUsage().rss)
    return { result, peakRssMb: Math.round(peak / 1e5) / 10, riseMb: Math.round((peak - before) / 1e5) / 10, seconds, cpuSeconds: (cpu.user + cpu.system) / 1e6 }
  } finally {
    clearInterval(timer)
  }
}
