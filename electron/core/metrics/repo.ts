import type { Rows } from '../db/prepared'

export interface DailySales {
  local_date: string
  /** Sales minus voids counted on this day. */
  net_minor: number
  sales: number
  voids: number
}

/**
 * A customer's receipts summed per local day in [from, to]: one range scan of the covering
 * index receipts_customer_day_totals, at most one row per day. Tiles and both charts are
 * folded from these rows, so the database reads each receipt once.
 */
export function dailySales(rows: Rows, customerId: string, from: string, to: string): Promise<DailySales[]> {
  return rows<DailySales>(
    `SELECT local_date, SUM(total_minor) AS net_minor, SUM(kind = 'sale') AS sales, SUM(kind = 'void') AS voids
     FROM receipts WHERE customer_id = ? AND local_date BETWEEN ? AND ? GROUP BY local_date`,
    [customerId, from, to],
  )
}
