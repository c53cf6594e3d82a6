import type { ResolvedPeriod } from '../../contract/period'
import type { CoreServices } from '../context'
import { decodeCursor, pageOf } from '../db/keyset'
import type { Rows } from '../db/prepared'
import { latestStoreDay } from '../stores/terms'
import { localDateOf } from '../time/local-dates'
import { resolvePeriod, type PeriodInput } from '../time/period'
import { toReceiptLine } from './receipt-view'
import { customerReceiptLines } from './repo'

/**
 * The days of a customer's history period at this store (its zone): one that runs to today runs
 * to the latest day any of the owner's stores is on, so a receipt a store east of this one rang
 * up on its today shows once sync brings it, not only after this store's midnight.
 */
export async function customerHistoryPeriod(ctx: Pick<CoreServices, 'db' | 'readCache' | 'now'>, input: PeriodInput, timeZone: string): Promise<ResolvedPeriod> {
  const now = ctx.now()
  return resolvePeriod(input, localDateOf(now, timeZone), await latestStoreDay(ctx, now, timeZone))
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
