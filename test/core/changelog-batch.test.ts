import { afterEach, describe, expect, it } from 'vitest'
import { insertTrackedRows } from '../../electron/core/db/changelog'
import { transact } from '../../electron/core/context'
import { newId } from '../../electron/core/ids'
import { changeLog, commandContext, startSetUpCore, type TestCore } from '../support/core'

let core: TestCore | undefined
afterEach(async () => {
  await core?.cleanup()
  core = undefined
})

describe('insertTrackedRows', () => {
  it('writes many rows and one insert entry per row, in chunks past SQLite\'s bound-value limit', async () => {
    core = await startSetUpCore()
    const storeId = core.services.localStoreId()!
    const owner = (await core.ok('auth:status', {})).user!
    const at = core.services.now().toISOString()
    // 3,000 rates × 7 columns = 21,000 values, and 3,000 log entries × 14 columns: both need chunks.
    const rates = Array.from({ length: 3000 }, (_, i) => ({
      id: newId(),
      store_id: storeId,
      name: `Rate ${i}`,
      rate_millipercent: i,
      active: i % 2 === 0,
      created_at: at,
      updated_at: at,
    }))
    const before = (await changeLog(core)).length
    await transact(commandContext(core, owner), storeId, (w) => insertTrackedRows(w, [{ table: 'tax_rates', rows: rates }]))
    expect(await core.services.db('tax_rates').count({ n: '*' }).first()).toEqual({ n: 3000 })
    const logged = (await changeLog(core, { table_name: 'tax_rates' })).filter((e) => e.row_id === rates[2999].id)
    // The synced columns (not the id, not updated_at), as insertTracked logs them.
    expect(logged.map((e) => [e.op, e.field, e.old_value, JSON.parse(e.value!)])).toEqual([
      ['insert', null, null, { store_id: storeId, name: 'Rate 2999', rate_millipercent: 2999, active: 0, created_at: at }],
    ])
    expect(new Set(logged.map((e) => e.user_id))).toEqual(new Set([owner.id]))
    expect((await changeLog(core)).length - before).toBe(3000)
  })

  it('writes nothing when a row fails: the caller\'s transaction rolls back every table', async () => {
    core = await startSetUpCore()
    const storeId = core.services.localStoreId()!
    const at = core.services.now().toISOString()
    const before = (await changeLog(core)).length
    const good = { id: newId(), store_id: storeId, name: 'Fine', rate_millipercent: 1, active: true, created_at: at, updated_at: at }
    const bad = { ...good, id: good.id } // the same primary key twice
    await expect(
      transact(commandContext(core), storeId, (w) => insertTrackedRows(w, [{ table: 'tax_rates', rows: [good, bad] }])),
    ).rejects.toThrow(/UNIQUE/)
    expect(await core.services.db('tax_rates').count({ n: '*' }).first()).toEqual({ n: 0 })
    expect((await changeLog(core)).length).toBe(before)
  })

  it('logs a receipt once, whole, with its items and payments inside its entry, and the points it earned in the same unit', async () => {
    core = await startSetUpCore()
    const customer = await core.ok('customers:create', { firstName: 'Ada', loyaltyEnrolled: true, storeIds: [core.services.localStoreId()!] })
    const before = await changeLog(core)
    const receipt = await core.ok('sales:create', {
      customerId: customer.id,
      items: [
        { name: 'Tea', quantity: 2, unitPriceMinor: 450, taxRateId: null },
        { name: 'Mug', quantity: 1, unitPriceMinor: 900, taxRateId: null },
      ],
      payments: [{ method: 'card', amountMinor: 1800, reference: '4242' }],
    })
    const added = (await changeLog(core)).slice(before.length)
    expect(added.map((e) => [e.op, e.table_name])).toEqual([
      ['append', 'receipts'],
      ['append', 'loyalty_ledger'],
    ])
    expect(new Set(added.map((e) => `${e.tx}/${e.tx_size}`)).size).toBe(1)
    const value = JSON.parse(added[0].value!)
    expect(added[0].row_id).toBe(receipt.id)
    expect(value).toMatchObject({ number: receipt.number, total_minor: 1800, customer_id: customer.id })
    expect(value.receipt_items.map((i: { name: string; quantity: number }) => [i.name, i.quantity])).toEqual([
      ['Tea', 2],
      ['Mug', 1],
    ])
    expect(value.receipt_payments).toEqual([{ id: expect.any(String), position: 0, method: 'card', amount_minor: 1800, reference: '4242' }])
  })
})
