import { afterEach, describe, expect, it } from 'vitest'
import { addUser, OWNER, startSetUpCore, type TestCore } from '../../../support/core'
import { simpleSale } from '../../../support/sales'
import { balances } from '../../../support/shoppers'
import { addCustomer, rowCount, searchIds } from '../fixtures'

let core: TestCore | undefined
afterEach(async () => {
  await core?.cleanup()
  core = undefined
})

const ownerId = async (c: TestCore) => (await c.services.db('users').where({ username: OWNER.username }).first('id')).id as string

/** Two records of the same person, each with a sale, points, a flag, feedback, a visit, a deal and an appointment. */
async function twoRecordsOfOnePerson(c: TestCore) {
  const owner = await ownerId(c)
  const survivor = await addCustomer(c, { firstName: 'Maria', lastName: 'Lopez', phone: '(212) 555-0101', email: 'maria@example.com', loyaltyEnrolled: true })
  const merged = await addCustomer(c, { firstName: 'María', lastName: 'López', phone: '(212) 555-0199', email: 'mlopez@example.org', city: 'Queens', loyaltyEnrolled: true })
  for (const [customer, price] of [
    [survivor, 2500],
    [merged, 4000],
  ] as const) {
    const sale = await c.ok('sales:create', simpleSale(customer.id, price))
    await c.ok('loyalty:adjust', { customerId: customer.id, direction: 'add', points: 7, reason: 'Welcome', approverId: owner, approverPin: OWNER.pin })
    await c.ok('feedback:add', { customerId: customer.id, receiptId: sale.id, sentiment: 'positive', comment: 'Nice' })
    await c.ok('visits:checkIn', { customerId: customer.id })
    await c.ok('deals:create', { customerId: customer.id, assignedUserId: owner, note: 'Sofa', alsoWhenOpen: true })
    // One staff member is not booked twice at one time: each record's fitting at its own.
    await c.ok('appointments:schedule', { customerId: customer.id, date: '2099-01-15', time: customer === survivor ? '14:30' : '15:30', staffId: owner, note: 'Fitting' })
  }
  await c.ok('customers:setFlag', { id: merged.id, flagged: true, reason: 'Paid with a bad cheque' })
  return { survivor, merged }
}

const HISTORY = ['receipts', 'loyalty_ledger', 'flag_events', 'feedback', 'visits', 'deals', 'deal_events', 'appointments', 'appointment_events']

async function rowsOf(c: TestCore, customerId: string): Promise<Record<string, string[]>> {
  const out: Record<string, string[]> = {}
  for (const table of HISTORY) out[table] = (await c.services.db(table).where({ customer_id: customerId }).pluck('id')).sort()
  return out
}

describe('merging two customers', () => {
  it('keeps every receipt, point, flag event, feedback, visit, deal and appointment of both on the survivor', async () => {
    core = await startSetUpCore()
    const { survivor, merged } = await twoRecordsOfOnePerson(core)
    const before = { s: await rowsOf(core, survivor.id), m: await rowsOf(core, merged.id) }
    const points = (await balances(core, survivor.id)).ledger + (await balances(core, merged.id)).ledger
    expect(before.m.receipts.length).toBeGreaterThan(0)

    await core.ok('duplicates:merge', { survivorId: survivor.id, mergedId: merged.id, keep: { city: 'merged', email: 'merged' } })

    const after = await rowsOf(core, survivor.id)
    for (const table of HISTORY.filter((t) => t !== 'flag_events')) expect(after[table], table).toEqual([...before.s[table], ...before.m[table]].sort())
    // The flag events of both, and the merge's own, writing the merged customer's flag again (keep-flag.ts).
    expect(after.flag_events).toEqual(expect.arrayContaining(before.m.flag_events))
    expect(after.flag_events).toHaveLength(before.s.flag_events.length + before.m.flag_events.length + 1)
    expect(await rowsOf(core, merged.id)).toEqual(Object.fromEntries(HISTORY.map((t) => [t, []])))
    // The balance is the sum of both ledgers, and the cache agrees.
    expect(await balances(core, survivor.id)).toEqual({ ledger: points, cached: points })
    const detail = await core.ok('customers:get', { id: survivor.id })
    expect(detail).toMatchObject({ firstName: 'Maria', city: 'Queens', email: 'mlopez@example.org', loyaltyPoints: points })
    // The merged customer's flag came with its events (the latest event decides).
    expect(detail.flag).toMatchObject({ flagged: true, reason: 'Paid with a bad cheque' })
  })

  it('keeps the survivor flagged when either was flagged, though the merged one was un-flagged later', async () => {
    core = await startSetUpCore()
    const survivor = await addCustomer(core, { firstName: 'Maria', lastName: 'Lopez', phone: '(212) 555-0101' })
    const merged = await addCustomer(core, { firstName: 'Maria', lastName: 'Lopez', phone: '+1 212 555 0101' })
    await core.ok('customers:setFlag', { id: survivor.id, flagged: true, reason: 'Bounced cheque, do not accept cheques' })
    await core.ok('customers:setFlag', { id: merged.id, flagged: true, reason: 'Rude' })
    // The merged customer's un-flag is the latest event of the two: it decided alone before.
    await core.ok('customers:setFlag', { id: merged.id, flagged: false, reason: 'Apologised' })
    await core.ok('duplicates:merge', { survivorId: survivor.id, mergedId: merged.id, keep: {} })
    expect((await core.ok('customers:get', { id: survivor.id })).flag).toMatchObject({ flagged: true, reason: 'Bounced cheque, do not accept cheques' })
    expect(await core.services.db('customers').where({ id: survivor.id }).first('flagged', 'flag_reason')).toEqual({ flagged: 1, flag_reason: 'Bounced cheque, do not accept cheques' })
    // A merge of two customers never flagged writes no flag.
    const plain = await addCustomer(core, { firstName: 'Bo', email: 'bo@x.com' })
    const other = await addCustomer(core, { firstName: 'Bo', email: 'BO@x.com' })
    await core.ok('duplicates:merge', { survivorId: plain.id, mergedId: other.id, keep: {} })
    expect(await core.services.db('flag_events').where({ customer_id: plain.id })).toEqual([])
  })

  it('leaves a tombstone that opens as the survivor, and its old phone and email find the survivor', async () => {
    core = await startSetUpCore()
    const { survivor, merged } = await twoRecordsOfOnePerson(core)
    await core.ok('duplicates:merge', { survivorId: survivor.id, mergedId: merged.id, keep: {} })
    const row = await core.services.db('customers').where({ id: merged.id }).first()
    expect(row).toMatchObject({ merged_into: survivor.id, active: 0 })
    expect((await core.ok('customers:get', { id: merged.id })).id).toBe(survivor.id)
    expect(await searchIds(core, { query: '555-0199' })).toEqual([survivor.id])
    expect(await searchIds(core, { query: 'mlopez' })).toEqual([survivor.id])
  })

  it('shows the change history of both customers on the survivor, and logs the merge', async () => {
    core = await startSetUpCore()
    const { survivor, merged } = await twoRecordsOfOnePerson(core)
    const fields = { firstName: 'María', lastName: 'López', phone: '(212) 555-0199', email: 'mlopez@example.org', city: 'Queens', loyaltyEnrolled: true }
    await core.ok('customers:update', { id: merged.id, ...fields, storeIds: [core.services.localStoreId()!], notes: 'Changed on the other record' })
    await core.ok('duplicates:merge', { survivorId: survivor.id, mergedId: merged.id, keep: { city: 'merged' } })
    const history = await core.ok('customers:history', { id: survivor.id })
    expect(history.some((h) => h.field === 'notes' && h.newValue === 'Changed on the other record')).toBe(true)
    expect(history.some((h) => h.field === 'city' && h.newValue === 'Queens')).toBe(true)
    expect(history.some((h) => h.field === 'active' && h.newValue === 'No')).toBe(true)
  })

  it('is refused without the permission, for the same customer twice, or for a customer merged already, and changes nothing', async () => {
    core = await startSetUpCore()
    const { survivor, merged } = await twoRecordsOfOnePerson(core)
    const other = await addCustomer(core, { firstName: 'Third' })
    const staff = await addUser(core, { role: 'staff' })
    const log = await rowCount(core, 'change_log')
    const denied = await core.call('duplicates:merge', { survivorId: survivor.id, mergedId: merged.id }, staff.session)
    expect(denied).toMatchObject({ ok: false, error: { code: 'FORBIDDEN' } })
    const same = await core.call('duplicates:merge', { survivorId: survivor.id, mergedId: survivor.id })
    expect(same).toMatchObject({ ok: false, error: { code: 'VALIDATION', fields: { mergedId: 'Choose two different customers' } } })
    const bad = await core.call('duplicates:merge', { survivorId: survivor.id, mergedId: 'not an id' })
    expect(bad).toMatchObject({ ok: false, error: { code: 'VALIDATION' } })
    const missing = await core.call('duplicates:merge', { survivorId: survivor.id, mergedId: '01900000-0000-7000-8000-0000000000ff' })
    expect(missing).toMatchObject({ ok: false, error: { code: 'NOT_FOUND' } })
    expect(await rowCount(core, 'change_log')).toBe(log)

    await core.ok('duplicates:merge', { survivorId: survivor.id, mergedId: merged.id })
    for (const [a, b] of [
      [other.id, merged.id],
      [merged.id, other.id],
    ]) {
      const again = await core.call('duplicates:merge', { survivorId: a, mergedId: b })
      expect(again).toMatchObject({ ok: false, error: { code: 'CONFLICT' } })
    }
    // A manager may merge by default; the permission can be taken away.
    const manager = await addUser(core, { role: 'manager' })
    expect((await core.call('duplicates:merge', { survivorId: survivor.id, mergedId: other.id }, manager.session)).ok).toBe(true)
  })

  it('refuses an inactive customer as the one that stays when the other is active, and changes nothing', async () => {
    core = await startSetUpCore()
    const survivor = await addCustomer(core, { firstName: 'Bo', email: 'bo@x.com' })
    const merged = await addCustomer(core, { firstName: 'Bo', email: 'BO@x.com' })
    await core.ok('customers:inactivate', { id: survivor.id })
    const log = await rowCount(core, 'change_log')
    // Before, the merge went through: the active Bo was merged away into an inactive one, and gone from every list.
    expect(await core.call('duplicates:merge', { survivorId: survivor.id, mergedId: merged.id, keep: {} })).toEqual({
      ok: false,
      error: { code: 'CONFLICT', message: 'The customer that stays is inactive: restore them first, or let the other customer stay', fields: { survivorId: 'This customer is inactive' } },
    })
    expect(await rowCount(core, 'change_log')).toBe(log)
    expect(await core.services.db('customers').where({ id: merged.id }).first('active', 'merged_into')).toEqual({ active: 1, merged_into: null })
    // The other way round is a merge like any: the active one stays.
    await core.ok('duplicates:merge', { survivorId: merged.id, mergedId: survivor.id, keep: {} })
    expect(await core.services.db('customers').where({ id: merged.id }).first('active')).toEqual({ active: 1 })
  })

  it('sends an edit saved later on the merged customer (a form opened before the merge) to the survivor', async () => {
    core = await startSetUpCore()
    const { survivor, merged } = await twoRecordsOfOnePerson(core)
    const loaded = await core.ok('customers:get', { id: merged.id })
    await core.ok('duplicates:merge', { survivorId: survivor.id, mergedId: merged.id })
    await core.ok('customers:update', { id: merged.id, firstName: loaded.firstName, storeIds: loaded.storeIds, city: 'Faro', loaded: { city: loaded.city } })
    expect(await core.services.db('customers').where({ id: survivor.id }).first()).toMatchObject({ city: 'Faro', first_name: 'Maria' })
  })

  it("keeps both customers' notes on the survivor, the other's after its own, and refuses rather than cut them", async () => {
    core = await startSetUpCore()
    const survivor = await addCustomer(core, { firstName: 'Maria', phone: '(212) 555-0101', notes: 'Prefers morning fittings' })
    const merged = await addCustomer(core, { firstName: 'Maria', phone: '+1 212 555 0101', notes: 'Allergic to latex\nAsk for Jo' })
    // Before, the merged customer's notes were gone unless picked, and then the survivor's were.
    await core.ok('duplicates:merge', { survivorId: survivor.id, mergedId: merged.id, keep: {} })
    expect((await core.ok('customers:get', { id: survivor.id })).notes).toBe('Prefers morning fittings\n\nAllergic to latex\nAsk for Jo')
    // Notes are not a choice any more: both are kept.
    const third = await addCustomer(core, { firstName: 'Maria', notes: 'Allergic to latex\nAsk for Jo' })
    expect(await core.call('duplicates:merge', { survivorId: survivor.id, mergedId: third.id, keep: { notes: 'merged' } } as never)).toMatchObject({ ok: false, error: { code: 'VALIDATION' } })
    // Notes the survivor has already (as whole paragraphs) are not written twice; a survivor without notes takes the other's.
    await core.ok('duplicates:merge', { survivorId: survivor.id, mergedId: third.id })
    expect((await core.ok('customers:get', { id: survivor.id })).notes).toBe('Prefers morning fittings\n\nAllergic to latex\nAsk for Jo')
    const bare = await addCustomer(core, { firstName: 'Bo' })
    const noted = await addCustomer(core, { firstName: 'Bo', notes: 'Pays by card only' })
    await core.ok('duplicates:merge', { survivorId: bare.id, mergedId: noted.id })
    expect((await core.ok('customers:get', { id: bare.id })).notes).toBe('Pays by card only')

    // Together longer than the notes can hold: refused, nothing written, the user is told to shorten them.
    const long = await addCustomer(core, { firstName: 'Long', notes: 'a'.repeat(3000) })
    const longer = await addCustomer(core, { firstName: 'Long', notes: 'b'.repeat(999) })
    const log = await rowCount(core, 'change_log')
    expect(await core.call('duplicates:merge', { survivorId: long.id, mergedId: longer.id })).toEqual({
      ok: false,
      error: {
        code: 'CONFLICT',
        message: "Together the two customers' notes are 4001 characters, more than the 4000 a customer's notes can hold. Shorten the notes of either customer first, then merge.",
        fields: { notes: '4001 characters together, at most 4000' },
      },
    })
    expect(await rowCount(core, 'change_log')).toBe(log)
    expect(await core.services.db('customers').where({ id: longer.id }).first('merged_into', 'notes')).toEqual({ merged_into: null, notes: 'b'.repeat(999) })
    // Exactly the most the notes hold goes through.
    await core.ok('customers:update', { id: longer.id, firstName: 'Long', storeIds: longer.storeIds, notes: 'b'.repeat(998) })
    await core.ok('duplicates:merge', { survivorId: long.id, mergedId: longer.id })
    expect((await core.ok('customers:get', { id: long.id })).notes).toBe(`${'a'.repeat(3000)}\n\n${'b'.repeat(998)}`)
  })

  it('keeps the staff of both, and asks whom to keep when together they are more than a customer can have', async () => {
    core = await startSetUpCore()
    const ana = await addUser(core, { role: 'staff', username: 'ana' })
    const ben = await addUser(core, { role: 'staff', username: 'ben' })
    const cy = await addUser(core, { role: 'staff', username: 'cyd' })
    const [a, b, c] = [ana, ben, cy].map((s) => s.user.id)
    // Together two: both kept, no choice needed.
    const one = await addCustomer(core, { firstName: 'Maria', assignedStaffIds: [a] })
    const two = await addCustomer(core, { firstName: 'Maria', assignedStaffIds: [b] })
    await core.ok('duplicates:merge', { survivorId: one.id, mergedId: two.id })
    expect((await core.ok('customers:get', { id: one.id })).assignedStaffIds).toEqual([a, b])

    // Together three: before, the merged customer's Cy was dropped without a word.
    const survivor = await addCustomer(core, { firstName: 'Sam', assignedStaffIds: [a, b] })
    const merged = await addCustomer(core, { firstName: 'Sam', assignedStaffIds: [c] })
    const outsider = (await addUser(core, { role: 'staff' })).user.id
    const log = await rowCount(core, 'change_log')
    const names = [ana, ben, cy].map((s) => s.user.displayName).join(', ')
    expect(await core.call('duplicates:merge', { survivorId: survivor.id, mergedId: merged.id })).toEqual({
      ok: false,
      error: {
        code: 'VALIDATION',
        message: `Together these customers have 3 assigned staff (${names}) and a customer can have at most 2: choose whom to keep`,
        fields: { assignedStaffIds: `Choose at most 2 of ${names}` },
      },
    })
    // Only staff of the two can be chosen, and at most two.
    expect(await core.call('duplicates:merge', { survivorId: survivor.id, mergedId: merged.id, assignedStaffIds: [a, outsider] })).toMatchObject({ ok: false, error: { code: 'VALIDATION', fields: { assignedStaffIds: 'Choose from the staff of the two customers' } } })
    expect(await core.call('duplicates:merge', { survivorId: survivor.id, mergedId: merged.id, assignedStaffIds: [a, b, c] })).toMatchObject({ ok: false, error: { code: 'VALIDATION' } })
    expect(await rowCount(core, 'change_log')).toBe(log)
    // The user's choice decides: Ben is no longer assigned, Cy is.
    await core.ok('duplicates:merge', { survivorId: survivor.id, mergedId: merged.id, assignedStaffIds: [c, a] })
    expect((await core.ok('customers:get', { id: survivor.id })).assignedStaffIds).toEqual([a, c])
    const history = await core.ok('customers:history', { id: survivor.id })
    expect(history.some((h) => h.field === 'assignedStaffIds')).toBe(true)
  })

  it('moves a gift card number and a username only as chosen or when the survivor has none', async () => {
    core = await startSetUpCore()
    const survivor = await addCustomer(core, { firstName: 'Sam' })
    const merged = await addCustomer(core, { firstName: 'Samuel', username: 'samuel', password: 'a long password', giftCardNumber: 'GC-77' })
    await core.ok('duplicates:merge', { survivorId: survivor.id, mergedId: merged.id, keep: { giftCardNumber: 'merged' } })
    expect(await core.ok('customers:get', { id: survivor.id })).toMatchObject({ username: 'samuel', giftCardNumber: 'GC-77', hasPassword: true })
    expect(await core.services.db('customers').where({ id: merged.id }).first()).toMatchObject({ username: null, gift_card_number: null })
  })
})
