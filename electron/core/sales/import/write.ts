import type { Writer } from '../../db/changelog'
import type { StoreTerms } from '../../stores/terms'
import { nextReceiptSeq } from '../repo'
import { receiptOf, saleEarnings } from '../sale'
import { saveSale } from '../write'
import type { PlannedReceipt } from './check'

/**
 * Writes the checked receipts as the desk writes a sale (receiptOf, saveSale: the receipt with its
 * items and payments in one tracked entry, and its points on the ledger through postPoints), in
 * the caller's transaction. Each takes the next number of the store's sequence (a receipt of the
 * store counts there), and keeps the file's own number and date; it has no cashier (the file
 * does not say who rang it up; the change log says who imported it). Answers the points awarded.
 */
export async function writeReceipts(
  w: Writer,
  terms: StoreTerms,
  plan: readonly PlannedReceipt[],
  awardPoints: boolean,
  /** After each receipt, how many are written: the job counts them, and a cancel throws here (the transaction rolls back). */
  written?: (receipts: number) => Promise<void>,
): Promise<number> {
  const first = await nextReceiptSeq(w.trx, terms.id)
  let seq = first
  let awarded = 0
  for (const planned of plan) {
    const { customer, draft, totals, settlement } = planned
    // Read in this transaction, which merges nothing (customers/merge/settle.ts need not ask again).
    if (customer) w.notMerged.add(customer.id)
    const points = awardPoints ? saleEarnings(customer, terms, totals.subtotalMinor) : 0
    const stored = receiptOf({
      terms,
      seq: seq++,
      number: draft.number,
      customerId: customer?.id ?? null,
      userId: null,
      createdAt: draft.createdAt,
      totals,
      payments: draft.payments,
      settlement,
      points,
    })
    await saveSale(w, customer, stored)
    awarded += points
    await written?.(seq - first)
  }
  return awarded
}
