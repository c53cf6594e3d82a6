import { describe, expect, it } from 'vitest'
import { bulkInsertCustomers } from '../../../electron/core/customers/bulk'
import { deferIndexes, MIN_ROWS } from '../../../electron/core/db/defer-indexes'
import type { TestCore } from '../../support/core'
import { people } from '../customers/fixtures'
import { syncAll, WorldClock, type SyncStore, useSyncStores } from '../../support/sync/cluster'
import { cacheProblems, digestsDiffer, indexProblems } from '../../support/sync/checks'
import { formOf } from '../../support/sync/steps'

/**
 * A batch larger than the table it lands in (a joining store) is applied with the secondary
 * indexes and full-text triggers set aside and built once after (db/defer-indexes.ts), and a
 * new row's later edits in the same batch are written into the row itself (apply-batch.ts).
 * The convergence test's batches are small: this one takes the large path.
 */
const { stores, first: firstStore, join: joinStore } = useSyncStores()

type SchemaRow = { type: string; name: string; sql: string }
const schemaOf = (store: SyncStore): Promise<SchemaRow[]> =>
  store.core.services.db('sqlite_master').whereIn('type', ['index', 'trigger']).whereNotNull('sql').orderBy('name').select('type', 'name', 'sql')

describe('a large batch', () => {
  it('ends with the same tables, indexes, triggers and search as the store it came from', { timeout: 240_000 }, async () => {
    const world = new WorldClock()
    const a = await firstStore(world, 0)
    const asTestCore = { services: a.core.services } as unknown as TestCore
    const count = MIN_ROWS + 200
    expect((await bulkInsertCustomers(a.core.services, people(asTestCore, count), { userId: null })).inserted).toBe(count)
    // Edits after the insert (folded into the new rows at the joining store): a name, and a nickname cleared.
    const ids: string[] = await a.core.services.db('customers').orderBy('customer_number').limit(3).pluck('id')
    for (const [i, id] of ids.entries()) {
      const detail = (await a.call('customers:get', { id })) as { ok: true; data: Parameters<typeof formOf>[0] }
      const edited = await a.call('customers:update', { ...formOf(detail.data), id, firstName: `Renamed${i}`, nickname: i === 0 ? 'Zed' : '', loaded: formOf(detail.data) })
      expect(edited.ok).toBe(true)
    }

    const b = await joinStore(world, a, 1, 0)
    await syncAll(stores)
    expect(await digestsDiffer(stores)).toEqual([])
    expect(await cacheProblems(b)).toEqual([])
    expect(await indexProblems(b)).toEqual([])
    expect(await schemaOf(b)).toEqual(await schemaOf(a))
    // The search finds an edited name and an untouched one through the rebuilt full-text index.
    const search = async (query: string) => {
      const answer = await b.call('customers:search', { query, status: 'all' })
      if (!answer.ok) throw new Error(JSON.stringify(answer.error))
      return answer.data.rows.map((c) => c.id)
    }
    expect(await search('Renamed1')).toEqual([ids[1]])
    expect(await search(`Imported${count - 1}`)).toHaveLength(1)
    expect(await b.core.services.db('customers').where({ id: ids[0] }).first('first_name', 'nickname', 'name_key')).toMatchObject({ first_name: 'Renamed0', nickname: 'Zed' })
  })

  it('leaves every index and trigger in place when the work fails', async () => {
    const world = new WorldClock()
    const a = await firstStore(world, 0)
    const before = await schemaOf(a)
    await expect(
      a.core.services.db.transaction((trx) =>
        deferIndexes(trx, 'customers', async () => {
          expect((await schemaOf({ ...a, core: { ...a.core, services: { ...a.core.services, db: trx } } } as SyncStore)).length).toBeLessThan(before.length)
          throw new Error('planted')
        }),
      ),
    ).rejects.toThrow('planted')
    expect(await schemaOf(a)).toEqual(before)
    await expect(deferIndexes(a.core.services.db, 'customers', async () => 1)).rejects.toThrow(/inside a transaction/)
  })

  it('keeps the index of merged customers, which every applied batch reads, while the others are aside', async () => {
    const world = new WorldClock()
    const a = await firstStore(world, 0)
    const names = (rows: SchemaRow[]) => rows.filter((r) => r.type === 'index').map((r) => r.name)
    await a.core.services.db.transaction((trx) =>
      deferIndexes(trx, 'customers', async () => {
        const during = names(await schemaOf({ ...a, core: { ...a.core, services: { ...a.core.services, db: trx } } } as SyncStore))
        expect(during).toContain('customers_merged_into')
        expect(during).not.toContain('customers_by_name')
        // Merge settling reads every merged customer by it: a search of the index, not of the table.
        const plan: { detail: string }[] = await trx.raw("EXPLAIN QUERY PLAN SELECT id, merged_into FROM customers WHERE merged_into IS NOT NULL")
        expect(plan.map((p) => p.detail).join(' ')).toMatch(/customers_merged_into/)
      }),
    )
  })
})
