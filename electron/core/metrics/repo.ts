import type { Knex } from 'knex'

export interface DailySales {
  local_date: string
  /** Sales minus voids counted on this day. */
  net_minor: number
  sales: number
  voids: number
}

/**
 * A customer's receipts summed per local day in [from, to] (their whole history without a
 * range): one range scan of the covering index receipts_customer_day_totals, at most one row
 * per day. Tiles, both charts and the lifetime totals are folded from these rows, so the
 * database reads each receipt once.
 */
export function dailySales(db: Knex, customerId: string, range?: { from: string; to: string }): Promise<DailySales[]> {
  const query = db('receipts')
    .select(
      'local_date',
      db.raw('SUM(total_minor) AS net_minor'),
      db.raw("SUM(kind = 'sale') AS sales"),
      db.raw("SUM(kind = 'void') AS voids"),
    )
    .where({ customer_id: customerId })
  if (range) query.whereBetween('local_date', [range.from, range.to])
  return query.groupBy('local_date')
}

