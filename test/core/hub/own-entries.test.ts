import type pg from 'pg'
import { afterEach, expect, it } from 'vitest'
import { pendingCount, pushOwn } from '../../../electron/core/hub/exchange'
import { startSetUpCore, type TestCore } from '../../support/core'

/**
 * Every sync round counts the store's own entries waiting to be sent and pushes them. Found by
 * sequence alone (after the push cursor), that read every entry applied from other stores
 * since the last push: 100,000 of them made an empty round 67 ms. Both queries must search the
 * store's own entries by store, in change_log_by_store.
 */
let core: TestCore | undefined
afterEach(async () => {
  await core?.cleanup()
  core = undefined
})

async function plansOf(core: TestCore, run: () => Promise<unknown>): Promise<string[]> {
  const db = core.services.db
  const seen: { sql: string; bindings: unknown[] }[] = []
  const listen = (query: { sql: string; bindings: unknown[] }) => seen.push(query)
  db.on('query', listen)
  try {
    await run()
  } finally {
    db.off('query', listen)
  }
  const own = seen.filter((q) => /from [`"]?change_log[`"]?/i.test(q.sql))
  expect(own.length).toBeGreaterThan(0)
  const plans: string[] = []
  for (const q of own) {
    const rows: { detail: string }[] = await db.raw(`EXPLAIN QUERY PLAN ${q.sql}`, q.bindings as never[])
    plans.push(rows.map((r) => r.detail).join(' / '))
  }
  return plans
}

it('counts and pushes the store\'s own entries through the index by store, not every entry after the cursor', async () => {
  core = await startSetUpCore()
  const storeId = core.services.localStoreId()!
  const counted = await plansOf(core, () => pendingCount(core!.services.db, storeId, 0))
  // Past the last entry, pushOwn finds nothing and returns before it touches the hub.
  const pushed = await plansOf(core, () => pushOwn(core!.services.db, null as unknown as pg.Client, storeId, Number.MAX_SAFE_INTEGER, 500))
  for (const plan of [...counted, ...pushed]) expect(plan).toMatch(/USING (COVERING )?INDEX change_log_by_store/)
})
