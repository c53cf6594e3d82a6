import fc from 'fast-check'
import { rmSync } from 'node:fs'
import { dirname } from 'node:path'
import type pg from 'pg'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { createStoreCredentials, prepareHub } from '../../../electron/core/hub/admin'
import { openHub, type HubAddress } from '../../../electron/core/hub/connection'
import { pushOwn } from '../../../electron/core/hub/exchange'
import { readLink } from '../../../electron/core/hub/link'
import { droppingCommit } from '../../support/hub/faults'
import { startPostgres, type TestPostgres } from '../../support/hub/server'
import { closeAll, firstStore, joinStore, makeTemplate, WorldClock, type SyncStore } from '../../support/sync/cluster'
import { cacheProblems, digestsDiffer, erasedTraces, indexProblems } from '../../support/sync/checks'
import { newMemory, runStep, stepArbitrary, type Step } from '../../support/sync/steps'

/**
 * The convergence property through a real PostgreSQL hub: three stores run random commands
 * (the sync property test's steps) while their exchanges go through the hub under faults: the
 * link dropped before or after the hub's COMMIT, pushes duplicated and concurrent, a hub
 * transaction that commits after later ones, clocks skewed and jumping, stores restarted and
 * the hub restarted. At the end, after rounds until quiet: identical digests, sound caches and
 * indexes, every change any store made present everywhere (none acknowledged and lost), nothing
 * of an erased customer left in any store's files or on the hub.
 *
 * HUB_RUNS=N schedules (default 4, about 40 s); HUB_SEED / HUB_PATH replay one. Uses its own
 * PostgreSQL (own port and folder): runs beside the other test files.
 */
const RUNS = Number(process.env.HUB_RUNS ?? 4)
const SEED = Number(process.env.HUB_SEED ?? 10)

let pgs: TestPostgres
let template: string
let hubs = 0
const open: pg.Client[] = []

beforeAll(async () => {
  pgs = await startPostgres()
  template = await makeTemplate()
}, 120_000)
afterAll(async () => {
  for (const c of open) await c.end().catch(() => {})
  rmSync(dirname(template), { recursive: true, force: true })
  await pgs?.stop()
})

type Fault = 'round' | 'pullOnly' | 'dropBefore' | 'dropAfter' | 'duplicate' | 'lateCommit' | 'restartHub'

/** A delivery step of the sync schedule becomes an exchange with the hub, under one fault. */
function faultOf(step: Extract<Step, { kind: 'deliver' }>): Fault {
  if (step.duplicates === 3 && step.start < 0.15) return 'restartHub'
  return (['round', 'round', 'pullOnly', 'dropBefore', 'dropAfter', 'duplicate', 'lateCommit'] as const)[step.shuffle % 7]
}

interface Linked {
  store: SyncStore
  address: HubAddress
  password: string
}

async function client(l: Linked): Promise<pg.Client> {
  const c = await openHub(l.address, l.password)
  open.push(c)
  return c
}

async function closeClient(c: pg.Client) {
  await c.end().catch(() => {})
}

async function ownPending(l: Linked) {
  const link = (await readLink(l.store.core.services.db))!
  return { storeId: l.store.core.services.localStoreId()!, seq: link.pushSeq }
}

async function exchange(linked: Linked[], step: Extract<Step, { kind: 'deliver' }>, fault: Fault): Promise<void> {
  const from = linked[step.from % linked.length]
  const to = linked[step.to % linked.length]
  const db = from.store.core.services.db
  switch (fault) {
    case 'round':
      return from.store.core.services.hub.round()
    case 'pullOnly':
      return to.store.core.services.hub.round()
    case 'dropBefore':
    case 'dropAfter': {
      const c = await client(from)
      const { storeId, seq } = await ownPending(from)
      await pushOwn(db, droppingCommit(c, fault === 'dropBefore' ? 'before' : 'after'), storeId, seq, 50).catch(() => {})
      return closeClient(c)
    }
    case 'duplicate': {
      // Two pushes of the same entries at once, and one of everything from the start.
      const [c1, c2] = [await client(from), await client(from)]
      const { storeId, seq } = await ownPending(from)
      await Promise.all([pushOwn(db, c1, storeId, seq, 40), pushOwn(db, c2, storeId, 0, 500)])
      await Promise.all([closeClient(c1), closeClient(c2)])
      return
    }
    case 'lateCommit': {
      // `from` writes first and commits last; `to` pushes and pulls meanwhile.
      const c = await client(from)
      const { storeId, seq } = await ownPending(from)
      const rows = await db('change_log').where({ store_id: storeId }).where('seq', '>', seq).whereNot({ op: 'legacy' }).orderBy('seq').limit(200)
        .select('id', 'tx', 'tx_size', 'op', 'table_name', 'row_id', 'field', 'value', 'old_value', 'hlc', 'store_id', 'user_id', 'created_at', 'schema_version')
      await c.query('BEGIN')
      if (rows.length) await c.query('SELECT backroom.push($1::jsonb)', [JSON.stringify(rows.map((r) => ({ ...r, customer_id: null })))])
      if (to !== from) await to.store.core.services.hub.round()
      await c.query('COMMIT')
      return closeClient(c)
    }
    case 'restartHub':
      for (const c of open.splice(0)) await closeClient(c)
      await pgs.restart()
  }
}

async function roundsUntilQuiet(linked: Linked[]): Promise<void> {
  for (let i = 0; i < 8; i++) {
    for (const l of linked) await l.store.core.services.hub.round()
    for (const l of linked) await l.store.core.services.hub.round()
    const statuses = await Promise.all(linked.map((l) => l.store.call('hub:status', {})))
    if (statuses.every((s) => s.ok && s.data.online && s.data.waitingToSend === 0 && s.data.heldForClock === 0)) return
  }
}

/** Every change any store made is at every store (by entry id): none acknowledged and lost. */
async function missingChanges(stores: SyncStore[]): Promise<string[]> {
  const sets = await Promise.all(stores.map(async (s) => new Set<string>(await s.core.services.db('change_log').whereNot({ op: 'legacy' }).pluck('id'))))
  const problems: string[] = []
  stores.forEach((s, i) => {
    for (const [j, other] of sets.entries()) {
      if (i === j) continue
      const lost = [...sets[i]].filter((id) => !other.has(id))
      if (lost.length) problems.push(`${lost.length} entries of ${s.name} missing at ${stores[j].name}`)
    }
  })
  return problems
}

/** An erased customer's marker (their unique last name) must be nowhere on the hub. */
async function hubTraces(database: string, markers: Map<string, string>, erased: Set<string>): Promise<string[]> {
  const hub = await pgs.adminClient(database)
  try {
    const found: string[] = []
    for (const id of erased) {
      const marker = markers.get(id)
      if (!marker) continue
      const { rows } = await hub.query(`SELECT op, table_name FROM backroom.entries WHERE value LIKE $1 OR old_value LIKE $1`, [`%${marker}%`])
      if (rows.length) found.push(`${marker} (erased) still on the hub: ${rows.map((r) => `${r.op} ${r.table_name}`).join(', ')}`)
    }
    return found
  } finally {
    await hub.end()
  }
}

async function converge(skews: number[], steps: Step[]): Promise<void> {
  hubs += 1
  const admin = await pgs.createDatabase(`conv_${process.pid}_${hubs}`)
  const world = new WorldClock()
  const stores: SyncStore[] = []
  const linked: Linked[] = []
  try {
    const memory = newMemory()
    stores.push(await firstStore(world, template, skews[0]))
    for (const text of [0, 1]) await runStep(stores, world, { kind: 'command', store: 0, command: 'createCustomer', pick: 1, text, flag: false }, memory)
    for (let i = 1; i < 3; i++) stores.push(await joinStore(world, template, stores[0], i, skews[i]))
    const adminClient = await openHub(admin, admin.password)
    await prepareHub(adminClient)
    for (const store of stores) {
      const made = await createStoreCredentials(adminClient, store.name)
      const address = { host: admin.host, port: admin.port, database: admin.database, user: made.user, tls: 'off' as const }
      const joined = await store.call('hub:connect', { connection: { ...address, password: made.password }, joinAs: 'new' })
      if (!joined.ok) throw new Error(`join failed: ${JSON.stringify(joined.error)}`)
      linked.push({ store, address, password: made.password })
    }
    await adminClient.end()
    for (const step of steps) {
      if (step.kind === 'deliver') await exchange(linked, step, faultOf(step))
      else await runStep(stores, world, 'store' in step ? { ...step, store: step.store % stores.length } : step, memory)
    }
    for (const store of stores) store.skew = 0
    world.advance(60 * 60 * 1000)
    await roundsUntilQuiet(linked)
    const problems = [
      ...(await digestsDiffer(stores)),
      ...(await missingChanges(stores)),
      ...(await Promise.all(stores.map(cacheProblems))).flat(),
      ...(await Promise.all(stores.map(indexProblems))).flat(),
      ...(await erasedTraces(stores, memory.markers, memory.erased)),
      ...(await hubTraces(admin.database, memory.markers, memory.erased)),
    ]
    const statuses = await Promise.all(stores.map((s) => s.call('hub:status', {})))
    for (const s of statuses) if (!s.ok || s.data.waitingToSend || s.data.waiting || s.data.heldForClock) problems.push(`not quiet: ${JSON.stringify(s)}`)
    expect(problems).toEqual([])
  } finally {
    await closeAll(stores)
  }
}

const schedule = fc.tuple(fc.array(fc.integer({ min: -120_000, max: 120_000 }), { minLength: 3, maxLength: 3 }), fc.array(stepArbitrary(3), { minLength: 14, maxLength: 30 }))

describe('three stores through a PostgreSQL hub, under faults', () => {
  it(`end in the same state with no change lost (${RUNS} schedules)`, async () => {
    await fc.assert(
      fc.asyncProperty(schedule, async ([skews, steps]) => converge(skews, steps)),
      { numRuns: RUNS, seed: SEED, path: process.env.HUB_PATH, endOnFailure: true },
    )
  }, 600_000)
})
