import type { Rows } from '../db/prepared'

export interface DailySales {
  local_date: string
  /** The currency of the receipts summed in this row: a receipt keeps its store's. */
  currency: string
  /** Sales minus voids counted on this day, in this currency, tax included: what the customer paid. */
  total_minor: number
  /** The same before tax (the receipts' subtotals): net sales, the amount points are earned on. */
  net_minor: number
  sales: number
  voids: number
}

const DAILY = `SELECT local_date, currency, SUM(total_minor) AS total_minor, SUM(subtotal_minor) AS net_minor,
  SUM(kind = 'sale') AS sales, SUM(kind = 'void') AS voids
  FROM receipts WHERE customer_id = ?`
/** The statement the metrics page sends (the benchmark's raw side sends the same text). */
export const DAILY_IN_RANGE = `${DAILY} AND local_date BETWEEN ? AND ? GROUP BY local_date, currency`
const DAILY_EVER = `${DAILY} GROUP BY local_date, currency`

/**
 * A customer's receipts summed per local day and currency in [from, to] (their whole history
 * without a range): one range scan of the covering index receipts_customer_day_currency_amounts,
 * at most one row per day and currency. The owner's stores may keep different currencies, and
 * a receipt of another store is in its own: amounts are summed within a currency, never across.
 * A void is a receipt of negated amounts, so the sums leave a voided sale out. Tiles, both
 * charts and the lifetime totals are folded from these rows, so the database reads each
 * receipt once.
 */
export function dailySales(rows: Rows, customerId: string, range?: { from: string; to: string }): Promise<DailySales[]> {
  return range ? rows<DailySales>(DAILY_IN_RANGE, [customerId, range.from, range.to]) : rows<DailySales>(DAILY_EVER, [customerId])
}
