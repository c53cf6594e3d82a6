import { afterEach, describe, expect, it } from 'vitest'
import { addUser, changeLog, manualClock, startSetUpCore, type TestCore } from '../../support/core'
import { addTaxRate, salesRowCounts, simpleSale } from '../../support/sales'
import { salesAtAnotherStore } from '../../support/sync/foreign'

let core: TestCore | undefined
afterEach(async () => {
  await core?.cleanup()
  core = undefined
})

describe('tax rates', () => {
  it('creates, lists (active first) and changes rates; only a settings manager may', async () => {
    core = await startSetUpCore()
    const state = await addTaxRate(core, 'State tax', 8.875)
    const food = await addTaxRate(core, 'Food', 2.25)
    expect(state).toMatchObject({ name: 'State tax', ratePercent: 8.875, active: true })
    await core.ok('taxRates:save', { ...food, active: false })
    expect((await core.ok('taxRates:list', {})).map((r) => [r.name, r.active])).toEqual([
      ['State tax', true],
      ['Food', false],
    ])
    const clerk = await addUser(core, { role: 'manager' })
    expect(await core.call('taxRates:save', { id: null, name: 'Sneaky', ratePercent: 1 }, clerk.session)).toMatchObject({
      ok: false,
      error: { code: 'FORBIDDEN' },
    })
    expect(await core.call('taxRates:save', { id: null, name: 'Odd', ratePercent: 1.2345 })).toMatchObject({
      ok: false,
      error: { code: 'VALIDATION', fields: { ratePercent: 'At most three decimals' } },
    })
  })
})

describe('ringing up a sale', () => {
  it('prices lines with per-line tax, takes a split payment with change, numbers the receipt and logs every row', async () => {
    core = await startSetUpCore({ now: manualClock('2026-11-23T15:00:00.000Z').now })
    const state = await addTaxRate(core)
    const receipt = await core.ok('sales:create', {
      customerId: null,
      items: [
        { name: 'Coffee beans', quantity: 2, unitPriceMinor: 1299, taxRateId: state.id },
        { name: 'Gift wrap', quantity: 1, unitPriceMinor: 40, taxRateId: state.id },
        { name: 'Postcard', quantity: 3, unitPriceMinor: 150, taxRateId: null },
      ],
      payments: [
        { method: 'card', amountMinor: 2000, reference: '4242' },
        { method: 'cash', amountMinor: 2000 },
      ],
    })
    // 2598 × 8.875 % = 230.57 → 231; 40 × 8.875 % = 3.55 → 4 (half away from zero).
    expect(receipt).toMatchObject({
      number: 'CS-000001',
      kind: 'sale',
      storeName: 'Corner Shop',
      currency: 'USD',
      customer: null,
      cashier: 'Olivia Owner',
      subtotalMinor: 3088,
      taxMinor: 235,
      totalMinor: 3323,
      paidMinor: 4000,
      changeMinor: 677,
      localDate: '2026-11-23',
      createdAt: '2026-11-23T15:00:00.000Z',
      voidedBy: null,
      voids: null,
    })
    expect(receipt.items.map((i) => [i.name, i.lineSubtotalMinor, i.taxRatePercent, i.taxMinor, i.lineTotalMinor])).toEqual([
      ['Coffee beans', 2598, 8.875, 231, 2829],
      ['Gift wrap', 40, 8.875, 4, 44],
      ['Postcard', 450, null, 0, 450],
    ])
    expect(receipt.taxes).toEqual([{ name: 'State tax', ratePercent: 8.875, taxableMinor: 2638, taxMinor: 235 }])
    expect(receipt.payments).toEqual([
      { method: 'card', amountMinor: 2000, reference: '4242', points: null },
      { method: 'cash', amountMinor: 2000, reference: null, points: null },
    ])
    expect(await core.ok('receipts:get', { id: receipt.id })).toEqual(receipt)

    // The receipt is in the change log, its items and payments inside its entry.
    const [entry] = await changeLog(core, { table_name: 'receipts', row_id: receipt.id })
    expect(JSON.parse(entry.value!)).toMatchObject({ receipt_items: expect.any(Array), receipt_payments: expect.any(Array) })
    expect(await core.ok('sales:create', simpleSale(null))).toMatchObject({ number: 'CS-000002' })
    // The owner's prefix replaces the initials; the sequence goes on.
    await core.ok('settings:update', { ...(await core.ok('settings:get', {})), receiptPrefix: 'N2' })
    expect(await core.ok('sales:create', simpleSale(null))).toMatchObject({ number: 'N2-000003' })
  })

  it('puts a 23:30 sale on the store-local day, not the UTC one', async () => {
    // 23:30 on 31 January in New York is 04:30 on 1 February UTC.
    core = await startSetUpCore({ now: manualClock('2026-02-01T04:30:00.000Z').now })
    expect(await core.ok('sales:create', simpleSale(null))).toMatchObject({ localDate: '2026-01-31' })
  })

  it.each([
    ['payments that fall short', { payments: [{ method: 'card' as const, amountMinor: 999 }] }, 'payments', /\$0\.01 short/],
    ['a card paying more than the total', { payments: [{ method: 'card' as const, amountMinor: 1001 }] }, 'payments', /Only cash/],
    [
      'a tax rate that is not the store\'s',
      { items: [{ name: 'Pen', quantity: 1, unitPriceMinor: 1000, taxRateId: '01900000-0000-7000-8000-000000000001' }] },
      'items.0.taxRateId',
      /tax rates/,
    ],
  ])('refuses %s on the field, and writes nothing', async (_label, patch, field, message) => {
    core = await startSetUpCore()
    const before = await salesRowCounts(core)
    const result = await core.call('sales:create', { ...simpleSale(null), ...patch })
    expect(result).toMatchObject({ ok: false, error: { code: 'VALIDATION' } })
    if (!result.ok) expect(result.error.fields?.[field]).toMatch(message)
    expect(await salesRowCounts(core)).toEqual(before)
  })

  it('refuses an inactive tax rate, and a customer that does not exist', async () => {
    core = await startSetUpCore()
    const rate = await addTaxRate(core)
    await core.ok('taxRates:save', { ...rate, active: false })
    const sale = simpleSale(null)
    sale.items[0].taxRateId = rate.id
    expect(await core.call('sales:create', sale)).toMatchObject({ ok: false, error: { fields: { 'items.0.taxRateId': expect.any(String) } } })
    expect(await core.call('sales:create', simpleSale('01900000-0000-7000-8000-000000000002'))).toMatchObject({
      ok: false,
      error: { code: 'NOT_FOUND' },
    })
  })

  it('refuses a sale whose total came out otherwise than the screen showed (a rate changed meanwhile), writing nothing', async () => {
    core = await startSetUpCore()
    const rate = await addTaxRate(core, 'VAT', 20)
    const sale = { ...simpleSale(null, 1000), expectedTotalMinor: 1200 }
    sale.items[0].taxRateId = rate.id
    sale.payments[0] = { ...sale.payments[0], method: 'cash', amountMinor: 2000 }
    await core.ok('taxRates:save', { ...rate, ratePercent: 21 })
    const before = await salesRowCounts(core)
    expect(await core.call('sales:create', sale)).toEqual({
      ok: false,
      error: { code: 'CONFLICT', message: 'The total is $12.10 now, not $12.00: a tax rate changed since this sale was started. Tell the customer the new total, then complete the sale again.' },
    })
    expect(await salesRowCounts(core)).toEqual(before)
    expect(await core.ok('sales:create', { ...sale, expectedTotalMinor: 1210 })).toMatchObject({ totalMinor: 1210, changeMinor: 790 })
    // A sale past 1,000,000,000 minor units (a $15,000,000 one) still takes its total: a receipt holds up to $100,000,000.
    const card = { method: 'card' as const, amountMinor: 750_000_000 }
    const big = { ...simpleSale(null, 150_000_000, 10), payments: [card, card], expectedTotalMinor: 1_500_000_000, requestId: '01900000-0000-7000-8000-0000000b1650' }
    const first = await core.ok('sales:create', big)
    expect(first).toMatchObject({ totalMinor: 1_500_000_000 })
    // A draft saved before the check existed, sent again after it: the same sale (its receipt), not "changed".
    expect(await core.ok('sales:create', { ...big, expectedTotalMinor: null })).toMatchObject({ id: first.id })
  })

  it('keeps the tax rate a receipt was sold with when the rate changes later', async () => {
    core = await startSetUpCore()
    const rate = await addTaxRate(core, 'VAT', 20)
    const sale = simpleSale(null, 1000)
    sale.items[0].taxRateId = rate.id
    sale.payments[0].amountMinor = 1200
    const receipt = await core.ok('sales:create', sale)
    await core.ok('taxRates:save', { ...rate, name: 'VAT (new)', ratePercent: 21 })
    expect((await core.ok('receipts:get', { id: receipt.id })).taxes).toEqual([{ name: 'VAT', ratePercent: 20, taxableMinor: 1000, taxMinor: 200 }])
  })
})

describe('voids', () => {
  it('writes a reversing receipt with its own number; the sale stays as it was and shows the void', async () => {
    const clock = manualClock('2026-11-20T22:00:00.000Z')
    // The clock jumps by hours or days between this session's commands: main's idle lock (lock.test.ts) stays off.
    core = await startSetUpCore({ now: clock.now, idleLock: false })
    const sale = await core.ok('sales:create', { ...simpleSale(null, 1500), payments: [{ method: 'cash', amountMinor: 2000 }] })
    const rowBefore = await core.services.db('receipts').where({ id: sale.id }).first()
    clock.advance(3 * 86_400_000)
    const { original, reversal } = await core.ok('sales:void', { receiptId: sale.id, reason: 'Rung up twice' })
    expect(reversal).toMatchObject({
      number: 'CS-000002',
      kind: 'void',
      voids: { id: sale.id, number: 'CS-000001' },
      voidReason: 'Rung up twice',
      // It counts on the sale's day, so the sale nets to zero wherever it is summed.
      localDate: sale.localDate,
      createdAt: '2026-11-23T22:00:00.000Z',
      subtotalMinor: -1500,
      totalMinor: -1500,
      paidMinor: -2000,
      changeMinor: -500,
    })
    expect(reversal.items[0]).toMatchObject({ quantity: -1, lineTotalMinor: -1500 })
    expect(reversal.payments).toEqual([{ method: 'cash', amountMinor: -2000, reference: null, points: null }])
    expect(original).toEqual({ ...sale, voidedBy: { id: reversal.id, number: 'CS-000002', createdAt: reversal.createdAt, by: 'Olivia Owner' } })
    expect(await core.services.db('receipts').where({ id: sale.id }).first()).toEqual(rowBefore)
  })

  it('says on a receipt whether this store issued it: only its issuer voids it, and another store’s is refused in words', async () => {
    core = await startSetUpCore()
    const own = await core.ok('sales:create', simpleSale(null, 1500))
    expect(own.issuedHere).toBe(true)
    expect((await core.ok('receipts:get', { id: own.id })).issuedHere).toBe(true)
    const [theirs] = await salesAtAnotherStore(core, { name: 'Tokyo Annex', currency: 'USD', timeZone: 'Asia/Tokyo' }, [simpleSale(null, 2500)])
    expect(theirs!.issuedHere).toBe(true)
    expect(await core.ok('receipts:get', { id: theirs!.id })).toMatchObject({ storeName: 'Tokyo Annex', issuedHere: false })
    expect(await core.call('sales:void', { receiptId: theirs!.id, reason: 'Wrong store' })).toMatchObject({
      ok: false,
      error: { code: 'CONFLICT', message: `Receipt ${theirs!.number} was issued by another store: void it there` },
    })
  })

  it('voids a sale once, never a void, and only with "Void receipts"', async () => {
    core = await startSetUpCore()
    const sale = await core.ok('sales:create', simpleSale(null))
    const staff = await addUser(core, { role: 'staff' })
    expect(await core.call('sales:void', { receiptId: sale.id, reason: 'x' }, staff.session)).toMatchObject({
      ok: false,
      error: { code: 'FORBIDDEN' },
    })
    const { reversal } = await core.ok('sales:void', { receiptId: sale.id, reason: 'Wrong item' })
    expect(await core.call('sales:void', { receiptId: sale.id, reason: 'Again' })).toMatchObject({
      ok: false,
      error: { code: 'CONFLICT', message: 'Receipt CS-000001 was already voided by CS-000002' },
    })
    expect(await core.call('sales:void', { receiptId: reversal.id, reason: 'Undo' })).toMatchObject({
      ok: false,
      error: { code: 'CONFLICT' },
    })
    const granted = await addUser(core, { role: 'staff', permissionOverrides: { void_receipts: true } })
    const other = await core.ok('sales:create', simpleSale(null))
    expect(await core.ok('sales:void', { receiptId: other.id, reason: 'Test' }, granted.session)).toMatchObject({
      reversal: { cashier: granted.user.displayName },
    })
  })
})
