import { afterEach, describe, expect, it } from 'vitest'
import type { CommandName } from '../../../electron/contract'
import { OWNER, startSetUpCore, type TestCore } from '../../support/core'
import { simpleSale } from '../../support/sales'
import { addCustomer, rowCount, searchIds } from './fixtures'

/**
 * An erased customer's page is gone: every part of it (receipts, points, feedback, deals,
 * appointments, flags, history, metrics) answers NOT_FOUND as customers:get does, and nothing
 * can be written about them ("restore them first" would be a lie: an erase is for good). Their
 * receipts stay in the store's books, found by receipts:search as "Erased customer".
 */
let core: TestCore | undefined
afterEach(async () => {
  await core?.cleanup()
  core = undefined
})

const NOT_FOUND = { ok: false, error: { code: 'NOT_FOUND', message: 'Customer was not found' } }

describe('an erased customer', () => {
  it('has no page left: every read of it answers as customers:get does', async () => {
    core = await startSetUpCore()
    const c = core
    const owner = (await c.services.db('users').where({ username: OWNER.username }).first('id')).id as string
    const erin = await addCustomer(c, { firstName: 'Erin', lastName: 'Erased', loyaltyEnrolled: true })
    const sale = await c.ok('sales:create', simpleSale(erin.id, 2500))
    await c.ok('feedback:add', { customerId: erin.id, receiptId: sale.id, sentiment: 'positive', comment: 'Lovely' })
    await c.ok('deals:create', { customerId: erin.id, assignedUserId: owner, note: 'Sofa' })
    await c.ok('appointments:schedule', { customerId: erin.id, date: '2099-01-15', time: '14:30', staffId: owner, note: '' })
    await c.ok('customers:erase', { id: erin.id })

    const reads: [CommandName, unknown][] = [
      ['customers:get', { id: erin.id }],
      ['customers:history', { id: erin.id }],
      ['customers:flagHistory', { id: erin.id }],
      ['receipts:listForCustomer', { customerId: erin.id }],
      ['loyalty:history', { customerId: erin.id }],
      ['feedback:listForCustomer', { customerId: erin.id }],
      ['deals:listForCustomer', { customerId: erin.id }],
      ['appointments:list', { customerId: erin.id }],
      ['metrics:customer', { customerId: erin.id, period: 'thisYear' }],
      ['metrics:customerTotals', { customerId: erin.id }],
    ]
    for (const [name, input] of reads) expect(await c.call(name, input as never), name).toEqual(NOT_FOUND)

    // Their receipt is still in the books, with no name on it, and they are in no list.
    const [row] = (await c.ok('receipts:search', { number: sale.number })).rows
    expect(row).toMatchObject({ id: sale.id, customer: { id: erin.id, name: 'Erased customer' } })
    for (const status of ['active', 'inactive', 'all'] as const) expect(await searchIds(c, { status }), status).toEqual([])
  })

  it('takes nothing new, and is not told to be restored', async () => {
    core = await startSetUpCore()
    const c = core
    const owner = (await c.services.db('users').where({ username: OWNER.username }).first('id')).id as string
    const erin = await addCustomer(c, { firstName: 'Erin', lastName: 'Erased', loyaltyEnrolled: true })
    const sale = await c.ok('sales:create', simpleSale(erin.id, 2500))
    await c.ok('customers:erase', { id: erin.id })
    const writes: [CommandName, unknown][] = [
      ['feedback:add', { customerId: erin.id, sentiment: 'negative', comment: 'Late' }],
      ['feedback:add', { customerId: null, receiptId: sale.id, sentiment: 'negative', comment: 'Late' }],
      ['deals:create', { customerId: erin.id, assignedUserId: owner, note: '' }],
      ['loyalty:adjust', { customerId: erin.id, direction: 'add', points: 5, reason: 'Sorry', approverId: owner, approverPin: OWNER.pin }],
      ['sales:create', simpleSale(erin.id, 1000)],
      ['appointments:schedule', { customerId: erin.id, date: '2099-02-01', time: '10:00', staffId: owner, note: '' }],
      ['visits:checkIn', { customerId: erin.id }],
      ['customers:restore', { id: erin.id }],
      ['customers:setFlag', { id: erin.id, flagged: true, reason: 'x' }],
    ]
    const log = await rowCount(c, 'change_log')
    for (const [name, input] of writes) expect(await c.call(name, input as never), name).toEqual(NOT_FOUND)
    expect(await rowCount(c, 'change_log')).toBe(log)
  })

  it('is among the gone customers:gone answers (drafts about them are removed); one never known here (a restored backup lacks them), a merged or an inactive one is not', async () => {
    core = await startSetUpCore()
    const c = core
    const [erin, ina, mary, maria] = await Promise.all(['Erin', 'Ina', 'Mary', 'Maria'].map((firstName) => addCustomer(c, { firstName, lastName: 'Test' })))
    await c.ok('customers:erase', { id: erin.id })
    await c.ok('customers:inactivate', { id: ina.id })
    await c.ok('duplicates:merge', { survivorId: maria.id, mergedId: mary.id, keep: {} })
    const unknown = '0190aaaa-0000-7000-8000-000000000001'
    const asked = [erin.id, ina.id, mary.id, maria.id, unknown, erin.id]
    expect(await c.ok('customers:gone', { ids: asked })).toEqual({ gone: [erin.id] })
    expect(await c.ok('customers:gone', { ids: [] })).toEqual({ gone: [] })
    // Bounded: more than a slice is refused before it reaches the database.
    const tooMany = await c.call('customers:gone', { ids: Array.from({ length: 201 }, () => unknown) })
    expect(tooMany).toMatchObject({ ok: false, error: { code: 'VALIDATION' } })
  })
})
