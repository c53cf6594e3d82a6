import type { ParsedInput } from '../../contract'
import type { Writer } from '../db/changelog'
import { AppError } from '../errors'
import { findCustomerAccount, type CustomerAccount } from '../loyalty/accounts'
import { postPoints } from '../loyalty/points'
import type { StoreTerms } from '../stores/terms'
import { formatReceiptNumber } from './receipt-number'
import { findVoidOf, insertReceipt, nextReceiptSeq, receiptBatches, type StoredReceipt } from './repo'
import { reversalOf } from './reversal'
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
 * Writes a sale's receipt and the points it earns (its `loyalty_points`) on the customer's
 * ledger: the desk's sale and an imported receipt. Read `customer` in the caller's transaction.
 */
export async function saveSale(w: Writer, customer: CustomerAccount | null, stored: StoredReceipt): Promise<void> {
  const earned = stored.receipt.loyalty_points
  if (customer && earned > 0) {
    // The receipt and its ledger entry go in together: a sale is the hot path at the desk.
    const reason = `Earned on sale ${stored.receipt.number}`
    await postPoints(w, customer, { kind: 'earned', points: earned, reason, receipt_id: stored.receipt.id, approver_id: null }, receiptBatches(stored))
  } else {
    await insertReceipt(w, stored)
  }
}

/**
 * Voids a sale with a reversing receipt; the sale itself is never edited. The points it
 * earned are taken back, but only as far as the balance allows: points the customer has
 * already spent are not clawed into a negative balance (the ledger reason says how many), and
 * from a balance already at or below zero nothing is taken (no ledger entry). The void
 * receipt's points are what was really taken back.
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
  // Never a negative amount: a balance sync made negative gives nothing back, and the void says 0.
  const takeBack = customer ? Math.max(0, Math.min(o.loyalty_points, customer.balance)) : 0
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
  await insertReceipt(w, reversal)
  if (customer && takeBack > 0) {
    const spent = o.loyalty_points - takeBack
    const why = `Sale ${o.number} voided` + (spent > 0 ? `; ${spent} of its ${o.loyalty_points} points were already spent` : '')
    await postPoints(w, customer, { kind: 'void', points: -takeBack, reason: why, receipt_id: reversal.receipt.id, approver_id: null })
  }
  return reversal
}
