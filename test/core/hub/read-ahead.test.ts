import pg from 'pg'
import { afterEach, expect, it, vi } from 'vitest'
import type { TestCore } from '../../support/core'
import { customerInput, joinHub, makeHub, useHubServer } from '../../support/hub/stores'

/**
 * A joining store asks the hub for the next page of its bulk join before it applies the one it
 * has: PostgreSQL finds it in its own process while SQLite writes this one, instead of each
 * waiting for the other (4 of 46 s of a 100,000-customer join). What a page and its position
 * commit together is unchanged; the convergence and crash tests hold that. An ordinary pull
 * must not read ahead: backroom.pull records the cursor it is given as the store's pulled
 * position, which compaction trusts to be applied and saved (found in review).
 */
const hub = useHubServer()
afterEach(() => vi.restoreAllMocks())

/** From the first page read on: each read of a page from the hub, each local commit. */
function readsAndCommits(store: TestCore): string[] {
  const order: string[] = []
  const query = pg.Client.prototype.query as (...args: unknown[]) => unknown
  vi.spyOn(pg.Client.prototype, 'query').mockImplementation(function (this: pg.Client, ...args: unknown[]) {
    const first = args[0] as string | { text?: string }
    const text = typeof first === 'string' ? first : (first?.text ?? '')
    if (/backroom\.(pull|join_state)\(/.test(text)) order.push('read')
    return query.apply(this, args)
  } as never)
  store.services.db.on('query', (q: { sql: string }) => {
    if (order.length > 0 && /^commit/i.test(q.sql)) order.push('commit')
  })
  return order
}

it('reads the next page while it applies the one before when joining, and never when pulling', async () => {
  const a = await hub.store()
  const admin = await makeHub(hub.pgs, a)
  await joinHub(a, admin, 'A')
  for (const firstName of ['Ana', 'Ben', 'Cleo', 'Dev', 'Eli']) await a.ok('customers:create', customerInput(a, { firstName }))
  await a.services.hub.round()

  // Pages of two rows: several pages to read.
  const b = await hub.store({ hub: { batchSize: 2 } })
  const joining = readsAndCommits(b)
  await joinHub(b, admin, 'B', 'new', a)
  await b.services.hub.round()
  expect((await b.services.db('customers').pluck('first_name')).sort()).toEqual(['Ana', 'Ben', 'Cleo', 'Dev', 'Eli'])
  // Read one ahead: the second page is asked for before the first commits.
  expect(joining.slice(0, 3)).toEqual(['read', 'read', 'commit'])
  vi.restoreAllMocks()

  for (const firstName of ['Fay', 'Gus', 'Hal']) await a.ok('customers:create', customerInput(a, { firstName }))
  await a.services.hub.round()
  const pulling = readsAndCommits(b)
  await b.services.hub.round()
  expect(await b.services.db('customers').whereIn('first_name', ['Fay', 'Gus', 'Hal']).count({ n: '*' }).first()).toEqual({ n: 3 })
  // A pull reads its next batch only once the one before is saved with its cursor.
  expect(pulling.slice(0, 4)).toEqual(['read', 'commit', 'read', 'commit'])
}, 60_000)
