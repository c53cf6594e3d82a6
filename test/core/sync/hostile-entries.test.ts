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

type Command = 'customer' | 'sale' | 'user'
const TABLE: Record<Command, string> = { customer: 'customers', sale: 'receipts', user: 'users' }

/** Makes the command's row at B: a customer, a sale, or a user. */
async function make(b: SyncStore, command: Command): Promise<void> {
  const made =
    command === 'customer'
      ? await b.call('customers:create', { firstName: 'Ana', storeIds: [b.core.services.localStoreId()!] })
      : command === 'sale'
        ? await b.call('sales:create', { items: [{ name: 'Tea', quantity: 1, unitPriceMinor: 500 }], payments: [{ method: 'cash', amountMinor: 500 }] })
        : await b.call('users:create', { username: 'cleo', displayName: 'Cleo Clerk', role: 'staff', password: 'cleo password 1', pin: '1357' })
  expect(made.ok).toBe(true)
}

/** B's entry of `table` made by the command, the damaged copy as a new entry of its own, and what A then holds. */
async function refusedAtA(command: Command, damage: (entry: Raw) => Raw): Promise<void> {
  const [a, b] = await twoStores()
  await make(b, command)
  const table = TABLE[command]
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

/**
 * An edit of B's row as another entry, refused at A: the row keeps what B gave it. `edit` is
 * the entry's fields (op, field, value); the row is the one B's command made and A has.
 */
async function editRefusedAtA(command: Command, edit: Raw): Promise<void> {
  const [a, b] = await twoStores()
  await make(b, command)
  await syncAll(stores)
  const table = TABLE[command]
  const good = (await ownEntries(b)).filter((e) => e.table_name === table).at(-1) as unknown as Raw
  const before = await a.core.services.db(table).where({ id: good.row_id }).first()
  // A second after B's write: it would win by last writer wins.
  const hlc = `${String(Number((good.hlc as string).slice(0, 15)) + 1000).padStart(15, '0')}-000000-hostile`
  const bad = { ...good, id: randomUUID(), tx: randomUUID(), tx_size: 1, hlc, old_value: null, ...edit }

  const result = await applyEntries(a.core.services, [bad])
  expect(result).toMatchObject({ applied: 0, refused: 1, fallbacks: 0 })
  expect(await a.core.services.db('change_log').where({ id: bad.id })).toEqual([])
  expect(await a.core.services.db(table).where({ id: good.row_id }).first()).toEqual(before)
}

const long = (n: number) => 'x'.repeat(n)
const MEGA = 1_500_000

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

/**
 * Values beyond what the app's own commands write (the contract's maxima, sync/bounds.ts):
 * before, a store pushing a customer with a 1.5 MB first name had every other store apply it.
 * Each is refused and counted like a malformed entry, and the store goes on.
 */
describe('an entry from another store beyond the bounds of its fields', () => {
  const customers: [string, (entry: Raw) => Raw][] = [
    ['a first name of 1.5 MB', (e) => withValue(e, (v) => ({ ...v, first_name: long(MEGA) }))],
    // The form takes 80 characters.
    ['a first name one character too long', (e) => withValue(e, (v) => ({ ...v, first_name: long(81) }))],
    ['notes over 4,000 characters', (e) => withValue(e, (v) => ({ ...v, notes: long(4001) }))],
    ['a password hash of 10,000 characters', (e) => withValue(e, (v) => ({ ...v, password_hash: long(10_000) }))],
    ['a gender that is a paragraph', (e) => withValue(e, (v) => ({ ...v, gender: long(500) }))],
    ['a customer number that is not whole', (e) => withValue(e, (v) => ({ ...v, customer_number: 1.5 }))],
    ['a customer number below 1', (e) => withValue(e, (v) => ({ ...v, customer_number: -4 }))],
    ['a customer number as text', (e) => withValue(e, (v) => ({ ...v, customer_number: '12' }))],
    ['a last name that is a number', (e) => withValue(e, (v) => ({ ...v, last_name: 12 }))],
    ['an opt-in that is not yes or no', (e) => withValue(e, (v) => ({ ...v, sms_opt_in: 7 }))],
    ['51 stores', (e) => withValue(e, (v) => ({ ...v, customer_stores: Array.from({ length: 51 }, () => randomUUID()) }))],
    ['a store id of 1,000 characters', (e) => withValue(e, (v) => ({ ...v, customer_stores: [long(1000)] }))],
  ]
  for (const [name, damage] of customers) it(`is refused: a customer with ${name}`, () => refusedAtA('customer', damage))

  const sales: [string, (entry: Raw) => Raw][] = [
    ['an item name of 1.5 MB', (e) => withValue(e, (v) => ({ ...v, receipt_items: [{ ...(v.receipt_items as Raw[])[0], name: long(MEGA) }] }))],
    ['201 items', (e) => withValue(e, (v) => ({ ...v, receipt_items: Array.from({ length: 201 }, (_, i) => ({ ...(v.receipt_items as Raw[])[0], id: randomUUID(), position: i })) }))],
    ['a quantity that is not whole', (e) => withValue(e, (v) => ({ ...v, receipt_items: [{ ...(v.receipt_items as Raw[])[0], quantity: 0.5 }] }))],
    ['a total beyond what one receipt may hold', (e) => withValue(e, (v) => ({ ...v, total_minor: 10_000_000_001 }))],
    ['a total that is not a safe number', (e) => withValue(e, (v) => ({ ...v, total_minor: 2 ** 60 }))],
    ['a payment reference over 60 characters', (e) => withValue(e, (v) => ({ ...v, receipt_payments: [{ ...(v.receipt_payments as Raw[])[0], reference: long(61) }] }))],
    ['a void reason over 500 characters', (e) => withValue(e, (v) => ({ ...v, void_reason: long(501) }))],
    ['a currency that is not a code', (e) => withValue(e, (v) => ({ ...v, currency: 'DOLLARS' }))],
  ]
  for (const [name, damage] of sales) it(`is refused: a sale with ${name}`, () => refusedAtA('sale', damage))

  const users: [string, (entry: Raw) => Raw][] = [
    ['a name of 1.5 MB', (e) => withValue(e, (v) => ({ ...v, display_name: long(MEGA) }))],
    ['a PIN hash of 100,000 characters', (e) => withValue(e, (v) => ({ ...v, pin_hash: long(100_000) }))],
    ['permission overrides that are not an object of yes and no', (e) => withValue(e, (v) => ({ ...v, permission_overrides: 'null' }))],
    ['a role that is a paragraph', (e) => withValue(e, (v) => ({ ...v, role: long(300) }))],
  ]
  for (const [name, damage] of users) it(`is refused: a user with ${name}`, () => refusedAtA('user', damage))

  it("is refused: an edit of a customer's last name to 1.5 MB", () =>
    editRefusedAtA('customer', { op: 'update', field: 'last_name', value: JSON.stringify(long(MEGA)) }))
  // The old value is never applied, but every store keeps it in its log and shows it in the change history.
  it("is refused: an edit of a customer's last name whose old value is 1.5 MB", () =>
    editRefusedAtA('customer', { op: 'update', field: 'last_name', value: '"Silva"', old_value: JSON.stringify(long(MEGA)) }))
  it('is refused: a new customer with an old value (only an edit has one)', () => refusedAtA('customer', (e) => ({ ...e, old_value: JSON.stringify(long(1000)) })))
  it("is refused: an edit of a user's password hash to 100,000 characters", () =>
    editRefusedAtA('user', { op: 'update', field: 'password_hash', value: JSON.stringify(long(100_000)) }))
  it("is refused: an edit of a store's points per unit beyond 1,000", async () => {
    const [a, b] = await twoStores()
    const good = (await ownEntries(b)).find((e) => e.table_name === 'stores') as unknown as Raw
    const before = await a.core.services.db('stores').where({ id: good.row_id }).first()
    const bad = { ...good, id: randomUUID(), tx: randomUUID(), tx_size: 1, op: 'update', field: 'loyalty_points_per_unit', value: '1000000' }
    expect(await applyEntries(a.core.services, [bad])).toMatchObject({ applied: 0, refused: 1, fallbacks: 0 })
    expect(await a.core.services.db('stores').where({ id: good.row_id }).first()).toEqual(before)
  })
  // Append-only rows never change: a sale's total cannot be rewritten by an edit (the applier wrote it).
  it("is refused: an edit of a sale's total", () => editRefusedAtA('sale', { op: 'update', field: 'total_minor', value: '1' }))
  it('is refused: an edit that names no field', () => editRefusedAtA('customer', { op: 'update', field: null, value: '"Silva"' }))
  it("is refused: an erase whose tombstone's store id is 1.5 MB", () =>
    refusedAtA('customer', (e) => ({ ...e, op: 'erase', value: JSON.stringify({ store_id: long(MEGA), customer_number: 1, created_at: e.created_at, erased_at: e.created_at }) })))

  // A local column is every store's own (here the balance, a cache of the ledger): the batch wrote it before.
  it('changes nothing when an edit names a column the spec does not sync', async () => {
    const [a, b] = await twoStores()
    await make(b, 'customer')
    await syncAll(stores)
    const good = (await ownEntries(b)).filter((e) => e.table_name === 'customers').at(-1)!
    const before = await a.core.services.db('customers').where({ id: good.row_id }).first()
    const edit = { ...good, id: randomUUID(), tx: randomUUID(), tx_size: 1, op: 'update', field: 'loyalty_points', value: '1000000', old_value: null }
    // Taken (a newer app may sync a column this one does not know), as applyField takes it: not written.
    expect(await applyEntries(a.core.services, [edit])).toMatchObject({ applied: 1, refused: 0, fallbacks: 0 })
    expect(await a.core.services.db('customers').where({ id: good.row_id }).first()).toEqual(before)
  })

  it('waits, not refused, when it is of a newer schema version; refused once this version applies it', async () => {
    const [a, b] = await twoStores()
    await make(b, 'customer')
    const good = (await ownEntries(b)).filter((e) => e.table_name === 'customers').at(-1) as unknown as Raw
    const newer = withValue({ ...good, id: randomUUID(), tx: randomUUID(), tx_size: 1, row_id: randomUUID(), schema_version: 99 }, (v) => ({ ...v, first_name: long(MEGA) }))
    expect(await applyEntries(a.core.services, [newer])).toMatchObject({ applied: 0, refused: 0, waiting: { newer: 1 } })
    // The store updated to that version, as far as this entry goes: the inbox's copy is now judged.
    await a.core.services.db('sync_inbox').where({ id: newer.id }).update({ entry: JSON.stringify({ ...newer, schema_version: 2 }) })
    expect(await applyEntries(a.core.services, [])).toMatchObject({ applied: 0, refused: 1, fallbacks: 0 })
    expect(await a.core.services.db('sync_inbox')).toEqual([])
    expect(await a.core.services.db('customers').where({ id: newer.row_id })).toEqual([])
  })
})
