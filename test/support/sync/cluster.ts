import { copyFileSync, mkdtempSync, rmSync } from 'node:fs'
import { existsSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { dirname, join } from 'node:path'
import { afterAll, afterEach, beforeAll } from 'vitest'
import { createCore, DATABASE_FILE, type Core } from '../../../electron/core'
import { openDatabase } from '../../../electron/core/db/connection'
import type { LogEntry } from '../../../electron/core/db/changelog'
import { applyEntries, type ApplyResult } from '../../../electron/core/sync/apply'
import { missingBlobs, readBlobs, storeBlobs } from '../../../electron/core/sync/blobs'
import { createJoinedStore } from '../../../electron/core/stores/join'
import { entriesWrittenBy, LOG_COLUMNS } from './foreign'
import { memorySecrets, type SecretsPort } from '../../../electron/core/mail/secrets'
import type { CommandInput, CommandName, CommandOutput, Envelope } from '../../../electron/contract'
import { isLoopback, OWNER, STORE, TEST_KDF } from '../core'

/**
 * Several stores of one owner in one process, each a real core on its own SQLite file with its
 * own clock, and an exchange that hands one store's entries to another: the stand-in for the
 * hub in the convergence property test (the hub itself is the next issue's).
 */
export const SESSION = 'owner'

/** Shared "true" time; each store reads it through its own skew. */
export class WorldClock {
  ms = Date.parse('2026-11-23T09:00:00.000Z')
  advance(by: number) {
    this.ms += by
  }
}

export interface SyncStore {
  name: string
  dir: string
  core: Core
  /** A second PC of the same store (its own node id, the same store id): see `twinStore`. */
  twinOf?: SyncStore
  /** This store's clock = world time + skew (ms). */
  skew: number
  /** The PC's keyring: kept across restarts, as the OS keeps it (the hub password stays readable). */
  secrets?: SecretsPort
  call<K extends CommandName>(name: K, input: CommandInput<K>): Promise<Envelope<CommandOutput<K>>>
}

const CORES_OPEN = new Set<Core>()

/**
 * Real SQLite files, on a memory-backed folder where the machine has one: hundreds of
 * schedules each commit hundreds of times, and the property is about what the stores end up
 * holding, not about the disk (the crash tests are about the disk).
 */
const ROOT = process.env.SYNC_DIR ?? (existsSync('/dev/shm') ? '/dev/shm' : tmpdir())

/** A migrated, empty database (no node id: every copy makes its own), copied for each store. */
export async function makeTemplate(): Promise<string> {
  const dir = mkdtempSync(join(ROOT, 'backroom-template-'))
  const core = await createCore({ dataDir: dir, kdf: TEST_KDF, log: () => {} })
  await core.services.db('meta').where({ key: 'node_id' }).delete()
  await core.services.db.raw('PRAGMA wal_checkpoint(TRUNCATE)')
  await core.close()
  return join(dir, DATABASE_FILE)
}

/** A store on an existing folder (a copy of a prepared one), with the keyring its hub password was sealed with. */
export async function open(world: WorldClock, name: string, dir: string, skew: number, secrets?: SecretsPort): Promise<SyncStore> {
  const store: SyncStore = {
    name,
    dir,
    skew,
    secrets,
    core: undefined as unknown as Core,
    call: (command, input) => store.core.dispatch(command, input, SESSION) as never,
  }
  await startCore(world, store)
  return store
}

/** The store's core, reading the world's time through the store's skew (read at every tick, so a changed skew counts). */
async function startCore(world: WorldClock, store: SyncStore): Promise<void> {
  store.secrets ??= memorySecrets()
  store.core = await createCore({
    dataDir: store.dir,
    secrets: store.secrets,
    kdf: TEST_KDF,
    log: () => {},
    now: () => new Date(world.ms + store.skew),
    // The world's clock jumps by hours and days between steps while the store's one session goes
    // on: main's idle lock (lock.test.ts) would lock it between any two steps.
    idleLock: false,
    // Receipts are emailed through an outbox: no server is reachable, so nothing leaves this machine.
    mail: { allowHost: () => false },
    // No hub unless a test links one (test/core/hub/convergence.test.ts): rounds are driven by the test.
    hub: { allowHost: isLoopback, worker: false, connectTimeoutMs: 3000 },
  })
  CORES_OPEN.add(store.core)
}

function freshDir(template: string): string {
  const dir = mkdtempSync(join(ROOT, 'backroom-sync-'))
  copyFileSync(template, join(dir, DATABASE_FILE))
  return dir
}

/** The first store: set up with its owner, who is signed in. */
export async function firstStore(world: WorldClock, template: string, skew: number): Promise<SyncStore> {
  const store = await open(world, 'S0', freshDir(template), skew)
  const setup = await store.call('auth:setup', { store: STORE, owner: OWNER })
  if (!setup.ok) throw new Error(`setup failed: ${JSON.stringify(setup.error)}`)
  return store
}

/** Another store of the same owner: takes everything the first one has, becomes a store of its own, the owner signs in. */
export async function joinStore(world: WorldClock, template: string, first: SyncStore, index: number, skew: number): Promise<SyncStore> {
  const store = await open(world, `S${index}`, freshDir(template), skew)
  await deliver(first, store, { all: true })
  const owner = await store.core.services.db('users').where({ username: OWNER.username }).first()
  await createJoinedStore(store.core.services, { name: `Branch ${index}`, currency: STORE.currency, timeZone: STORE.timeZone }, owner.id)
  store.core.services.sessions.signIn(SESSION, owner.id)
  return store
}

/**
 * A second back-office PC of `of`'s store: a copy of its database with a node id of its own, so
 * both write entries under the same store id (two check-ins of one customer at one store made
 * offline on two PCs), and each passes on the other's entries of that store (what it pushes is
 * by store). Only commands two PCs of one store can run apart are sent to it (numbered things,
 * receipts and customer numbers, are one PC's).
 */
export async function twinStore(world: WorldClock, of: SyncStore, skew: number): Promise<SyncStore> {
  await of.core.services.db.raw('PRAGMA wal_checkpoint(TRUNCATE)')
  const dir = mkdtempSync(join(ROOT, 'backroom-sync-'))
  copyFileSync(join(of.dir, DATABASE_FILE), join(dir, DATABASE_FILE))
  const copy = openDatabase(join(dir, DATABASE_FILE))
  await copy('meta').where({ key: 'node_id' }).delete()
  await copy.destroy()
  const store = await open(world, `${of.name}b`, dir, skew)
  store.twinOf = of
  store.core.services.sessions.signIn(SESSION, of.core.services.sessions.userIdFor(SESSION)!)
  return store
}

/**
 * Closes and reopens a store's core (its clock may have been moved meanwhile); the owner signs in
 * again. `meanwhile` runs while it is closed (another process using its files: the kill -9 fault).
 */
export async function restart(world: WorldClock, store: SyncStore, meanwhile?: () => Promise<void>): Promise<void> {
  const ownerId = store.core.services.sessions.userIdFor(SESSION)
  await store.core.close()
  CORES_OPEN.delete(store.core)
  await meanwhile?.()
  await startCore(world, store)
  if (ownerId) store.core.services.sessions.signIn(SESSION, ownerId)
}

/** A store's own entries (those it wrote), in the order it wrote them: what it would push. */
export function ownEntries(store: SyncStore): Promise<LogEntry[]> {
  return entriesWrittenBy(store.core.services)
}

export interface Delivery {
  /** Everything, in order. */
  all?: boolean
  /** A slice [from, to) of the sender's entries (as fractions), shuffled by `shuffle`, with `duplicates` sent twice. */
  from?: number
  to?: number
  shuffle?: number
  duplicates?: number
}

/** Hands some of `from`'s entries to `to`, as a hub delivery would (possibly cut, reordered, repeated), with the photo blobs they need. */
export async function deliver(from: SyncStore, to: SyncStore, how: Delivery): Promise<ApplyResult> {
  const entries = await ownEntries(from)
  let batch = how.all ? entries : entries.slice(Math.floor((how.from ?? 0) * entries.length), Math.ceil((how.to ?? 1) * entries.length))
  if (how.duplicates) batch = [...batch, ...batch.slice(0, how.duplicates)]
  if (how.shuffle) batch = shuffled(batch, how.shuffle)
  return applyAt(to, batch, [from])
}

/** Applies a batch at `to`, then fetches the photo blobs it now misses from `senders` (the first that has them). */
async function applyAt(to: SyncStore, batch: readonly LogEntry[], senders: readonly SyncStore[]): Promise<ApplyResult> {
  const result = await applyEntries(to.core.services, batch)
  // The batch path must agree with the rules on its own: falling back to one unit at a time hides a bug.
  if (result.fallbacks) throw new Error(`applying at ${to.name} fell back to unit by unit ${result.fallbacks} time(s)`)
  for (const from of senders) {
    const wanted = await missingBlobs(to.core.services.db)
    if (wanted.length === 0) break
    await storeBlobs(to.core.services.db, await readBlobs(from.core.services.db, wanted), new Date().toISOString())
  }
  return result
}

/** A deterministic shuffle from a seed. */
function shuffled<T>(items: T[], seed: number): T[] {
  const out = [...items]
  let state = seed >>> 0 || 1
  for (let i = out.length - 1; i > 0; i--) {
    state = (Math.imul(state, 1664525) + 1013904223) >>> 0
    const j = state % (i + 1)
    ;[out[i], out[j]] = [out[j], out[i]]
  }
  return out
}

/**
 * Every store's entries to every other store, until a round applies nothing: as a hub's pull
 * does, each store takes what all the others would send (their own entries; a second PC passes
 * on its store's) in one batch, with the photos it misses.
 *
 * A batch leaves out the entries the receiver logged already: the applier would find them
 * known and do nothing with them (re-applying what a store holds changes nothing:
 * reapplyChanges checks that at the end of each schedule, and the schedules' own deliveries
 * repeat entries on purpose). Once a store has had a delivery here, it is left out of a round
 * while nothing is new for it, nothing waits in its inbox and it misses no photo: the applier
 * would write nothing. The first delivery to each store is always made, so its inbox is tried
 * after the clock moved and an owner is kept (users/keep-owner.ts) after the owners removed
 * just before. One batch per store a round, of the entries new to it, where each sender's whole
 * log went to each store in turn: the applier validates and looks up every entry it is given,
 * and each apply has its fixed statements (the final syncs of 40 schedules ran 14,500
 * statements, now 8,800).
 */
export async function syncAll(stores: SyncStore[]): Promise<void> {
  const logs = new Map(await Promise.all(stores.map(async (s) => [s, await logOf(s)] as const)))
  const delivered = new Set<SyncStore>()
  for (let round = 0; round < 6; round++) {
    let applied = 0
    for (const to of stores) {
      const at = logs.get(to)!
      const senders = stores.filter((s) => s !== to)
      const batch = new Map<string, LogEntry>()
      for (const from of senders) for (const entry of logs.get(from)!.own) if (!at.logged.has(entry.id)) batch.set(entry.id, entry)
      if (delivered.has(to) && at.settled && batch.size === 0) continue
      applied += (await applyAt(to, [...batch.values()], senders)).applied
      delivered.add(to)
      // A delivery writes only at the receiver.
      logs.set(to, await logOf(to))
    }
    if (applied === 0) return
  }
}

/** The ids of a store's logged entries, those it would send (as ownEntries reads them), and whether nothing waits there (entries, photos). */
async function logOf(store: SyncStore): Promise<{ logged: Set<string>; own: LogEntry[]; settled: boolean }> {
  const db = store.core.services.db
  const [log, waiting, photos] = await Promise.all([
    db('change_log').whereNot({ op: 'legacy' }).orderBy('seq').select(LOG_COLUMNS) as Promise<LogEntry[]>,
    db('sync_inbox').first('id'),
    missingBlobs(db),
  ])
  const storeId = store.core.services.localStoreId()
  return { logged: new Set(log.map((e) => e.id)), own: log.filter((e) => e.store_id === storeId), settled: !waiting && photos.length === 0 }
}

export async function closeAll(stores: SyncStore[]): Promise<void> {
  for (const store of stores) {
    await store.core.close()
    CORES_OPEN.delete(store.core)
    rmSync(store.dir, { recursive: true, force: true })
  }
}

/**
 * A test file's stores: one migrated template for the file, and `stores`, every store `first`
 * and `join` opened in the current test, in the order opened, closed and removed after it.
 */
export function useSyncStores() {
  let template = ''
  const stores: SyncStore[] = []
  beforeAll(async () => {
    template = await makeTemplate()
  })
  afterAll(() => rmSync(dirname(template), { recursive: true, force: true }))
  afterEach(async () => {
    await closeAll(stores)
    stores.length = 0
  })
  const opened = (store: SyncStore): SyncStore => {
    stores.push(store)
    return store
  }
  return {
    stores,
    first: async (world: WorldClock, skew: number) => opened(await firstStore(world, template, skew)),
    join: async (world: WorldClock, first: SyncStore, index: number, skew: number) => opened(await joinStore(world, template, first, index, skew)),
  }
}
