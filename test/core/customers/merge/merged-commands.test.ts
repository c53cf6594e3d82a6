import { afterEach, describe, expect, it } from 'vitest'
import type { CommandName } from '../../../../electron/contract'
import { OWNER, startSetUpCore, type TestCore } from '../../../support/core'
import { simpleSale } from '../../../support/sales'
import { addCustomer, rowCount } from '../fixtures'

/**
 * A command that names a merged customer (an old link, a screen opened before the merge) is
 * answered as the customer's page is: a read answers for the customer it was merged into (its
 * receipts, points and history are there now, and customers:get opens that one); a write is
 * refused with a clear typed error naming that customer, never "restore them first" (a merged
 * customer cannot be restored) and never INTERNAL. Edits of its fields land on the survivor, as
 * sync does for an edit made offline elsewhere.
 */
let core: TestCore | undefined
afterEach(async () => {
  await core?.cleanup()
  core = undefined
})

const ownerId = async (c: TestCore) => (await c.services.db('users').where({ username: OWNER.username }).first('id')).id as string

/** Maria (#1) stays; Mary, with a sale, points, feedback, a deal, an appointment and a visit, was merged into her. */
async function mergedPair(c: TestCore) {
  const owner = await ownerId(c)
  const maria = await addCustomer(c, { firstName: 'Maria', lastName: 'Lopez', phone: '(212) 555-0101', loyaltyEnrolled: true })
  const mary = await addCustomer(c, { firstName: 'Maria', lastName: 'Lopez', phone: '(212) 555-0199', loyaltyEnrolled: true })
  const sale = await c.ok('sales:create', simpleSale(mary.id, 4000))
  await c.ok('feedback:add', { customerId: mary.id, receiptId: sale.id, sentiment: 'positive', comment: 'Nice' })
  await c.ok('deals:create', { customerId: mary.id, assignedUserId: owner, note: 'Sofa' })
  await c.ok('appointments:schedule', { customerId: mary.id, date: '2099-01-15', time: '14:30', staffId: owner, note: 'Fitting' })
  await c.ok('visits:checkIn', { customerId: mary.id })
  await c.ok('customers:setFlag', { id: mary.id, flagged: true, reason: 'Bounced cheque' })
  await c.ok('duplicates:merge', { survivorId: maria.id, mergedId: mary.id, keep: {} })
  return { owner, maria, mary, sale }
}

const MERGED = 'This customer was merged into Maria Lopez (#1); open Maria Lopez instead'

describe('a command on a merged customer', () => {
  it('that writes is refused naming the customer it was merged into, and writes nothing', async () => {
    core = await startSetUpCore()
    const c = core
    const { owner, maria, mary } = await mergedPair(c)
    const other = await addCustomer(c, { firstName: 'Third' })
    const writes: [CommandName, unknown][] = [
      ['feedback:add', { customerId: mary.id, sentiment: 'negative', comment: 'Late' }],
      ['deals:create', { customerId: mary.id, assignedUserId: owner, note: 'Table' }],
      ['loyalty:adjust', { customerId: mary.id, direction: 'add', points: 5, reason: 'Sorry', approverId: owner, approverPin: OWNER.pin }],
      ['sales:create', simpleSale(mary.id, 1000)],
      ['appointments:schedule', { customerId: mary.id, date: '2099-02-01', time: '10:00', staffId: owner, note: '' }],
      ['visits:checkIn', { customerId: mary.id }],
      ['visits:checkOut', { customerId: mary.id }],
      ['customers:inactivate', { id: mary.id }],
      ['customers:restore', { id: mary.id }],
      ['customers:setFlag', { id: mary.id, flagged: false, reason: 'Paid' }],
      ['duplicates:merge', { survivorId: other.id, mergedId: mary.id, keep: {} }],
      ['duplicates:merge', { survivorId: mary.id, mergedId: other.id, keep: {} }],
    ]
    const log = await rowCount(c, 'change_log')
    // No field named: the feedback, deal and loyalty dialogs have no customer field to show it next to.
    for (const [name, input] of writes) expect(await c.call(name, input as never), name).toEqual({ ok: false, error: { code: 'CONFLICT', message: MERGED } })
    expect(await rowCount(c, 'change_log')).toBe(log)
    // Maria keeps the flag Mary brought (the un-flag from Mary's old screen did not clear it), and is still checked in.
    expect((await c.ok('customers:get', { id: maria.id })).flag).toMatchObject({ flagged: true, reason: 'Bounced cheque' })
    expect((await c.ok('visits:status', { customerId: maria.id })).visit).not.toBeNull()
    // The check-in button's question says the same.
    expect(await c.ok('visits:status', { customerId: mary.id })).toMatchObject({ canCheckIn: false, checkInRefusal: MERGED })
  })

  it('that reads answers for the customer it was merged into, as customers:get opens that one', async () => {
    core = await startSetUpCore()
    const c = core
    const { maria, mary, sale } = await mergedPair(c)
    const same = async (name: CommandName, input: (id: string) => unknown) => {
      const survivor = await c.ok(name, input(maria.id) as never)
      expect(await c.ok(name, input(mary.id) as never), name).toEqual(survivor)
      return survivor
    }
    const receipts = (await same('receipts:listForCustomer', (id) => ({ customerId: id }))) as { rows: { id: string }[] }
    expect(receipts.rows.map((r) => r.id)).toEqual([sale.id])
    expect(await same('loyalty:history', (id) => ({ customerId: id }))).toMatchObject({ balance: 40 })
    expect(((await same('feedback:listForCustomer', (id) => ({ customerId: id }))) as { rows: unknown[] }).rows).toHaveLength(1)
    expect(((await same('deals:listForCustomer', (id) => ({ customerId: id }))) as { deals: unknown[] }).deals).toHaveLength(1)
    expect(await same('appointments:list', (id) => ({ customerId: id }))).toHaveLength(1)
    expect(await same('metrics:customer', (id) => ({ customerId: id, period: 'thisYear' }))).toMatchObject({ customer: { id: maria.id, name: 'Maria Lopez' } })
    await same('metrics:customerTotals', (id) => ({ customerId: id }))
    await same('customers:history', (id) => ({ id }))
    expect(await same('customers:flagHistory', (id) => ({ id }))).not.toEqual([])
    const found = (await same('receipts:search', (id) => ({ customerId: id }))) as { rows: { id: string }[] }
    expect(found.rows.map((r) => r.id)).toEqual([sale.id])
  })

  it('that edits its fields (a form opened before the merge) changes the customer it was merged into, and answers that one', async () => {
    core = await startSetUpCore()
    const maria = await addCustomer(core, { firstName: 'Maria', lastName: 'Lopez', phone: '(212) 555-0101' })
    const mary = await addCustomer(core, { firstName: 'Maria', lastName: 'Lopez', phone: '(212) 555-0199' })
    const { id, customerNumber, photo, hasPassword, assignedStaff, stores, flag, loyaltyPoints, lastLoyaltyReason, active, erased, createdAt, updatedAt, ...opened } = mary
    await core.ok('duplicates:merge', { survivorId: maria.id, mergedId: mary.id, keep: {} })
    const saved = await core.ok('customers:update', { ...opened, id: mary.id, email: 'maria@example.com', loaded: opened })
    // Only the field changed on the form moves: Maria keeps her own phone.
    expect(saved).toMatchObject({ id: maria.id, email: 'maria@example.com', phone: '(212) 555-0101' })
    expect(await core.ok('customers:get', { id: maria.id })).toEqual(saved)
  })

  it('names the end of a chain of merges, and an ordinary inactive customer is still asked to be restored', async () => {
    core = await startSetUpCore()
    const c = core
    const first = await addCustomer(c, { firstName: 'Ann' })
    const second = await addCustomer(c, { firstName: 'Anne' })
    const third = await addCustomer(c, { firstName: 'Annie', lastName: 'Hall' })
    await c.ok('duplicates:merge', { survivorId: second.id, mergedId: first.id, keep: {} })
    await c.ok('duplicates:merge', { survivorId: third.id, mergedId: second.id, keep: {} })
    const message = 'This customer was merged into Annie Hall (#3); open Annie Hall instead'
    expect(await c.call('feedback:add', { customerId: first.id, sentiment: 'positive', comment: '' })).toMatchObject({ ok: false, error: { code: 'CONFLICT', message } })
    expect((await c.ok('loyalty:history', { customerId: first.id })).balance).toBe(0)

    const resting = await addCustomer(c, { firstName: 'Rest', lastName: 'Ing' })
    await c.ok('customers:inactivate', { id: resting.id })
    const asked = await c.call('deals:create', { customerId: resting.id, assignedUserId: await ownerId(c), note: '' })
    expect(asked).toMatchObject({ ok: false, error: { code: 'VALIDATION', message: 'This customer is inactive; restore them first' } })
  })
})
