import { newId } from '../ids'
import type { StoredReceipt } from './repo'

/**
 * The void of a sale: a receipt of its own with every amount negated (items returned,
 * payments refunded by the same methods). It counts on the sale's local day, so a voided
 * sale nets to zero in every period and chart, whenever the void was made.
 */
export function reversalOf(
  original: StoredReceipt,
  fields: { storeId: string; seq: number; number: string; userId: string | null; at: string; reason: string | null; loyaltyPoints: number },
): StoredReceipt {
  const o = original.receipt
  const id = newId()
  return {
    receipt: {
      ...o,
      id,
      // Numbered in the voiding store's sequence, which may not be the selling store's.
      store_id: fields.storeId,
      seq: fields.seq,
      number: fields.number,
      kind: 'void',
      voids_receipt_id: o.id,
      void_reason: fields.reason,
      user_id: fields.userId,
      created_at: fields.at,
      subtotal_minor: -o.subtotal_minor,
      tax_minor: -o.tax_minor,
      total_minor: -o.total_minor,
      paid_minor: -o.paid_minor,
      change_minor: -o.change_minor,
      loyalty_points: fields.loyaltyPoints,
    },
    items: original.items.map((item) => ({
      ...item,
      id: newId(),
      receipt_id: id,
      quantity: -item.quantity,
      line_subtotal_minor: -item.line_subtotal_minor,
      tax_minor: -item.tax_minor,
      line_total_minor: -item.line_total_minor,
    })),
    payments: original.payments.map((payment) => ({
      ...payment,
      id: newId(),
      receipt_id: id,
      amount_minor: -payment.amount_minor,
      points: payment.points === null ? null : -payment.points,
    })),
  }
}
