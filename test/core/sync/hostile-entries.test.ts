import { randomUUID } from 'node:crypto'
import { describe, expect, it } from 'vitest'
import { applyEntries } from '../../../electron/core/sync/apply'
import { ownEntries, syncAll, WorldClock, type SyncStore, useSyncStores } from '../../support/sync/cluster'

/**
 * Entries a damaged or hostile store could put on the hub: each is refused as malformed and
 * changes nothing, and the store goes on applying what comes after. Before, a value that was not
 * JSON (or a sale's items that were not a list) threw while the applier planned: the pull failed
 * at every round, and one such entry stopped the sync of every store that pulled it.
 */
const { stores, first: firstStore, join: joinStore } = useSyncStores()

async function twoStores(): Promise<[SyncStore, SyncStore]> {
  const world = new WorldClock()
  const a = await firstStore(world, 0)
  const b = await joinStore(world, a, 1, 0)
  await syncAll(stores)
  return [a, b]
}

type Raw = Record<string, unknown>
const withValue = (entry: Raw, change: (value: Raw) => unknown): Raw => ({ ...entry, value: JSON.stringify(change(JSON.parse(entry.value as string))) })

/** B's entry of `table` made by the command, the damaged copy as a new entry of its own, and what A then holds. */
async function refusedAtA(command: 'customer' | 'sale', damage: (entry: Raw) => Raw): Promise<void> {
  const [a, b] = await twoStores()
  const made =
    command === 'customer'
      ? await b.call('customers:create', { firstName: 'Ana', storeIds: [b.core.services.localStoreId()!] })
      : await b.call('sales:create', { items: [{ name: 'Tea', quantity: 1, unitPriceMinor: 500 }], payments: [{ method: 'cash', amountMinor: 500 }] })
  expect(made.ok).toBe(true)
  const table = command === 'customer' ? 'customers' : 'receipts'
  const good = (await ownEntries(b)).filter((e) => e.table_name === table).at(-1) as unknown as Raw
  const bad = damage({ ...good, id: randomUUID(), tx: randomUUID(), tx_size: 1, row_id: randomUUID() })

  const result = await applyEntries(a.core.services, [bad])
  expect(result).toMatchObject({ applied: 0, refused: 1, fallbacks: 0 })
  expect(await a.core.services.db('change_log').where({ id: bad.id })).toEqual([])
  expect(await a.core.services.db('sync_inbox')).toEqual([])
  expect(await a.core.services.db(table).where({ id: bad.row_id })).toEqual([])
  // The store goes on: B's own entries apply.
  await syncAll(stores)
  expect(await a.core.services.db(table).where({ id: good.row_id })).toHaveLength(1)
}

describe('a malformed entry from another store', () => {
  const customers: [string, (entry: Raw) => Raw][] = [
    ['a value that is not JSON', (e) => ({ ...e, value: '{"first_name": "Ana"' })],
    ['a row that is a number', (e) => ({ ...e, value: '123' })],
    ['a row that is a list', (e) => ({ ...e, value: '[1, 2]' })],
    ['a row that is null', (e) => ({ ...e, value: 'null' })],
    ['a field that is an object', (e) => withValue(e, (v) => ({ ...v, first_name: { a: 1 } }))],
    ["a customer's stores that are not a list of ids", (e) => withValue(e, (v) => ({ ...v, customer_stores: 'x' }))],
    ['an old value that is not JSON', (e) => ({ ...e, old_value: '{' })],
  ]
  for (const [name, damage] of customers) it(`is refused: a customer with ${name}`, () => refusedAtA('customer', damage))

  const sales: [string, (entry: Raw) => Raw][] = [
    ["items that are a number", (e) => withValue(e, (v) => ({ ...v, receipt_items: 5 }))],
    ['an item that is null', (e) => withValue(e, (v) => ({ ...v, receipt_items: [null] }))],
    ['an item with a nested object', (e) => withValue(e, (v) => ({ ...v, receipt_items: [{ ...(v.receipt_items as Raw[])[0], name: ['Tea'] }] }))],
    ['a customer that is an object', (e) => withValue(e, (v) => ({ ...v, customer_id: { id: 'x' } }))],
  ]
  for (const [name, damage] of sales) it(`is refused: a sale with ${name}`, () => refusedAtA('sale', damage))

  it('is refused: an edit whose value is a list', () => refusedAtA('customer', (e) => ({ ...e, op: 'update', field: 'last_name', value: '["Silva"]' })))
})
