import { afterEach, describe, expect, it } from 'vitest'
import { MAX_POINTS_BALANCE } from '../../../electron/contract/money/amount'
import { OWNER, startSetUpCore, type TestCore } from '../../support/core'
import { simpleSale } from '../../support/sales'
import { addShopper, balances, setLoyaltyRule } from '../../support/shoppers'

let core: TestCore | undefined
afterEach(async () => {
  await core?.cleanup()
  core = undefined
})

const ownerId = async (c: TestCore) => (await c.ok('auth:status', {})).user!.id

async function adjust(c: TestCore, customerId: string, direction: 'add' | 'remove', points: number, reason = 'Test') {
  return c.ok('loyalty:adjust', { customerId, direction, points, reason, approverId: await ownerId(c), approverPin: OWNER.pin })
}

describe('earning points on sales', () => {
  it('earns the store rule on the pre-tax subtotal, rounded down, for an enrolled customer only', async () => {
    core = await startSetUpCore()
    await setLoyaltyRule(core, { loyaltyPointsPerUnit: 1.5 })
    const rate = await core.ok('taxRates:save', { id: null, name: 'VAT', ratePercent: 20 })
    const member = await addShopper(core)
    const sale = simpleSale(member.id, 1999, 2)
    sale.items[0].taxRateId = rate.id
    sale.payments[0].amountMinor = 4798 // 3998 + 20 % tax
    // 39.98 × 1.5 = 59.97 → 59 points; the 8.00 of tax earns nothing.
    const receipt = await core.ok('sales:create', sale)
    expect(receipt).toMatchObject({ totalMinor: 4798, loyaltyPoints: 59, customer: { id: member.id, name: member.name, flagged: false } })
    expect(await balances(core, member.id)).toEqual({ ledger: 59, cached: 59 })
    const history = await core.ok('loyalty:history', { customerId: member.id })
    expect(history.rows[0]).toMatchObject({
      kind: 'earned',
      points: 59,
      reason: `Earned on sale ${receipt.number}`,
      receipt: { id: receipt.id, number: receipt.number },
      approver: null,
    })

    const guest = await addShopper(core, { loyaltyEnrolled: false })
    expect(await core.ok('sales:create', simpleSale(guest.id, 5000))).toMatchObject({ loyaltyPoints: 0 })
    expect(await balances(core, guest.id)).toEqual({ ledger: 0, cached: 0 })
  })
})

describe('the most a balance holds', () => {
  it('caps what a huge sale earns at what the balance can still hold: the sale goes through, receipt and ledger say what was earned', async () => {
    core = await startSetUpCore()
    await setLoyaltyRule(core, { loyaltyPointsPerUnit: 1000 })
    const member = await addShopper(core)
    // $1,000,000.01 at 1,000 points a dollar would be 1,000,000,010 points: 10 past the maximum.
    const sale = await core.ok('sales:create', simpleSale(member.id, 100_000_001))
    expect(sale).toMatchObject({ totalMinor: 100_000_001, loyaltyPoints: MAX_POINTS_BALANCE })
    expect(await balances(core, member.id)).toEqual({ ledger: MAX_POINTS_BALANCE, cached: MAX_POINTS_BALANCE })
    expect((await core.ok('loyalty:history', { customerId: member.id })).rows).toMatchObject([{ kind: 'earned', points: MAX_POINTS_BALANCE, receipt: { id: sale.id } }])
    // A full balance earns nothing more, and the sale still goes through (no ledger entry for 0).
    const next = await core.ok('sales:create', simpleSale(member.id, 1000))
    expect(next.loyaltyPoints).toBe(0)
    expect((await core.ok('receipts:get', { id: next.id })).loyaltyPoints).toBe(0)
    expect((await core.ok('loyalty:history', { customerId: member.id })).rows).toHaveLength(1)
    // Only an explicit adjustment past the maximum is refused, on its points.
    expect(await core.call('loyalty:adjust', { customerId: member.id, direction: 'add', points: 1, reason: 'Bonus', approverId: await ownerId(core), approverPin: OWNER.pin })).toMatchObject({
      ok: false,
      error: { code: 'VALIDATION', fields: { points: expect.stringContaining('1,000,000,000') } },
    })
    // Voiding the huge sale takes back what it earned.
    const { reversal } = await core.ok('sales:void', { receiptId: sale.id, reason: 'Keyed wrong' })
    expect(reversal.loyaltyPoints).toBe(-MAX_POINTS_BALANCE)
    expect(await balances(core, member.id)).toEqual({ ledger: 0, cached: 0 })
  })

  it('earns only the room left below it', async () => {
    core = await startSetUpCore()
    await setLoyaltyRule(core, { loyaltyPointsPerUnit: 1000 })
    const member = await addShopper(core)
    expect(await core.ok('sales:create', simpleSale(member.id, 99_999_750))).toMatchObject({ loyaltyPoints: MAX_POINTS_BALANCE - 2500 })
    // $10.00 would earn 10,000 points; 2,500 fit.
    expect(await core.ok('sales:create', simpleSale(member.id, 1000))).toMatchObject({ loyaltyPoints: 2500 })
    expect(await balances(core, member.id)).toEqual({ ledger: MAX_POINTS_BALANCE, cached: MAX_POINTS_BALANCE })
  })
})

describe('voiding a sale that earned points', () => {
  it('takes the points back', async () => {
    core = await startSetUpCore()
    const member = await addShopper(core)
    const sale = await core.ok('sales:create', simpleSale(member.id, 2500))
    expect(sale.loyaltyPoints).toBe(25)
    const { reversal } = await core.ok('sales:void', { receiptId: sale.id, reason: 'Returned' })
    expect(reversal.loyaltyPoints).toBe(-25)
    expect(await balances(core, member.id)).toEqual({ ledger: 0, cached: 0 })
    const [voidEntry] = (await core.ok('loyalty:history', { customerId: member.id })).rows
    expect(voidEntry).toMatchObject({ kind: 'void', points: -25, balanceAfter: 0, reason: `Sale ${sale.number} voided`, receipt: { number: reversal.number } })
  })

  it('takes back only what is left when some were spent: the balance stops at zero, the reason says so', async () => {
    core = await startSetUpCore()
    const member = await addShopper(core)
    const sale = await core.ok('sales:create', simpleSale(member.id, 8000))
    await adjust(core, member.id, 'remove', 70, 'Redeemed for a mug')
    await core.ok('sales:void', { receiptId: sale.id, reason: 'Returned' })
    expect(await balances(core, member.id)).toEqual({ ledger: 0, cached: 0 })
    const [voidEntry] = (await core.ok('loyalty:history', { customerId: member.id })).rows
    expect(voidEntry).toMatchObject({ points: -10, reason: `Sale ${sale.number} voided; 70 of its 80 points were already spent` })
    // The customer table's Reason column follows the ledger's latest entry.
    expect((await core.services.db('customers').where({ id: member.id }).first()).last_loyalty_reason).toBe(voidEntry.reason)
  })
})

describe('loyalty history', () => {
  it('lists newest first with the running balance, paged by cursor without gaps or repeats', async () => {
    core = await startSetUpCore()
    const member = await addShopper(core)
    const steps: [direction: 'add' | 'remove', points: number][] = [
      ['add', 10],
      ['add', 5],
      ['remove', 3],
      ['add', 40],
      ['remove', 12],
    ]
    for (const [i, [direction, points]] of steps.entries()) await adjust(core, member.id, direction, points, `Step ${i + 1}`)
    const first = await core.ok('loyalty:history', { customerId: member.id, limit: 2 })
    const second = await core.ok('loyalty:history', { customerId: member.id, limit: 2, after: first.nextCursor })
    const third = await core.ok('loyalty:history', { customerId: member.id, limit: 2, after: second.nextCursor })
    expect(third.nextCursor).toBeNull()
    const rows = [...first.rows, ...second.rows, ...third.rows]
    expect(rows.map((r) => [r.reason, r.points, r.balanceAfter])).toEqual([
      ['Step 5', -12, 40],
      ['Step 4', 40, 52],
      ['Step 3', -3, 12],
      ['Step 2', 5, 15],
      ['Step 1', 10, 10],
    ])
    expect(first.balance).toBe(40)
    expect(await core.call('loyalty:history', { customerId: member.id, after: 'not-a-cursor' })).toMatchObject({
      ok: false,
      error: { code: 'VALIDATION', fields: { after: expect.any(String) } },
    })
  })

  it('orders the ledger by HLC, so the running balance follows the clock, not insertion order', async () => {
    core = await startSetUpCore()
    const member = await addShopper(core)
    await adjust(core, member.id, 'add', 10, 'Mine')
    // An entry synced in from another store, stamped earlier on its clock than ours.
    const [mine] = await core.services.db('loyalty_ledger').where({ customer_id: member.id })
    await core.services.db('loyalty_ledger').insert({ ...mine, id: '01900000-0000-7000-8000-0000000000ff', hlc: '000000000000001-000000-other-store', points: 7, reason: 'From the other store' })
    const { rows } = await core.ok('loyalty:history', { customerId: member.id })
    expect(rows.map((r) => [r.reason, r.balanceAfter])).toEqual([
      ['Mine', 17],
      ['From the other store', 7],
    ])
  })
})
