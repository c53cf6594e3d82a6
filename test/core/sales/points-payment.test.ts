import { afterEach, describe, expect, it } from 'vitest'
import { pointsHeld, pointsOverBalance } from '../../../electron/contract/money/points-payment'
import type { CustomerAccount } from '../../../electron/core/loyalty/accounts'
import { saleEarnings } from '../../../electron/core/sales/sale'
import type { StoreTerms } from '../../../electron/core/stores/terms'
import { OWNER, addUser, changeLog, startSetUpCore, type TestCore } from '../../support/core'
import { salesRowCounts, type SaleInput } from '../../support/sales'
import { addShopper, balances, setLoyaltyRule } from '../../support/shoppers'

let core: TestCore | undefined
afterEach(async () => {
  await core?.cleanup()
  core = undefined
})

/** A shopper holding `points`, added with the owner's PIN. */
async function shopperWith(c: TestCore, points: number, options: { loyaltyEnrolled?: boolean } = {}) {
  const shopper = await addShopper(c, options)
  const owner = (await c.ok('auth:status', {})).user!.id
  if (points > 0) {
    await c.ok('loyalty:adjust', { customerId: shopper.id, direction: 'add', points, reason: 'Opening balance', approverId: owner, approverPin: OWNER.pin })
  }
  return shopper
}

/** A $10.00 untaxed notebook, paid `points` points (a cent each by default) and the rest by card. */
function pointsSale(customerId: string | null, points: number, options: { totalMinor?: number; perPoint?: number; requestId?: string } = {}): SaleInput {
  const totalMinor = options.totalMinor ?? 1000
  const value = points * (options.perPoint ?? 1)
  const payments: SaleInput['payments'] = [{ method: 'loyalty_points', amountMinor: value, points }]
  if (totalMinor > value) payments.push({ method: 'card', amountMinor: totalMinor - value, reference: '4242' })
  return { customerId, items: [{ name: 'Notebook', quantity: 1, unitPriceMinor: totalMinor, taxRateId: null }], payments, requestId: options.requestId }
}

const ledgerOf = (c: TestCore, customerId: string) =>
  c.services.db('loyalty_ledger').where({ customer_id: customerId }).orderBy('hlc').select('kind', 'points', 'reason', 'receipt_id')

describe('paying with loyalty points', () => {
  it('takes the points off in the sale, linked to the receipt and logged with it, beside a card for the rest; the points part earns nothing', async () => {
    core = await startSetUpCore()
    const clerk = await addUser(core, { role: 'staff', permissionOverrides: { adjust_loyalty: false } })
    const shopper = await shopperWith(core, 1000)
    // The customer's own choice at the till: a clerk who may not adjust points rings it up, no PIN.
    const receipt = await core.ok('sales:create', pointsSale(shopper.id, 250), clerk.session)
    expect(receipt.payments).toEqual([
      { method: 'loyalty_points', amountMinor: 250, reference: null, points: 250 },
      { method: 'card', amountMinor: 750, reference: '4242', points: null },
    ])
    // $10.00 less the $2.50 paid in points earns 7 points at 1 a dollar (not 10).
    expect(receipt.loyaltyPoints).toBe(7)
    expect(await ledgerOf(core, shopper.id)).toEqual([
      { kind: 'adjustment', points: 1000, reason: 'Opening balance', receipt_id: null },
      { kind: 'redeemed', points: -250, reason: `Paid on sale ${receipt.number}`, receipt_id: receipt.id },
      { kind: 'earned', points: 7, reason: `Earned on sale ${receipt.number}`, receipt_id: receipt.id },
    ])
    expect(await balances(core, shopper.id)).toEqual({ ledger: 757, cached: 757 })
    // Through the tracked writer: the redemption is in the receipt's unit, so it syncs with it.
    const receiptEntry = (await changeLog(core, { row_id: receipt.id }))[0]
    const unit = (await changeLog(core)).filter((e) => e.tx === receiptEntry.tx)
    expect(unit.map((e) => [e.table_name, e.op])).toEqual([
      ['receipts', 'append'],
      ['loyalty_ledger', 'append'],
      ['loyalty_ledger', 'append'],
    ])
    expect(JSON.parse(unit[0].value!).receipt_payments[0]).toMatchObject({ method: 'loyalty_points', points: 250 })
    // The history shows the entry with its receipt.
    const history = await core.ok('loyalty:history', { customerId: shopper.id })
    expect(history.rows.find((r) => r.kind === 'redeemed')).toMatchObject({ points: -250, receipt: { id: receipt.id, number: receipt.number } })
  })

  it('earns nothing on a sale paid wholly with points', async () => {
    core = await startSetUpCore()
    const shopper = await shopperWith(core, 1000)
    const receipt = await core.ok('sales:create', pointsSale(shopper.id, 1000))
    expect(receipt.loyaltyPoints).toBe(0)
    expect((await ledgerOf(core, shopper.id)).map((e) => e.kind)).toEqual(['adjustment', 'redeemed'])
    expect(await balances(core, shopper.id)).toEqual({ ledger: 0, cached: 0 })
  })

  it('refuses more points than the balance beside the field, with the figures, and writes nothing', async () => {
    core = await startSetUpCore()
    const shopper = await shopperWith(core, 1200)
    const before = await salesRowCounts(core)
    const refused = await core.call('sales:create', pointsSale(shopper.id, 1300, { totalMinor: 2000 }))
    expect(refused).toMatchObject({ ok: false, error: { code: 'VALIDATION', fields: { 'payments.0.points': 'Ada Lovelace has 1,200 points ($12.00); 1,300 points cannot be used' } } })
    expect(await salesRowCounts(core)).toEqual(before)
    expect(await balances(core, shopper.id)).toEqual({ ledger: 1200, cached: 1200 })
  })

  it('refuses points worth more than is left to pay (points give no change), and an amount that is not the points’ value', async () => {
    core = await startSetUpCore()
    const shopper = await shopperWith(core, 5000)
    const before = await salesRowCounts(core)
    const sale = pointsSale(shopper.id, 400)
    // $4.00 of points beside a card of $7.00 on a $10.00 sale: only $3.00 is left for the points.
    const tooMuch = await core.call('sales:create', { ...sale, payments: [sale.payments[0], { method: 'card', amountMinor: 700 }] })
    expect(tooMuch).toMatchObject({
      ok: false,
      error: { fields: { 'payments.0.points': 'Points can pay at most the $3.00 left to pay (300 points); 400 points are worth $4.00, and points give no change' } },
    })
    // Cash beside points does not make room: cash may give change, points may not.
    const withCash = await core.call('sales:create', { ...sale, payments: [{ method: 'loyalty_points', amountMinor: 1500, points: 1500 }, { method: 'cash', amountMinor: 500 }] })
    expect(withCash).toMatchObject({ ok: false, error: { fields: { 'payments.0.points': expect.stringContaining('at most the $10.00 left to pay (1,000 points)') } } })
    const wrongValue = await core.call('sales:create', { ...pointsSale(shopper.id, 100), payments: [{ method: 'loyalty_points', amountMinor: 1000, points: 100 }] })
    expect(wrongValue).toMatchObject({ ok: false, error: { fields: { 'payments.0.points': '100 points are worth $1.00 at $0.01 a point, not $10.00: check the amount' } } })
    const noPoints = await core.call('sales:create', { ...pointsSale(shopper.id, 100), payments: [{ method: 'loyalty_points', amountMinor: 1000 }] })
    expect(noPoints).toMatchObject({ ok: false, error: { fields: { 'payments.0.points': 'Type the points to use' } } })
    const pointsOnCard = await core.call('sales:create', { ...pointsSale(shopper.id, 0), payments: [{ method: 'card', amountMinor: 1000, points: 5 }] })
    expect(pointsOnCard).toMatchObject({ ok: false, error: { fields: { 'payments.0.points': 'Points go only with a Loyalty points payment' } } })
    const twoLines = await core.call('sales:create', {
      ...pointsSale(shopper.id, 100),
      payments: [{ method: 'loyalty_points', amountMinor: 500, points: 500 }, { method: 'loyalty_points', amountMinor: 500, points: 500 }],
    })
    expect(twoLines).toMatchObject({ ok: false, error: { fields: { 'payments.1.method': expect.stringContaining('One Loyalty points payment per sale') } } })
    expect(await salesRowCounts(core)).toEqual(before)
  })

  it('is refused for a walk-in, a customer not in the programme, and at a store whose points have no value', async () => {
    core = await startSetUpCore()
    const walkIn = await core.call('sales:create', pointsSale(null, 100))
    expect(walkIn).toMatchObject({ ok: false, error: { fields: { 'payments.0.method': expect.stringContaining('only for a customer in the loyalty programme') } } })
    // Enrolled with points, then taken out of the programme: the points are kept, not spendable at the till.
    const left = await shopperWith(core, 500)
    const detail = await core.ok('customers:get', { id: left.id })
    await core.ok('customers:update', { id: left.id, firstName: detail.firstName, lastName: detail.lastName, storeIds: detail.storeIds, loyaltyEnrolled: false })
    const unenrolled = await core.call('sales:create', pointsSale(left.id, 100))
    expect(unenrolled).toMatchObject({
      ok: false,
      error: { fields: { 'payments.0.method': 'Ada Lovelace is not enrolled in the loyalty programme: their points cannot pay' } },
    })
    expect(await balances(core, left.id)).toEqual({ ledger: 500, cached: 500 })
    const shopper = await shopperWith(core, 500)
    await setLoyaltyRule(core, { loyaltyValuePerPointMinor: 0 })
    const worthless = await core.call('sales:create', { ...pointsSale(shopper.id, 100), payments: [{ method: 'loyalty_points', amountMinor: 1000, points: 100 }] })
    expect(worthless).toMatchObject({ ok: false, error: { fields: { 'payments.0.method': 'Points have no value at this store (Settings → Value per point)' } } })
  })

  it('counts the store’s value per point: 5 cents a point, 40 points pay $2.00', async () => {
    core = await startSetUpCore()
    await setLoyaltyRule(core, { loyaltyValuePerPointMinor: 5 })
    const shopper = await shopperWith(core, 100)
    const receipt = await core.ok('sales:create', pointsSale(shopper.id, 40, { perPoint: 5 }))
    expect(receipt.payments[0]).toEqual({ method: 'loyalty_points', amountMinor: 200, reference: null, points: 40 })
    expect(await balances(core, shopper.id)).toEqual({ ledger: 100 - 40 + 8, cached: 68 })
  })

  it('gives two desks spending the same points at once one sale; the second is refused with the balance the first left', async () => {
    core = await startSetUpCore()
    const shopper = await shopperWith(core, 300)
    const [first, second] = await Promise.all([
      core.call('sales:create', pointsSale(shopper.id, 200, { totalMinor: 200 })),
      core.call('sales:create', pointsSale(shopper.id, 200, { totalMinor: 200 })),
    ])
    const answers = [first, second]
    expect(answers.filter((a) => a.ok)).toHaveLength(1)
    expect(answers.find((a) => !a.ok)).toMatchObject({ ok: false, error: { fields: { 'payments.0.points': 'Ada Lovelace has 100 points ($1.00); 200 points cannot be used' } } })
    expect(await balances(core, shopper.id)).toEqual({ ledger: 100, cached: 100 })
    expect(await core.services.db('loyalty_ledger').where({ customer_id: shopper.id, kind: 'redeemed' })).toHaveLength(1)
  })

  it('writes one entry for a request sent twice', async () => {
    core = await startSetUpCore()
    const shopper = await shopperWith(core, 1000)
    const sale = pointsSale(shopper.id, 250, { requestId: '0190a0b0-0000-7000-8000-000000000001' })
    const first = await core.ok('sales:create', sale)
    const again = await core.ok('sales:create', sale)
    expect(again.id).toBe(first.id)
    expect(await core.services.db('loyalty_ledger').where({ customer_id: shopper.id, kind: 'redeemed' })).toHaveLength(1)
    expect(await balances(core, shopper.id)).toEqual({ ledger: 757, cached: 757 })
  })

  it('gives the points back on a void, and takes back what the sale earned', async () => {
    core = await startSetUpCore()
    const shopper = await shopperWith(core, 1000)
    const receipt = await core.ok('sales:create', pointsSale(shopper.id, 250))
    const { reversal } = await core.ok('sales:void', { receiptId: receipt.id, reason: 'Returned' })
    expect(reversal.payments).toEqual([
      { method: 'loyalty_points', amountMinor: -250, reference: null, points: -250 },
      { method: 'card', amountMinor: -750, reference: '4242', points: null },
    ])
    expect(reversal.loyaltyPoints).toBe(-7)
    const entries = await ledgerOf(core, shopper.id)
    expect(entries.slice(3)).toEqual([
      { kind: 'void', points: 250, reason: `Sale ${receipt.number} voided: the 250 points it was paid with given back`, receipt_id: reversal.id },
      { kind: 'void', points: -7, reason: `Sale ${receipt.number} voided`, receipt_id: reversal.id },
    ])
    expect(await balances(core, shopper.id)).toEqual({ ledger: 1000, cached: 1000 })
  })
})

describe('a void of a sale paid with points of a customer erased since', () => {
  it('gives nothing back, and its points line says so', async () => {
    core = await startSetUpCore()
    const shopper = await shopperWith(core, 1000)
    const receipt = await core.ok('sales:create', pointsSale(shopper.id, 250))
    await core.ok('customers:erase', { id: shopper.id })
    const { reversal } = await core.ok('sales:void', { receiptId: receipt.id, reason: 'Returned' })
    expect(reversal.payments[0]).toEqual({ method: 'loyalty_points', amountMinor: -250, reference: null, points: 0 })
    expect(await core.services.db('loyalty_ledger').where({ receipt_id: reversal.id })).toEqual([])
  })
})

describe('what a sale earns', () => {
  const terms = { loyaltyPointsPerUnit: 1, currency: 'USD' } as StoreTerms
  const account = (balance: number, loyaltyEnrolled = true) => ({ balance, loyaltyEnrolled }) as CustomerAccount
  it('leaves out the part paid with points, never below nothing', () => {
    expect(saleEarnings(account(0), terms, 1000)).toBe(10)
    expect(saleEarnings(account(0), terms, 1000, 250)).toBe(7)
    expect(saleEarnings(account(0), terms, 1000, 1080)).toBe(0)
    expect(saleEarnings(account(0, false), terms, 1000)).toBe(0)
  })

  it('earns on the pre-tax share paid otherwise when points pay part of the tax too', () => {
    // $100 + 10 % tax = $110; $55 in points, $55 by card: the card's part is $50 before tax.
    expect(saleEarnings(account(0), terms, 10_000, 5_500, 11_000)).toBe(50)
    expect(saleEarnings(account(0), terms, 10_000, 11_000, 11_000)).toBe(0)
    expect(saleEarnings(account(0), terms, 10_000, 0, 11_000)).toBe(100)
  })
})

describe('what a customer holds, in words', () => {
  it('is worded once for the sale screen and main: a balance below zero named by both', () => {
    // Review: the sale screen worded "no points to use" itself, naming a balance below zero; main's refusal did not.
    const dollars = (minor: number) => `$${(minor / 100).toFixed(2)}`
    expect(pointsHeld(250, 1, dollars)).toBe('250 points ($2.50)')
    expect(pointsHeld(0, 1, dollars)).toBe('no points to use')
    expect(pointsHeld(-5, 1, dollars)).toBe('no points to use (a balance of -5 points)')
    expect(pointsOverBalance('Bo Newman', -5, 5, 1, 'USD')).toBe('Bo Newman has no points to use (a balance of -5 points); 5 points cannot be used')
  })
})
