import type { ParsedInput } from '../../contract'
import type { Writer } from '../db/changelog'
import { AppError } from '../errors'
import { findCustomerAccount, type CustomerAccount } from '../loyalty/accounts'
import { postPoints } from '../loyalty/points'
import { MAX_POINTS_BALANCE } from '../../contract/money/amount'
import type { StoreTerms } from '../stores/terms'
import { formatReceiptNumber } from './receipt-number'
import { findVoidOf, insertReceipt, nextReceiptSeq, receiptBatches, type StoredReceipt } from './repo'
import { reversalOf } from './reversal'
import { pointsPaid } from './points-payment'
import { buildSale } from './sale'

/**
 * Writes a sale and the points it earns, in the caller's transaction (`w.at` is when it
 * happened). Read `customer` inside that transaction: its balance moves here.
 */
export async function writeSale(
  w: Writer,
  terms: StoreTerms,
  customer: CustomerAccount | null,
  input: ParsedInput<'sales:create'>,
): Promise<StoredReceipt> {
  const stored = await buildSale(w, terms, customer, input)
  await saveSale(w, customer, stored)
  return stored
}

/**
 * Writes a sale's receipt, the points it was paid with (a `redeemed` entry, checked against the
 * balance: never below zero) and the points it earns (its `loyalty_points`) on the customer's
 * ledger, each entry linked to the receipt: the desk's sale and an imported receipt (which is
 * never paid with points). Read `customer` in the caller's transaction.
 */
export async function saveSale(w: Writer, customer: CustomerAccount | null, stored: StoredReceipt): Promise<void> {
  const { receipt } = stored
  const spent = pointsPaid(stored.payments)
  // The receipt goes in with the first ledger entry, in the same statements: a sale is the hot path at the desk.
  let alongside = receiptBatches(stored)
  if (customer && spent > 0) {
    const reason = `Paid on sale ${receipt.number}`
    await postPoints(w, customer, { kind: 'redeemed', points: -spent, reason, receipt_id: receipt.id, approver_id: null }, alongside)
    alongside = []
  }
  if (customer && receipt.loyalty_points > 0) {
    const reason = `Earned on sale ${receipt.number}`
    await postPoints(w, customer, { kind: 'earned', points: receipt.loyalty_points, reason, receipt_id: receipt.id, approver_id: null }, alongside)
    alongside = []
  }
  if (alongside.length > 0) await insertReceipt(w, stored)
}

/**
 * Voids a sale with a reversing receipt; the sale itself is never edited. The points it was
 * paid with go back to the customer first (a ledger entry of their own; never past what a balance
 * may hold), then the points it earned are taken back, but only as far as the balance allows:
 * points the customer has already spent are not clawed into a negative balance (the ledger reason
 * says how many), and from a balance already at or below zero nothing is taken (no ledger entry).
 * The void receipt's points are what was really taken back; its payment by points names the
 * points given back (negative, as every amount on a void).
 */
export async function writeVoid(w: Writer, terms: StoreTerms, original: StoredReceipt, reason: string): Promise<StoredReceipt> {
  const o = original.receipt
  if (o.kind === 'void') throw new AppError('CONFLICT', 'A void cannot itself be voided')
  // One store's books: only the store that issued a receipt voids it, so a sale is never voided twice at two stores.
  if (o.store_id !== terms.id) throw new AppError('CONFLICT', `Receipt ${o.number} was issued by another store: void it there`)
  const earlier = await findVoidOf(w.trx, o.id)
  if (earlier) throw new AppError('CONFLICT', `Receipt ${o.number} was already voided by ${earlier.number}`)
  const customer = o.customer_id ? await findCustomerAccount(w.trx, o.customer_id) : undefined
  // The reason may quote the customer: for one erased, it is not kept (as every other store
  // applying the void drops it, and as the erase cleared the reasons it found).
  const erased = customer?.erased ?? false
  const paidWith = pointsPaid(original.payments)
  const giveBack = customer && !erased ? Math.max(0, Math.min(paidWith, MAX_POINTS_BALANCE - customer.balance)) : 0
  // Never a negative amount: a balance sync made negative gives nothing back, and the void says 0.
  const takeBack = customer ? Math.max(0, Math.min(o.loyalty_points, customer.balance + giveBack)) : 0
  const seq = await nextReceiptSeq(w.trx, terms.id)
  const reversal = reversalOf(original, {
    storeId: terms.id,
    seq,
    number: formatReceiptNumber(terms.receiptPrefix, seq),
    userId: w.userId,
    at: w.at,
    reason: erased ? null : reason,
    loyaltyPoints: takeBack > 0 ? -takeBack : 0,
  })
  // The void's points line says what really came back: nothing for an erased customer, less
  // than was paid when the balance could not hold it all (its amount still reverses the money).
  for (const payment of reversal.payments) if (payment.points !== null) payment.points = giveBack > 0 ? -giveBack : 0
  await insertReceipt(w, reversal)
  if (customer && giveBack > 0) {
    const kept = paidWith - giveBack
    const why = `Sale ${o.number} voided: the ${giveBack} points it was paid with given back` + (kept > 0 ? ` (${kept} more would pass the most a balance holds)` : '')
    await postPoints(w, customer, { kind: 'void', points: giveBack, reason: why, receipt_id: reversal.receipt.id, approver_id: null })
  }
  if (customer && takeBack > 0) {
    const spent = o.loyalty_points - takeBack
    const why = `Sale ${o.number} voided` + (spent > 0 ? `; ${spent} of its ${o.loyalty_points} points were already spent` : '')
    await postPoints(w, customer, { kind: 'void', points: -takeBack, reason: why, receipt_id: reversal.receipt.id, approver_id: null })
  }
  return reversal
}
