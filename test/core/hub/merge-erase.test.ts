import { describe, expect, it } from 'vitest'
import { digestStores } from '../../support/hub/digest'
import { customerInput, joinHub, makeHub, useHubServer } from '../../support/hub/stores'

/**
 * A merge made at one store while another erased the merged-away customer, through the hub.
 * Every store keeps a merge's pointer (customers.merged_into) when it erases either side, so
 * the hub must too: it refused the pointer as "about an erased customer" and purged it, and the
 * stores ended different (found by the hub convergence property, seed 10 path 49).
 */
const server = useHubServer()

describe('merge and erase of the same customer at two stores', () => {
  it('ends with the same state at both stores, the pointer kept on the hub with nothing personal', async () => {
    const a = await server.store()
    const b = await server.store()
    const admin = await makeHub(server.pgs, a)
    await joinHub(a, admin, 'Store A')
    await joinHub(b, admin, 'Store B', 'new', a)
    const survivor = await a.ok('customers:create', customerInput(a, { firstName: 'Rosa', lastName: 'Keeps', email: 'rosa@example.org' }))
    const merged = await a.ok('customers:create', customerInput(a, { firstName: 'Rosa', lastName: 'Goes', email: 'rosa.goes@example.org' }))
    await a.services.hub.round()
    await b.services.hub.round()

    // A erases the second record and sends it; B, not yet told, merges it into the first.
    await a.ok('customers:erase', { id: merged.id })
    await a.services.hub.round()
    await b.ok('duplicates:merge', { survivorId: survivor.id, mergedId: merged.id, keep: {} })
    for (let i = 0; i < 3; i++) for (const core of [b, a]) await core.services.hub.round()

    expect(await digestStores([a, b])).toHaveLength(1)
    for (const core of [a, b]) expect(await core.services.db('customers').where({ id: merged.id }).first('merged_into')).toEqual({ merged_into: survivor.id })
    const hub = await server.pgs.adminClient(admin.database)
    const left = await hub.query(`SELECT op, field, value FROM backroom.entries WHERE row_id = $1`, [merged.id])
    await hub.end()
    expect(left.rows.filter((r) => r.op !== 'erase')).toEqual([{ op: 'update', field: 'merged_into', value: JSON.stringify(survivor.id) }])
    expect(JSON.stringify(left.rows)).not.toContain('Goes')
  }, 60_000)
})
