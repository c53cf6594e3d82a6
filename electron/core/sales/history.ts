import type { ResolvedPeriod } from '../../contract/period'
import { decodeCursor, pageOf } from '../db/keyset'
import type { Rows } from '../db/prepared'
import { toReceiptLine } from './receipt-view'
import { customerReceiptLines } from './repo'

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
