import type { Knex } from 'knex'
import type { ResolvedPeriod } from '../../contract/period'
import type { CoreServices } from '../context'
import { decodeCursor, pageOf } from '../db/keyset'
import { prepared, type Rows } from '../db/prepared'
import { latestStoreDay } from '../stores/terms'
import { localDateOf } from '../time/local-dates'
import { resolvePeriod, type PeriodInput } from '../time/period'
import { toReceiptLine } from './receipt-view'
import { customerReceiptLines } from './repo'

/**
 * The days of a customer's history period at this store (its zone): one that runs to today runs
 * to the latest day any of the owner's stores is on, so a receipt a store east of this one rang
 * up on its today shows once sync brings it, not only after this store's midnight. "All time"
 * starts on the customer's first day with the store.
 */
export async function customerHistoryPeriod(
  ctx: Pick<CoreServices, 'db' | 'readCache' | 'now'>,
  input: PeriodInput,
  timeZone: string,
  customerId: string,
): Promise<ResolvedPeriod> {
  const now = ctx.now()
  const today = localDateOf(now, timeZone)
  const firstDay = input.period === 'allTime' ? ((await customerFirstDay(ctx.db, customerId)) ?? today) : undefined
  return resolvePeriod(input, today, await latestStoreDay(ctx, now, timeZone), firstDay)
}

/**
 * The earliest day the page of a customer counts anything on: a receipt, a check-in or feedback
 * (what tiles, charts and lists read), or null before the first. Receipts and feedback are one
 * seek each (indexes on customer_id, local_date); visits read the customer's own few rows.
 */
const FIRST_DAY = `SELECT MIN(day) AS first_day FROM (
  SELECT MIN(local_date) AS day FROM receipts WHERE customer_id = ?
  UNION ALL SELECT MIN(local_date) FROM feedback WHERE customer_id = ?
  UNION ALL SELECT MIN(local_date) FROM visits WHERE customer_id = ? AND merged_into IS NULL)`

async function customerFirstDay(db: Knex, customerId: string): Promise<string | null> {
  const [row] = await prepared<{ first_day: string | null }>(db, FIRST_DAY, [customerId, customerId, customerId])
  return row?.first_day ?? null
}

/** One page of a customer's transaction history in a period: the receipts list and the metrics page share it. */
export async function receiptHistoryPage(
  rows: Rows,
  query: { customerId: string; period: ResolvedPeriod; after: string | null; limit: number },
) {
  const after = query.after === null ? null : decodeCursor(query.after, 3)
  const lines = await customerReceiptLines(rows, {
    customerId: query.customerId,
    from: query.period.from,
    to: query.period.to,
    after,
    limit: query.limit,
  })
  const { page, nextCursor } = pageOf(lines, query.limit, (row) => [row.local_date, row.created_at, row.id])
  return { rows: page.map(toReceiptLine), nextCursor }
}
