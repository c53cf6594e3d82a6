import { formatMoney } from '../../contract/money/format'
import { paymentTotals, shownPayments } from '../../contract/money/payment-summary'
import { paymentMethodText } from '../../contract/money/points-payment'
import type { Receipt } from '../../contract/sales'

/** A row of label and value ("Subtotal", "$12.50"). */
export type Line = [label: string, value: string]

/**
 * A receipt as an email or a PDF shows it: the four summaries of the receipt view (guide 004)
 * as formatted text, so the HTML, the plain text and the PDF say exactly the same.
 */
export interface ReceiptDocument {
  title: string
  storeName: string
  storeAddress: string[]
  receiptSummary: Line[]
  order: { name: string; detail: string; amount: string }[]
  orderTotals: Line[]
  taxes: { name: string; taxable: string; tax: string }[]
  payments: Line[]
  paymentTotals: Line[]
}

const dateFormats = new Map<string, Intl.DateTimeFormat>()

/** "Jun 15, 2026, 11:00 AM" in the store's zone (formatters are costly to make: kept per zone). */
function dateTime(iso: string, timeZone: string): string {
  let format = dateFormats.get(timeZone)
  if (!format) dateFormats.set(timeZone, (format = new Intl.DateTimeFormat('en-US', { dateStyle: 'medium', timeStyle: 'short', timeZone })))
  return format.format(new Date(iso))
}

export function receiptDocument(receipt: Receipt, timeZone: string): ReceiptDocument {
  const money = (minor: number) => formatMoney(minor, receipt.currency)
  const summary: Line[] = [
    ['Receipt', receipt.kind === 'void' && receipt.voids ? `${receipt.number} (void of ${receipt.voids.number})` : receipt.number],
    ['Date', dateTime(receipt.createdAt, timeZone)],
    ['Store', receipt.storeName],
    ['Customer', receipt.customer?.name || 'Walk-in'],
    ['Cashier', receipt.cashier ?? '—'],
    ['Total', money(receipt.totalMinor)],
  ]
  if (receipt.loyaltyPoints !== 0) summary.push(['Loyalty points', receipt.loyaltyPoints > 0 ? `+${receipt.loyaltyPoints}` : String(receipt.loyaltyPoints)])
  if (receipt.voidReason) summary.push(['Void reason', receipt.voidReason])
  if (receipt.voidedBy) summary.push(['Voided', `by receipt ${receipt.voidedBy.number}`])
  return {
    title: `Receipt ${receipt.number}`,
    storeName: receipt.storeName,
    storeAddress: receipt.storeAddress.split(/\r?\n/).map((line) => line.trim()).filter(Boolean),
    receiptSummary: summary,
    order: receipt.items.map((item) => ({
      name: item.name,
      detail: `${item.quantity} × ${money(item.unitPriceMinor)}${item.taxRateName ? ` · ${item.taxRateName} ${item.taxRatePercent} %` : ''}`,
      amount: money(item.lineSubtotalMinor),
    })),
    orderTotals: [
      ['Subtotal', money(receipt.subtotalMinor)],
      ['Tax', money(receipt.taxMinor)],
      ['Total', money(receipt.totalMinor)],
    ],
    taxes: receipt.taxes.map((tax) => ({ name: `${tax.name} ${tax.ratePercent} %`, taxable: money(tax.taxableMinor), tax: money(tax.taxMinor) })),
    payments: shownPayments(receipt).map((p) => [`${paymentMethodText(p, receipt.currency)}${p.reference ? ` (${p.reference})` : ''}`, money(p.amountMinor)]),
    paymentTotals: paymentTotals(receipt).map(([label, minor]) => [label, money(minor)]),
  }
}
