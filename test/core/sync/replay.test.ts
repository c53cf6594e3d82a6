import { describe, expect, it } from 'vitest'
import { bulkInsertCustomers } from '../../../electron/core/customers/bulk'
import type { TestCore } from '../../support/core'
import { people } from '../customers/fixtures'
import { syncAll, WorldClock, useSyncStores } from '../../support/sync/cluster'
import { cacheProblems, digestsDiffer, indexProblems } from '../../support/sync/checks'

/**
 * The paths that write many rows at once (demo data, a large import) write the same entries
 * as the desk does: another store that has only the log ends with the very same tables.
 * The convergence test covers the desk's commands; this covers the bulk writers it does not run.
 */
const { stores, first: firstStore, join: joinStore } = useSyncStores()

describe('a store rebuilt from the log alone', () => {
  it.each([
    ['filled with demo data and customers imported row by row', true, undefined],
    ['whose customers came in a large import (indexes rebuilt once)', false, 50_000],
  ] as const)('matches a store %s', async (_label, demo, expectedRows) => {
    const world = new WorldClock()
    const a = await firstStore(world, 0)
    if (demo) expect((await a.call('demo:fill', {})).ok).toBe(true)
    const asTestCore = { services: a.core.services } as unknown as TestCore
    const imported = await bulkInsertCustomers(a.core.services, people(asTestCore, 40), { userId: null, expectedRows })
    expect(imported.inserted).toBe(40)

    const b = await joinStore(world, a, 1, 0)
    await syncAll(stores)
    expect(await b.core.services.db('customers').count({ n: '*' })).toEqual(await a.core.services.db('customers').count({ n: '*' }))
    expect(await digestsDiffer(stores)).toEqual([])
    expect(await cacheProblems(b)).toEqual([])
    expect(await indexProblems(b)).toEqual([])
  })
})
