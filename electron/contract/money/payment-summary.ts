/**
 * A receipt's payment summary as the screen, the email and the PDF show it (guide 004).
 *
 * A void negates every amount of its sale, change included, so a $15 sale paid with $20 cash
 * voided as "Cash -$20.00, Paid -$20.00, Change -$5.00": a cashier reading the slip handed
 * back $20 for a $15 sale. A void's summary says what goes back instead: the change the
 * customer kept comes off the cash lines (only cash gives change), and one line says the
 * refund. The stored (and synced) void keeps its negated amounts; only what is shown changes.
 */
interface PaymentLine {
  method: string
  amountMinor: number
}

interface PaymentsOf<P extends PaymentLine> {
  kind: 'sale' | 'void'
  payments: P[]
  paidMinor: number
  changeMinor: number
}

/** The payment lines shown: a void's cash lines net of the change (from the last cash line back). */
export function shownPayments<P extends PaymentLine>(receipt: PaymentsOf<P>): P[] {
  if (receipt.kind !== 'void' || receipt.changeMinor === 0) return receipt.payments
  // The void's change is negative (the sale's, negated): it is added back to the negative cash lines.
  let change = receipt.changeMinor
  const shown = receipt.payments.map((payment) => ({ ...payment }))
  for (let i = shown.length - 1; i >= 0 && change !== 0; i--) {
    if (shown[i].method !== 'cash') continue
    const taken = Math.max(change, shown[i].amountMinor)
    shown[i].amountMinor -= taken
    change -= taken
  }
  return shown
}

/** The summary's closing rows: a sale's Paid and Change; a void's Refund (its payments less the change). */
export function paymentTotals(receipt: PaymentsOf<PaymentLine>): [label: string, minor: number][] {
  if (receipt.kind === 'void') return [['Refund', receipt.paidMinor - receipt.changeMinor]]
  return [
    ['Paid', receipt.paidMinor],
    ['Change', receipt.changeMinor],
  ]
}
