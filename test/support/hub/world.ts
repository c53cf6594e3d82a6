import { cpSync, existsSync, mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { createStoreCredentials, prepareHub } from '../../../electron/core/hub/admin'
import { openHub, type HubAddress } from '../../../electron/core/hub/connection'
import { closeAll, firstStore, joinStore, restart, SESSION, WorldClock, type SyncStore } from '../sync/cluster'
import { newMemory, runStep, type Memory } from '../sync/steps'
import { openCopies } from '../sync/prepared-stores'
import { sharedTestSecrets } from './fixed-secrets'
import type pg from 'pg'
import type { TestPostgres } from './server'

/**
 * The starting point of every hub schedule, made once: three stores of one owner (two customers
 * made at the first, the others joined from it), each linked to one hub database with its own
 * credentials. A schedule starts from copies: the hub's tables refilled from a copy taken at the
 * end of the setup, and the stores' folders copied, instead of setting up stores, a hub schema
 * and credentials each time (most of a schedule's time before). The keyring is the shared test
 * one, so a child process can open a store's hub password too.
 */
const ROOT = process.env.SYNC_DIR ?? (existsSync('/dev/shm') ? '/dev/shm' : tmpdir())

export interface PreparedWorld {
  /** The hub database the stores' links name: its tables refilled from the setup's copy for each schedule (resetHub). */
  hub: HubAddress & { password: string }
  /** The SQL that refills them. */
  reset: string
  /** The stores' prepared folders, by store name. */
  folders: { name: string; dir: string }[]
  ownerId: string
  /** What the setup commands left in the schedule's memory (the two customers' markers). */
  memory: Memory
  root: string
}

export async function prepareWorld(pgs: TestPostgres, template: string): Promise<PreparedWorld> {
  const name = `conv_${process.pid}`
  const hub = await pgs.createDatabase(name)
  const world = new WorldClock()
  const memory = newMemory()
  const stores: SyncStore[] = []
  const root = mkdtempSync(join(ROOT, 'backroom-hubworld-'))
  try {
    stores.push(await firstStore(world, template, 0))
    for (const text of [0, 1]) await runStep(stores, world, { kind: 'command', store: 0, command: 'createCustomer', pick: 1, text, flag: false }, memory)
    for (let i = 1; i < 3; i++) stores.push(await joinStore(world, template, stores[0], i, 0))
    const admin = await openHub(hub, hub.password)
    await prepareHub(admin)
    for (const store of stores) {
      store.secrets = sharedTestSecrets()
      await restart(world, store)
      const made = await createStoreCredentials(admin, store.name)
      const connection = { host: hub.host, port: hub.port, database: hub.database, user: made.user, password: made.password, tls: 'off' as const }
      const joined = await store.call('hub:connect', { connection, joinAs: 'new' })
      if (!joined.ok) throw new Error(`join failed: ${JSON.stringify(joined.error)}`)
    }
    await admin.end()
    const ownerId = stores[0].core.services.sessions.userIdFor(SESSION)!
    const folders = []
    for (const store of stores) {
      await store.core.services.db.raw('PRAGMA wal_checkpoint(TRUNCATE)')
      const dir = join(root, store.name)
      cpSync(store.dir, dir, { recursive: true, filter: (f) => !f.endsWith('-wal') && !f.endsWith('-shm') })
      folders.push({ name: store.name, dir })
    }
    await closeAll(stores)
    return { hub, reset: await copyHubTables(await pgs.keptClient(name)), folders, ownerId, memory, root }
  } catch (error) {
    await closeAll(stores).catch(() => {})
    rmSync(root, { recursive: true, force: true })
    throw error
  }
}

/** Where the setup's copy of the hub's tables is kept, in the hub database (no store's role may use it). */
const COPY = 'hub_setup'

/**
 * Copies every table of the hub's schema as the setup left it, and answers the SQL that makes
 * them so again: in one transaction, every other connection to the hub ended (the previous
 * schedule's, as a dropped database's were), the tables emptied and refilled, and the identity
 * of the hub order (`pos`) set back. The schema's functions, and the roles, are the setup's:
 * no schedule changes them. Before, each schedule dropped the database and made it again from a
 * template (`CREATE DATABASE … TEMPLATE`): 25–30 ms of the server's CPU and a new database whose
 * first connection built its catalog caches anew, against a few milliseconds.
 */
async function copyHubTables(hub: pg.Client): Promise<string> {
  const { rows: tables } = await hub.query<{ name: string }>(`SELECT tablename AS name FROM pg_tables WHERE schemaname = 'backroom' ORDER BY tablename`)
  const { rows: sequences } = await hub.query<{ name: string }>(`SELECT sequencename AS name FROM pg_sequences WHERE schemaname = 'backroom' ORDER BY sequencename`)
  await hub.query(`CREATE SCHEMA ${COPY}`)
  for (const { name } of tables) await hub.query(`CREATE TABLE ${COPY}.${name} AS TABLE backroom.${name}`)
  const positions = []
  for (const { name } of sequences) {
    const [{ last_value, is_called }] = (await hub.query(`SELECT last_value, is_called FROM backroom.${name}`)).rows
    positions.push(`SELECT setval('backroom.${name}', ${Number(last_value)}, ${Boolean(is_called)});`)
  }
  return [
    'BEGIN;',
    'SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE datname = current_database() AND pid <> pg_backend_pid();',
    `TRUNCATE ${tables.map(({ name }) => `backroom.${name}`).join(', ')};`,
    ...tables.map(({ name }) => `INSERT INTO backroom.${name} OVERRIDING SYSTEM VALUE SELECT * FROM ${COPY}.${name};`),
    ...positions,
    'COMMIT;',
  ].join('\n')
}

/** The hub as the setup left it (resetHub's SQL, copyHubTables), through the administrator's kept connection. */
export async function resetHub(pgs: TestPostgres, prepared: PreparedWorld): Promise<void> {
  await (await pgs.keptClient(prepared.hub.database)).query(prepared.reset)
}

/** The three stores as the setup left them (copies of their folders), each with the schedule's clock skew. */
export function openStores(world: WorldClock, prepared: PreparedWorld, skews: number[]): Promise<SyncStore[]> {
  return openCopies(world, prepared.folders, skews, prepared.ownerId, sharedTestSecrets())
}

/** A schedule's memory, starting from the setup's. */
export function startingMemory(prepared: PreparedWorld): Memory {
  return { ...newMemory(), markers: new Map(prepared.memory.markers), serial: prepared.memory.serial }
}
