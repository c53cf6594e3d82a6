import pg from 'pg'
import type { CoreOptions } from '../../../electron/core'
import type { HubCredentials } from '../../../electron/contract/hub'
import type { HubAddress } from '../../../electron/core/hub/connection'
import { customerFields, SAMPLE_STORE_ID } from '../command-samples'
import { isLoopback, startSetUpCore, STORE, type TestCore } from '../core'
import { afterAll, beforeAll } from 'vitest'
import { startPostgres, type TestPostgres } from './server'

let stores = 0

/**
 * A name whose initials (the receipt prefix setup gives) no store started just before prints:
 * Corner Shop A, B… (CSA, CSB…). A store joining a hub as new is refused a prefix a store there
 * prints (hub/join-prefix.ts), and every test store was once "Corner Shop".
 */
export function nextStoreName(): string {
  stores += 1
  return `${STORE.name} ${String.fromCharCode(65 + (stores % 26))}`
}

/**
 * A store set up (owner signed in), with no worker running: tests drive rounds with `hub.round()`.
 * Each round ends by asking the hub to compact (no throttle), so every hub test, the convergence
 * schedules with their faults included, runs with compaction going on.
 */
export function startStore({ storeName = nextStoreName(), ...options }: Partial<CoreOptions> & { storeName?: string } = {}): Promise<TestCore> {
  return startSetUpCore({
    ...options,
    store: { ...STORE, name: storeName },
    hub: { worker: false, connectTimeoutMs: 2000, allowHost: isLoopback, compactIntervalSeconds: 0, ...options.hub },
  })
}

let databases = 0

/** A fresh hub database on the test server, with its schema. */
export async function makeHub(pgs: TestPostgres, through: TestCore): Promise<HubAddress & { password: string }> {
  databases += 1
  const admin = await pgs.createDatabase(`hub_${process.pid}_${databases}`)
  await through.ok('hub:prepare', { admin })
  return admin
}

/** Makes credentials for a store (as the hub's administrator, through `through`) and joins `store` with them. */
export async function joinHub(store: TestCore, admin: HubAddress & { password: string }, label: string, joinAs: 'new' | 'replacement' = 'new', through: TestCore = store): Promise<HubCredentials> {
  const credentials = await through.ok('hub:createStoreCredentials', { admin, label })
  await store.ok('hub:connect', { connection: connectionOf(credentials), joinAs })
  return credentials
}

export function connectionOf(c: HubCredentials) {
  return { host: c.host, port: c.port, database: c.database, user: c.user, password: c.password, tls: c.tls }
}

type HubAdmin = HubAddress & { password: string }

/**
 * Stores A and B on one hub (made ready through A by `prepare`), each joined with credentials of
 * its own, and A's first customer synced to B: where the security tests start.
 */
export async function joinedPair(prepare: (through: TestCore) => Promise<HubAdmin>): Promise<{ a: TestCore; b: TestCore; admin: HubAdmin; credsA: HubCredentials; credsB: HubCredentials }> {
  const a = await startStore()
  const b = await startStore()
  const admin = await prepare(a)
  const credsA = await joinHub(a, admin, 'Store A')
  const credsB = await joinHub(b, admin, 'Store B')
  await a.ok('customers:create', customerInput(a))
  await a.services.hub.round()
  await b.services.hub.round()
  return { a, b, admin, credsA, credsB }
}

/** A SQL client signed in with a store's credentials, as anyone holding them could use them. */
export async function sqlClientAs(c: HubCredentials): Promise<pg.Client> {
  const client = new pg.Client({ host: c.host, port: c.port, database: c.database, user: c.user, password: c.password })
  client.on('error', () => {})
  await client.connect()
  return client
}

/** A customer of `store` from the command samples (no username or password: those are claims, tested elsewhere). */
export function customerInput(store: TestCore, fields: Partial<typeof customerFields> = {}) {
  const { username: _u, password: _p, giftCardNumber: _g, ...rest } = customerFields
  return { ...rest, storeIds: [store.services.localStoreId() ?? SAMPLE_STORE_ID], ...fields }
}

/**
 * One real PostgreSQL for the test file (started before its tests, stopped after them) and the
 * stores its tests start, each ended after the file: `const hub = useHubServer()` at the top.
 */
export function useHubServer() {
  let server: TestPostgres | undefined
  const cores: TestCore[] = []
  beforeAll(async () => {
    server = await startPostgres()
  }, 120_000)
  afterAll(async () => {
    for (const core of cores) await core.cleanup().catch(() => {})
    await server?.stop()
  })
  return {
    get pgs(): TestPostgres {
      return server!
    },
    async store(options: Partial<CoreOptions> & { storeName?: string } = {}): Promise<TestCore> {
      const core = await startStore(options)
      cores.push(core)
      return core
    },
    /** A PC whose disk dies: its core ends now, not after the file. */
    async end(core: TestCore): Promise<void> {
      cores.splice(cores.indexOf(core), 1)
      await core.cleanup()
    },
  }
}
