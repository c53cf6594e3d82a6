import type { Receipt, ReceiptLine } from '../../contract/sales'
import type { ReceiptLineRow, StoredReceipt } from './repo'

/** What the receipt view shows besides the receipt's own rows, looked up by the caller. */
export interface ReceiptSurroundings {
  storeName: string
  storeAddress: string
  /** The issuing store's, whose clock the receipt's date and business day are on. */
  storeTimeZone: string
  /** Whether the store asking issued it (only the issuer voids it). */
  issuedHere: boolean
  customer: Receipt['customer']
  cashier: string | null
  voidedBy: Receipt['voidedBy']
  voids: Receipt['voids']
}

const percent = (millipercent: number) => millipercent / 1000

/** The tax summary, one line per rate as sold, summed from the rounded line taxes. */
function taxSummary(items: StoredReceipt['items']): Receipt['taxes'] {
  const byRate = new Map<string, Receipt['taxes'][number]>()
  for (const item of items) {
    if (item.tax_rate_millipercent === null) continue
    const key = `${item.tax_rate_id}|${item.tax_rate_millipercent}`
    const line = byRate.get(key) ?? { name: item.tax_rate_name ?? '', ratePercent: percent(item.tax_rate_millipercent), taxableMinor: 0, taxMinor: 0 }
    line.taxableMinor += item.line_subtotal_minor
    line.taxMinor += item.tax_minor
    byRate.set(key, line)
  }
  return [...byRate.values()]
}

export function toReceipt({ receipt, items, payments }: StoredReceipt, around: ReceiptSurroundings): Receipt {
  return {
    id: receipt.id,
    number: receipt.number,
    kind: receipt.kind,
    createdAt: receipt.created_at,
    localDate: receipt.local_date,
    storeName: around.storeName,
    storeAddress: around.storeAddress,
    storeTimeZone: around.storeTimeZone,
    issuedHere: around.issuedHere,
    currency: receipt.currency,
    customer: around.customer,
    cashier: around.cashier,
    items: items.map((item) => ({
      name: item.name,
      quantity: item.quantity,
      unitPriceMinor: item.unit_price_minor,
      lineSubtotalMinor: item.line_subtotal_minor,
      taxRateName: item.tax_rate_name,
      taxRatePercent: item.tax_rate_millipercent === null ? null : percent(item.tax_rate_millipercent),
      taxMinor: item.tax_minor,
      lineTotalMinor: item.line_total_minor,
    })),
    taxes: taxSummary(items),
    payments: payments.map((p) => ({ method: p.method, amountMinor: p.amount_minor, reference: p.reference, points: p.points ?? null })),
    subtotalMinor: receipt.subtotal_minor,
    taxMinor: receipt.tax_minor,
    totalMinor: receipt.total_minor,
    paidMinor: receipt.paid_minor,
    changeMinor: receipt.change_minor,
    loyaltyPoints: receipt.loyalty_points,
    voidReason: receipt.void_reason,
    voidedBy: around.voidedBy,
    voids: around.voids,
  }
}

export function toReceiptLine(row: ReceiptLineRow): ReceiptLine {
  return {
    id: row.id,
    number: row.number,
    kind: row.kind,
    createdAt: row.created_at,
    localDate: row.local_date,
    totalMinor: row.total_minor,
    currency: row.currency,
    storeTimeZone: row.store_time_zone,
    voided: Boolean(row.voided),
  }
}
