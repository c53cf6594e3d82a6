import { cpSync, existsSync, mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { closeAll, firstStore, joinStore, open, restart, SESSION, WorldClock, type SyncStore } from './cluster'
import type { SecretsPort } from '../../../electron/core/mail/secrets'
import { newMemory, runStep, type Memory } from './steps'

/**
 * The starting point of every schedule of the sync convergence test, made once per file: the
 * first store set up with two customers every store knows from the start, and up to four more
 * stores joined from it. A schedule opens copies of the folders it needs (the database and the
 * day's backup) instead of setting the stores up again: about a fifth of a schedule's time
 * before. Each store joins from the first store only, so the copies of S1, S2 are what three
 * stores made afresh would hold; the clocks' skews apply from the schedule's first step on (the
 * setup's entries are stamped at the world's start, skew 0, as the hub convergence test's
 * prepared world is: world.ts).
 */
const ROOT = process.env.SYNC_DIR ?? (existsSync('/dev/shm') ? '/dev/shm' : tmpdir())

export interface PreparedStores {
  /** The stores' prepared folders, S0 first. */
  folders: { name: string; dir: string }[]
  ownerId: string
  /** What the setup commands left in a schedule's memory (the two customers, their markers and outcomes). */
  memory: Memory
  root: string
}

export async function prepareStores(template: string, count: number): Promise<PreparedStores> {
  const world = new WorldClock()
  const memory = newMemory()
  const stores: SyncStore[] = []
  const root = mkdtempSync(join(ROOT, 'backroom-syncworld-'))
  try {
    stores.push(await firstStore(world, template, 0))
    for (const text of [0, 1]) await runStep(stores, world, { kind: 'command', store: 0, command: 'createCustomer', pick: 1, text, flag: false }, memory)
    for (let i = 1; i < count; i++) stores.push(await joinStore(world, template, stores[0], i, 0))
    const ownerId = stores[0].core.services.sessions.userIdFor(SESSION)!
    const folders = []
    for (const store of stores) {
      // The store's first start after its setup takes the day's backup (a start before the setup
      // has no store day, so takes none): a schedule's stores start with it, as stores in use
      // would, and an erase must clean it (erasedTraces). Without it each store of each schedule
      // took one at its first start, ~28 ms of CPU (a backup is verified: counted, checked,
      // counted again), about a seventh of a schedule's CPU. Closing waits for it (index.ts, close).
      await restart(world, store)
      await store.core.backupCheck()
      await store.core.services.db.raw('PRAGMA wal_checkpoint(TRUNCATE)')
      const dir = join(root, store.name)
      cpSync(store.dir, dir, { recursive: true, filter: (f) => !f.endsWith('-wal') && !f.endsWith('-shm') })
      folders.push({ name: store.name, dir })
    }
    await closeAll(stores)
    return { folders, ownerId, memory, root }
  } catch (error) {
    await closeAll(stores).catch(() => {})
    rmSync(root, { recursive: true, force: true })
    throw error
  }
}

/** The first `count` prepared stores (copies of their folders), each with its clock skew, the owner signed in at each. */
export function openPrepared(world: WorldClock, prepared: PreparedStores, skews: number[], count: number): Promise<SyncStore[]> {
  return openCopies(world, prepared.folders.slice(0, count), skews, prepared.ownerId)
}

/**
 * Stores opened on copies of prepared folders (this file's, or the hub world's: test/support/hub/world.ts),
 * the i-th with `skews[i]`, the owner signed in at each; none left open if one fails.
 */
export async function openCopies(world: WorldClock, folders: readonly { name: string; dir: string }[], skews: number[], ownerId: string, secrets?: SecretsPort): Promise<SyncStore[]> {
  const stores: SyncStore[] = []
  try {
    for (const [i, { name, dir }] of folders.entries()) {
      const copy = mkdtempSync(join(ROOT, 'backroom-sync-'))
      cpSync(dir, copy, { recursive: true })
      const store = await open(world, name, copy, skews[i], secrets)
      store.core.services.sessions.signIn(SESSION, ownerId)
      stores.push(store)
    }
    return stores
  } catch (error) {
    await closeAll(stores).catch(() => {})
    throw error
  }
}

/** A schedule's memory, starting from the setup's. */
export function startingMemory(prepared: PreparedStores): Memory {
  const from = prepared.memory
  return { outcomes: new Map(from.outcomes), forms: new Map(from.forms), markers: new Map(from.markers), erased: new Set(from.erased), serial: from.serial }
}
