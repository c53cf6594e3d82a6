import type { ParsedInput } from '../../contract'
import type { Writer } from '../db/changelog'
import { AppError, fieldError } from '../errors'
import { newId } from '../ids'
import type { CustomerAccount } from '../loyalty/accounts'
import { pointsEarned } from '../loyalty/earning'
import { earnablePoints } from '../loyalty/points'
import { settlePayments, type Settlement } from '../money/payments'
import { MAX_RECEIPT_MINOR } from '../../contract/money/amount'
import { formatMoney } from '../../contract/money/format'
import { computeSaleTotals, type PricedItem, type SaleTotals } from '../../contract/money/sale-totals'
import type { PaymentMethod } from '../../contract/sales'
import type { StoreTerms } from '../stores/terms'
import { activeTaxRatesById, toSnapshot } from '../tax-rates/repo'
import { localDateOf } from '../time/local-dates'
import { checkPointsPayment } from './points-payment'
import { formatReceiptNumber } from './receipt-number'
import { nextReceiptSeq, type StoredReceipt } from './repo'

type SaleInput = ParsedInput<'sales:create'>

/** Each item with the store's active tax rate it names; any other rate is refused on that item. */
async function priceItems(w: Writer, storeId: string, items: SaleInput['items']): Promise<PricedItem[]> {
  const ids = [...new Set(items.flatMap((item) => (item.taxRateId ? [item.taxRateId] : [])))]
  const rates = await activeTaxRatesById(w.trx, storeId, ids)
  return items.map((item, index) => {
    const rate = item.taxRateId === null ? null : rates.get(item.taxRateId)
    if (rate === undefined) throw fieldError(`items.${index}.taxRateId`, "Choose one of the store's tax rates")
    return { name: item.name, quantity: item.quantity, unitPriceMinor: item.unitPriceMinor, tax: rate && toSnapshot(rate) }
  })
}

/**
 * Prices the sale, checks the payments and numbers it: the rows of a new receipt, not yet
 * written. Points go only to an enrolled customer, on the pre-tax subtotal less what points
 * paid, as many as their balance can still hold.
 */
export async function buildSale(
  w: Writer,
  terms: StoreTerms,
  customer: CustomerAccount | null,
  input: SaleInput,
): Promise<StoredReceipt> {
  const [priced, seq] = await Promise.all([priceItems(w, terms.id, input.items), nextReceiptSeq(w.trx, terms.id)])
  const totals = computeSaleTotals(priced)
  if (input.expectedTotalMinor !== null && input.expectedTotalMinor !== totals.totalMinor) {
    // A cash sale would otherwise be saved at a total the customer was never told (and its change).
    const now = formatMoney(totals.totalMinor, terms.currency)
    throw new AppError('CONFLICT', `The total is ${now} now, not ${formatMoney(input.expectedTotalMinor, terms.currency)}: a tax rate changed since this sale was started. Tell the customer the new total, then complete the sale again.`)
  }
  const paid = input.payments.reduce((sum, p) => sum + p.amountMinor, 0)
  if (totals.totalMinor > MAX_RECEIPT_MINOR || paid > MAX_RECEIPT_MINOR) {
    throw fieldError('items', `One receipt can hold at most ${formatMoney(MAX_RECEIPT_MINOR, terms.currency)}: split the sale`)
  }
  const spent = checkPointsPayment(customer, terms, input.payments, totals.totalMinor)
  const settlement = settlePayments(totals.totalMinor, input.payments, terms.currency)
  return receiptOf({
    terms,
    seq,
    number: formatReceiptNumber(terms.receiptPrefix, seq),
    customerId: customer?.id ?? null,
    userId: w.userId,
    createdAt: w.at,
    totals,
    payments: input.payments,
    settlement,
    points: saleEarnings(customer, terms, totals.subtotalMinor, spent.valueMinor, totals.totalMinor),
  })
}

/**
 * The points a sale of this subtotal earns by the store's rule: only an enrolled customer's,
 * capped at what the balance can still hold (a huge sale goes through, as it would for a
 * walk-in, and earns what fits). The part paid with points earns nothing (points do not earn
 * points, as most stores have it): the pre-tax subtotal earns in the share of the total paid
 * otherwise (points pay tax too: $110 with $55 in points, $100 before tax, earns on $50), rounded
 * down, never below zero. The desk and the receipt import both ask here.
 */
export function saleEarnings(customer: CustomerAccount | null, terms: StoreTerms, subtotalMinor: number, paidWithPointsMinor = 0, totalMinor = subtotalMinor): number {
  if (!customer?.loyaltyEnrolled) return 0
  const paidOtherwise = Math.max(0, totalMinor - paidWithPointsMinor)
  // BigInt: subtotal × total may pass 2^53 at the largest amounts a sale takes.
  const earningMinor = totalMinor <= 0 ? 0 : Number((BigInt(subtotalMinor) * BigInt(paidOtherwise)) / BigInt(totalMinor))
  return earnablePoints(customer, pointsEarned(earningMinor, terms.loyaltyPointsPerUnit, terms.currency))
}

/** A sale's rows as stored, from its priced lines and its payments: the desk's and an imported receipt's. */
export function receiptOf(sale: {
  terms: StoreTerms
  seq: number
  number: string
  customerId: string | null
  userId: string | null
  createdAt: string
  totals: SaleTotals
  payments: readonly { method: PaymentMethod; amountMinor: number; reference?: string; points?: number | null }[]
  settlement: Settlement
  points: number
}): StoredReceipt {
  const { terms, totals, settlement } = sale
  const id = newId()
  return {
    receipt: {
      id,
      store_id: terms.id,
      seq: sale.seq,
      number: sale.number,
      kind: 'sale',
      voids_receipt_id: null,
      void_reason: null,
      customer_id: sale.customerId,
      user_id: sale.userId,
      created_at: sale.createdAt,
      local_date: localDateOf(new Date(sale.createdAt), terms.timeZone),
      currency: terms.currency,
      subtotal_minor: totals.subtotalMinor,
      tax_minor: totals.taxMinor,
      total_minor: totals.totalMinor,
      paid_minor: settlement.paidMinor,
      change_minor: settlement.changeMinor,
      loyalty_points: sale.points,
    },
    items: totals.lines.map((line, position) => ({
      id: newId(),
      receipt_id: id,
      position,
      name: line.name,
      quantity: line.quantity,
      unit_price_minor: line.unitPriceMinor,
      line_subtotal_minor: line.lineSubtotalMinor,
      tax_rate_id: line.tax?.id ?? null,
      tax_rate_name: line.tax?.name ?? null,
      tax_rate_millipercent: line.tax?.rateMillipercent ?? null,
      tax_minor: line.taxMinor,
      line_total_minor: line.lineTotalMinor,
    })),
    payments: sale.payments.map((payment, position) => ({
      id: newId(),
      receipt_id: id,
      position,
      method: payment.method,
      amount_minor: payment.amountMinor,
      reference: payment.reference || null,
      points: payment.method === 'loyalty_points' ? (payment.points ?? null) : null,
    })),
  }
}
