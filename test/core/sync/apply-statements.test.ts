import { describe, expect, it } from 'vitest'
import { captured } from '../../bench/capture'
import { ok } from '../../support/answers'
import { deliver, syncAll, useSyncStores, WorldClock } from '../../support/sync/cluster'

/**
 * An apply's fixed statements: every hub round applies what it pulled, most rounds a few
 * entries, so what an apply asks whatever it brings is paid again and again.
 */
const { stores, first, join } = useSyncStores()

describe('an apply that leaves nothing waiting', () => {
  it('asks once whether erases took entries, and does not count the empty inbox', async () => {
    const world = new WorldClock()
    const a = await first(world, 0)
    const b = await join(world, a, 1, 0)
    await syncAll(stores)
    await ok(a.call('customers:create', { firstName: 'Ana', storeIds: [a.core.services.localStoreId()!] }))
    let result: Awaited<ReturnType<typeof deliver>> | undefined
    const statements = await captured(b.core.services.db, async () => (result = await deliver(a, b, { all: true })))
    expect(result).toMatchObject({ applied: expect.any(Number), waiting: { incomplete: 0, waiting: 0, ahead: 0, newer: 0, failed: 0 } })
    expect(result!.applied).toBeGreaterThan(0)
    // The plan that found the units ready asks; the one after, with nothing left, does not.
    expect(statements.filter((s) => /erased_units/.test(s.sql))).toHaveLength(1)
    expect(statements.filter((s) => /sync_inbox.*group by/i.test(s.sql))).toEqual([])
  })
})
