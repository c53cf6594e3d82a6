import type { ImportIssue } from '../../../contract/imports'
import { MAX_RECEIPT_MINOR } from '../../../contract/money/amount'
import { formatMoney } from '../../../contract/money/format'
import { computeSaleTotals, type SaleTotals, type TaxRateSnapshot } from '../../../contract/money/sale-totals'
import type { PaymentMethod } from '../../../contract/sales'
import { settlePayments, type Settlement } from '../../money/payments'
import { RECEIPT_COLUMN_LABELS } from './columns'
import { sameCustomerCell } from './customers'
import type { FileLine } from './lines'

/** As many as a desk sale may hold (contract/sales.ts), which is what a synced receipt may carry. */
const MAX_ITEMS = 200
const MAX_PAYMENTS = 10

/** The lines of one receipt number, gathered wherever they are in the file. */
export interface ReceiptDraft {
  /** Its first row. */
  row: number
  number: string
  createdAt: string
  dateText: string
  customer: string
  /**
   * Its other rows' Customer cells that read as another key (an email on one row, a phone on
   * another): each must name the customer the first names once they are looked up (matchCustomers).
   */
  otherCustomers: { row: number; cell: string }[]
  items: (NonNullable<FileLine['item']> & { row: number })[]
  payments: { method: PaymentMethod; amountMinor: number }[]
  lines: number
  bad: boolean
}

/** A draft priced by the store's tax rates and settled as the desk settles a sale. */
export interface PricedReceipt {
  draft: ReceiptDraft
  totals: SaleTotals
  settlement: Settlement
}

const issue = (row: number, column: keyof typeof RECEIPT_COLUMN_LABELS, value: string, message: string): ImportIssue => ({
  row,
  kind: 'error',
  field: RECEIPT_COLUMN_LABELS[column],
  value,
  message,
})

/**
 * Rows with the same receipt number are one receipt: they must agree on its date and customer
 * (a number repeated with another date is two receipts the file gave one number, an error). The
 * customer is the same when matching would read it so: a phone may be written differently on
 * each row (`country` reads one without "+"); the first row's cell is the one matched. A row with
 * no customer beside one with a customer is refused here; cells that read differently (her email
 * on one row, her phone on another) are kept for matchCustomers, which can tell whether they name
 * one customer only once it has looked them up.
 */
export function groupLines(lines: readonly FileLine[], country: string, issues: ImportIssue[]): Map<string, ReceiptDraft> {
  const drafts = new Map<string, ReceiptDraft>()
  for (const line of lines) {
    let draft = drafts.get(line.number)
    if (!draft) {
      draft = { row: line.row, number: line.number, createdAt: line.createdAt, dateText: line.dateText, customer: line.customer, otherCustomers: [], items: [], payments: [], lines: 0, bad: false }
      drafts.set(line.number, draft)
    } else if (draft.createdAt !== line.createdAt) {
      issues.push(issue(line.row, 'date', line.dateText, `Receipt ${line.number} is dated ${draft.dateText} on row ${draft.row}: its rows must have the same date and time`))
      draft.bad = true
    } else if ((draft.customer === '') !== (line.customer === '')) {
      issues.push(issue(line.row, 'customer', line.customer, `Receipt ${line.number} is for "${draft.customer || 'no customer'}" on row ${draft.row}: its rows must name the same customer`))
      draft.bad = true
    } else if (![draft.customer, ...draft.otherCustomers.map((o) => o.cell)].some((cell) => sameCustomerCell(cell, line.customer, country))) {
      draft.otherCustomers.push({ row: line.row, cell: line.customer })
    }
    draft.lines += 1
    if (line.item) draft.items.push({ ...line.item, row: line.row })
    if (line.payment) draft.payments.push(line.payment)
  }
  return drafts
}

/**
 * The store's tax rate of each percentage: an active one first, else one made inactive since
 * (past receipts were sold at rates the store may have retired).
 */
export function ratesByPercent(rates: readonly { id: string; name: string; rate_millipercent: number; active: number | boolean }[]): Map<number, TaxRateSnapshot> {
  const byPercent = new Map<number, TaxRateSnapshot>()
  for (const rate of [...rates].sort((a, b) => Number(a.active) - Number(b.active))) {
    byPercent.set(rate.rate_millipercent, { id: rate.id, name: rate.name, rateMillipercent: rate.rate_millipercent })
  }
  return byPercent
}

/**
 * Prices a receipt as the desk prices a sale (computeSaleTotals) and checks its payments add up
 * to its total by the desk's rule (settlePayments: only cash may be more; the rest is change).
 * Null, with its issues, when it cannot be a receipt.
 */
export function priceReceipt(draft: ReceiptDraft, rates: Map<number, TaxRateSnapshot>, currency: string, issues: ImportIssue[]): PricedReceipt | null {
  const money = (minor: number) => formatMoney(minor, currency)
  const before = issues.length
  if (draft.items.length === 0) issues.push(issue(draft.row, 'item', '', `Receipt ${draft.number} has no item`))
  if (draft.items.length > MAX_ITEMS) issues.push(issue(draft.row, 'item', '', `Receipt ${draft.number} has ${draft.items.length} items: one receipt holds at most ${MAX_ITEMS}`))
  if (draft.payments.length > MAX_PAYMENTS) issues.push(issue(draft.row, 'paymentAmount', '', `Receipt ${draft.number} has ${draft.payments.length} payments: one receipt holds at most ${MAX_PAYMENTS}`))
  const priced = draft.items.map((item) => {
    const tax = item.taxMillipercent === null ? null : rates.get(item.taxMillipercent)
    if (tax === undefined) {
      const percent = `${item.taxMillipercent! / 1000} %`
      issues.push(issue(item.row, 'taxRate', percent, `This store has no ${percent} tax rate: add it under Settings → Tax rates (it may be made inactive afterwards)`))
    }
    return { name: item.name, quantity: item.quantity, unitPriceMinor: item.unitPriceMinor, tax: tax ?? null }
  })
  if (issues.length > before || draft.bad) return null
  const totals = computeSaleTotals(priced)
  const paid = draft.payments.reduce((sum, p) => sum + p.amountMinor, 0)
  if (totals.totalMinor > MAX_RECEIPT_MINOR || paid > MAX_RECEIPT_MINOR) {
    issues.push(issue(draft.row, 'unitPrice', '', `Receipt ${draft.number} is more than one receipt can hold (${money(MAX_RECEIPT_MINOR)})`))
    return null
  }
  try {
    return { draft, totals, settlement: settlePayments(totals.totalMinor, draft.payments, currency) }
  } catch {
    const nonCash = draft.payments.filter((p) => p.method !== 'cash').reduce((sum, p) => sum + p.amountMinor, 0)
    const why =
      paid < totals.totalMinor
        ? `${money(totals.totalMinor - paid)} short`
        : `card, gift card and other payments are ${money(nonCash)}; only cash can be more than the total (the rest is change)`
    issues.push(issue(draft.row, 'paymentAmount', money(paid), `Receipt ${draft.number}: payments add up to ${money(paid)}, its total is ${money(totals.totalMinor)} (${why})`))
    return null
  }
}
