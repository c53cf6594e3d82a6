import { afterEach, describe, expect, it } from 'vitest'
import { addUser, changeLog, manualClock, startSetUpCore, type TestCore } from '../../support/core'
import { simpleSale } from '../../support/sales'
import { addShopper } from '../../support/shoppers'

let core: TestCore | undefined
afterEach(async () => {
  await core?.cleanup()
  core = undefined
})

const count = async (c: TestCore, table: string) => Number((await c.services.db(table).count({ n: '*' }).first())?.n)

describe('demo:fill', () => {
  it('fills an empty store with a year of customers, receipts, points and feedback that obey the store\'s rules', async () => {
    const clock = manualClock('2026-11-23T15:00:00.000Z')
    core = await startSetUpCore({ now: clock.now })
    const filled = await core.ok('demo:fill', {})
    expect(filled.customers).toBe(36)
    expect(filled.receipts).toBeGreaterThan(200)
    expect(filled.loyaltyEntries).toBeGreaterThan(100)
    expect(filled.feedback).toBeGreaterThan(5)
    expect(await count(core, 'customers')).toBe(filled.customers)
    expect(await count(core, 'receipts')).toBe(filled.receipts)
    expect(await count(core, 'loyalty_ledger')).toBe(filled.loyaltyEntries)
    expect(await count(core, 'feedback')).toBe(filled.feedback)

    const db = core.services.db
    // Every receipt adds up and is paid; nothing is dated after now; some sales were voided.
    const receipts = await db('receipts')
    for (const r of receipts) {
      const items = await db('receipt_items').where({ receipt_id: r.id })
      const payments = await db('receipt_payments').where({ receipt_id: r.id })
      expect(items.reduce((a, i) => a + i.line_total_minor, 0), r.number).toBe(r.total_minor)
      expect(r.subtotal_minor + r.tax_minor, r.number).toBe(r.total_minor)
      expect(payments.reduce((a, p) => a + p.amount_minor, 0) - r.change_minor, r.number).toBe(r.total_minor)
      expect(r.created_at <= clock.now().toISOString(), r.number).toBe(true)
    }
    expect(receipts.filter((r) => r.kind === 'void').length).toBeGreaterThan(0)
    // Numbers follow time: the sequence and the sale times go up together.
    const bySeq = [...receipts].sort((a, b) => a.seq - b.seq)
    expect(bySeq.map((r) => r.created_at)).toEqual([...bySeq.map((r) => r.created_at)].sort())

    // The cached balances equal the ledger sums, none negative; enrolled customers earned points.
    const balances = await db('customers as c')
      .leftJoin('loyalty_ledger as l', 'l.customer_id', 'c.id')
      .groupBy('c.id')
      .select('c.loyalty_points as cached', 'c.loyalty_enrolled as enrolled', db.raw('COALESCE(SUM(l.points), 0) AS ledger'))
    for (const b of balances) {
      expect(b.cached).toBe(Number(b.ledger))
      expect(b.cached).toBeGreaterThanOrEqual(0)
      if (!b.enrolled) expect(b.cached).toBe(0)
    }
    expect(balances.some((b) => b.cached > 0)).toBe(true)

    // Receipts are in the change log like any sale at the desk.
    expect((await changeLog(core, { table_name: 'receipts' })).length).toBeGreaterThan(0)

    // The metrics page has something real to show for a demo customer.
    const busiest = (await db('receipts').select('customer_id').groupBy('customer_id').orderByRaw('COUNT(*) DESC').first()) as { customer_id: string }
    const metrics = await core.ok('metrics:customer', { customerId: busiest.customer_id, period: 'custom', from: '2025-11-01', to: '2026-11-23' })
    expect(metrics.tiles.visits).toBeGreaterThan(5)
    expect(metrics.sales[0].saleAmountMinor).toBeGreaterThan(0)
    expect(metrics.sales[0].netSalesBars.some((b) => b.netSalesMinor > 0)).toBe(true)
    expect(metrics.history.rows.length).toBeGreaterThan(0)
  })

  it('refuses a store that already has customers, and changes nothing', async () => {
    core = await startSetUpCore()
    await addShopper(core)
    await core.ok('sales:create', simpleSale(null))
    const before = { receipts: await count(core, 'receipts'), log: (await changeLog(core)).length }
    expect(await core.call('demo:fill', {})).toMatchObject({ ok: false, error: { code: 'CONFLICT', message: expect.stringMatching(/empty store/) } })
    expect({ receipts: await count(core, 'receipts'), log: (await changeLog(core)).length }).toEqual(before)
  })

  it('refuses a store with sales but no customers: real receipts are never mixed with demo ones', async () => {
    core = await startSetUpCore()
    await core.ok('sales:create', simpleSale(null))
    expect(await core.call('demo:fill', {})).toMatchObject({ ok: false, error: { code: 'CONFLICT' } })
    expect(await count(core, 'customers')).toBe(0)
  })

  it('logs every demo customer in the change log, as sync will need', async () => {
    core = await startSetUpCore()
    await core.ok('demo:fill', {})
    const customers = await core.services.db('customers').select('id')
    const logged = new Set((await changeLog(core, { table_name: 'customers' })).map((e) => e.row_id))
    expect(customers.length).toBeGreaterThan(0)
    expect(customers.filter((c) => !logged.has(c.id))).toEqual([])
  })

  it('runs once: the second fill is refused', async () => {
    core = await startSetUpCore()
    await core.ok('demo:fill', {})
    expect(await core.call('demo:fill', {})).toMatchObject({ ok: false, error: { code: 'CONFLICT' } })
  })

  it('needs "Manage settings"', async () => {
    core = await startSetUpCore()
    const manager = await addUser(core, { role: 'manager' })
    expect(await core.call('demo:fill', {}, manager.session)).toMatchObject({ ok: false, error: { code: 'FORBIDDEN' } })
    expect(await count(core, 'customers')).toBe(0)
  })
})
