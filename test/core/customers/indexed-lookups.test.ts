import { describe, expect, it } from 'vitest'
import type { Knex } from 'knex'
import { bulkInsertCustomers } from '../../../electron/core/customers/bulk'
import { captured, type Statement } from '../../bench/capture'
import { syncAll, useSyncStores, WorldClock, type SyncStore } from '../../support/sync/cluster'
import type { TestCore } from '../../support/core'
import { people, PNG } from './fixtures'
import { ok } from '../../support/answers'

/**
 * Usernames and gift card numbers are kept as claims keyed (kind, customer) and indexed by
 * (kind, value). A lookup that leaves the kind out reads the whole table: an import checked
 * each batch that way, so a million-customer import spent most of its SQLite time re-reading
 * the claims it had just written, and the applier and erase did the same. Every statement
 * that touches the claims while importing, applying another store's customers and erasing one
 * must find its rows through an index; so must the photos, asked whether another customer
 * still shows an erased customer's image.
 */
const { stores, first: firstStore, join: joinStore } = useSyncStores()

/** The plan lines of every statement on the claims or photos that read the table from end to end. */
async function claimScans(db: Knex, statements: Statement[]): Promise<string[]> {
  const scans: string[] = []
  for (const s of statements.filter((s) => /customer_claims|customer_photos/.test(s.sql))) {
    const plan: { detail: string }[] = await db.raw(`EXPLAIN QUERY PLAN ${s.sql}`, s.bindings as readonly Knex.Value[])
    for (const { detail } of plan) if (/^SCAN (customer_claims|customer_photos)\b/.test(detail)) scans.push(`${detail} ← ${s.sql}`)
  }
  return scans
}

const storeOf = (s: SyncStore) => s.core.services.localStoreId()!

describe('claims and photos are found through their indexes', () => {
  it('when importing, applying another store’s customers and erasing one with a photo', async () => {
    const world = new WorldClock()
    const a = await firstStore(world, 0)
    const b = await joinStore(world, a, 1, 0)
    await syncAll(stores)
    await ok(b.call('customers:create', { firstName: 'Held', username: 'held.here', giftCardNumber: 'GC-HELD', storeIds: [storeOf(b)] }))

    const rows = people(a.core as unknown as TestCore, 40, (i) => ({ username: `imported.${i}`, giftCardNumber: i % 2 ? `GC-${i}` : '' }))
    const importing = await captured(a.core.services.db, () => bulkInsertCustomers(a.core.services, rows, { userId: null }))
    expect(importing.some((s) => /customer_claims/.test(s.sql))).toBe(true)

    const applying = await captured(b.core.services.db, () => syncAll(stores))
    expect(await ok(b.call('customers:search', { query: 'imported.7', period: 'all' }))).toMatchObject({ total: 1 })

    const pictured = await ok(a.call('customers:create', { firstName: 'Pictured', username: 'pictured', photo: PNG, photoThumbnail: PNG, storeIds: [storeOf(a)] }))
    const erasing = await captured(a.core.services.db, () => ok(a.call('customers:erase', { id: pictured.id })))
    expect(erasing.some((s) => /customer_claims/.test(s.sql)) && erasing.some((s) => /customer_photos/.test(s.sql))).toBe(true)

    expect(await claimScans(a.core.services.db, importing)).toEqual([])
    expect(await claimScans(b.core.services.db, applying)).toEqual([])
    expect(await claimScans(a.core.services.db, erasing)).toEqual([])
  })
})
