import type pg from 'pg'
import { openHub, type HubAddress } from '../../../electron/core/hub/connection'
import { customersOf, pushOwn } from '../../../electron/core/hub/exchange'
import { readLink } from '../../../electron/core/hub/link'
import { restart, type SyncStore, type WorldClock } from '../sync/cluster'
import type { Step } from '../sync/steps'
import { droppingCommit } from './faults'
import type { ApplyKiller } from './kill-apply'
import type { TestPostgres } from './server'

/**
 * The delivery steps of a sync schedule, turned into exchanges with the hub under faults, for the
 * convergence property (test/core/hub/convergence.test.ts).
 */
/** How long a late commit holds its push open while another store's round runs. */
const LATE_COMMIT_MS = 500

export const FAULTS = ['round', 'pullOnly', 'dropBefore', 'dropAfter', 'duplicate', 'lateCommit', 'restartHub', 'killApply'] as const
export type Fault = (typeof FAULTS)[number]
type Deliver = Extract<Step, { kind: 'deliver' }>

/**
 * The two costly faults (a PostgreSQL restart, a child process) come from a few delivery steps
 * (1 in 12 and 1 in 16): about a quarter of the schedules restart the hub and a sixth kill a
 * store mid-apply (48 and 31 of the default 200); the cheap faults share the rest.
 */
export function faultOf(step: Deliver): Fault {
  // HUB_FAULT=name: every delivery meets that fault (to look into one).
  if (process.env.HUB_FAULT) return process.env.HUB_FAULT as Fault
  // Not from `start`: fast-check's doubles lean to the edges (0 comes up in half the schedules).
  if (step.duplicates === 3 && step.shuffle % 3 === 1) return 'restartHub'
  if (step.duplicates === 2 && step.shuffle % 4 === 1) return 'killApply'
  return (['round', 'round', 'pullOnly', 'dropBefore', 'dropAfter', 'duplicate', 'lateCommit'] as const)[step.shuffle % 7]
}

export interface Linked {
  store: SyncStore
  address: HubAddress
  password: string
}

export interface FaultContext {
  pgs: TestPostgres
  world: WorldClock
  /** The child processes of the kill -9 fault (kill-apply.ts). */
  killer: ApplyKiller
  /** Hub connections the faults opened (ended at a hub restart and at the end). */
  open: pg.Client[]
  /** Kills that landed mid-round, and rounds that ended before their kill point. */
  kills: { killed: number; finished: number }
}

/** The store's hub address and password, as its link holds them. */
export async function linkOf(store: SyncStore): Promise<Linked> {
  const link = (await readLink(store.core.services.db))!
  return { store, address: link, password: store.secrets!.open(link.passwordSealed!) }
}

async function client(ctx: FaultContext, l: Linked): Promise<pg.Client> {
  const c = await openHub(l.address, l.password)
  ctx.open.push(c)
  return c
}

async function closeClient(c: pg.Client) {
  await c.end().catch(() => {})
}

async function ownPending(l: Linked) {
  const link = (await readLink(l.store.core.services.db))!
  return { storeId: l.store.core.services.localStoreId()!, seq: link.pushSeq }
}

export async function exchange(ctx: FaultContext, linked: Linked[], step: Deliver, fault: Fault): Promise<void> {
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
      const c = await client(ctx, from)
      const { storeId, seq } = await ownPending(from)
      await pushOwn(db, droppingCommit(c, fault === 'dropBefore' ? 'before' : 'after'), storeId, seq, 50).catch(() => {})
      return closeClient(c)
    }
    case 'duplicate': {
      // Two pushes of the same entries at once, and one of everything from the start.
      const [c1, c2] = [await client(ctx, from), await client(ctx, from)]
      const { storeId, seq } = await ownPending(from)
      await Promise.all([pushOwn(db, c1, storeId, seq, 40), pushOwn(db, c2, storeId, 0, 500)])
      await Promise.all([closeClient(c1), closeClient(c2)])
      return
    }
    case 'lateCommit': {
      // `from` writes first and commits last; `to` pushes and pulls meanwhile.
      const c = await client(ctx, from)
      const { storeId, seq } = await ownPending(from)
      const rows = await db('change_log').where({ store_id: storeId }).where('seq', '>', seq).whereNot({ op: 'legacy' }).orderBy('seq').limit(200)
        .select('id', 'tx', 'tx_size', 'op', 'table_name', 'row_id', 'field', 'value', 'old_value', 'hlc', 'store_id', 'user_id', 'created_at', 'schema_version')
      await c.query('BEGIN')
      // Each entry with its customer, as pushOwn sends it: with none, an erase pushed meanwhile could not purge it on the hub.
      const customers = await customersOf(db, rows)
      if (rows.length) await c.query('SELECT backroom.push($1::jsonb)', [JSON.stringify(rows.map((r, i) => ({ ...r, customer_id: customers[i] })))])
      // A push that erases waits for the pushes in flight (hub step 4): `to`'s round may wait for
      // this commit, so it commits once the round is done or has waited a while, not only after it.
      const round = to !== from ? to.store.core.services.hub.round() : Promise.resolve()
      await Promise.race([round, new Promise((resolve) => setTimeout(resolve, LATE_COMMIT_MS))])
      await c.query('COMMIT')
      await round
      return closeClient(c)
    }
    case 'restartHub':
      for (const c of ctx.open.splice(0)) await closeClient(c)
      await ctx.pgs.restart()
      return
    case 'killApply': {
      // The others push what they have; `to`'s round then runs in a child process killed by
      // SIGKILL in the middle of applying a pulled batch; the store is then opened again.
      for (const l of linked) if (l !== to) await l.store.core.services.hub.round()
      const store = to.store
      const killAt = 1 + (step.shuffle % 4)
      await restart(ctx.world, store, async () => {
        ctx.kills[await ctx.killer.run(store.dir, ctx.world.ms + store.skew, killAt)] += 1
      })
    }
  }
}
