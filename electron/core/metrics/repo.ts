import type { Knex } from 'knex'

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
export function dailySales(db: Knex, customerId: string, from: string, to: string): Promise<DailySales[]> {
  return db('receipts')
    .select(
      'local_date',
      db.raw('SUM(total_minor) AS net_minor'),
      db.raw("SUM(kind = 'sale') AS sales"),
      db.raw("SUM(kind = 'void') AS voids"),
    )
    .where({ customer_id: customerId })
    .whereBetween('local_date', [from, to])
    .groupBy('local_date')
}

/** Every day a customer bought something, summed as dailySales does, over their whole history. */
export function allDailySales(db: Knex, customerId: string): Promise<DailySales[]> {
  return db('receipts')
    .select(
      'local_date',
      db.raw('SUM(total_minor) AS net_minor'),
      db.raw("SUM(kind = 'sale') AS sales"),
      db.raw("SUM(kind = 'void') AS voids"),
    )
    .where({ customer_id: customerId })
    .groupBy('local_date')
}
