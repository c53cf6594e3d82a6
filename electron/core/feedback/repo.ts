import type { Knex } from 'knex'
import type { Feedback } from '../../contract/feedback'
import { insertTracked, type Writer } from '../db/changelog'
import type { Rows } from '../db/prepared'

export interface FeedbackRow {
  id: string
  store_id: string
  customer_id: string
  receipt_id: string | null
  sentiment: 'positive' | 'negative'
  comment: string | null
  user_id: string | null
  created_at: string
  local_date: string
}

export async function insertFeedback(w: Writer, row: FeedbackRow): Promise<void> {
  await insertTracked(w, 'feedback', { ...row })
}

type FeedbackListRow = FeedbackRow & {
  receipt_number: string | null
  user_name: string | null
  store_name: string | null
  store_time_zone: string | null
}

/** A feedback row as the screens show it, `thisStoreId` being the store that asks. */
export function toFeedback(row: FeedbackListRow, thisStoreId: string): Feedback {
  return {
    id: row.id,
    customerId: row.customer_id,
    receipt: row.receipt_id && row.receipt_number ? { id: row.receipt_id, number: row.receipt_number } : null,
    sentiment: row.sentiment,
    comment: row.comment,
    at: row.created_at,
    user: row.user_name,
    // A feedback row names its store (a foreign key): sync brings the store's row before it.
    store: { name: row.store_name ?? '', timeZone: row.store_time_zone ?? 'UTC', thisStore: row.store_id === thisStoreId },
  }
}

const FEEDBACK_LINE = `SELECT f.*, r.number AS receipt_number, u.display_name AS user_name, s.name AS store_name, s.time_zone AS store_time_zone
  FROM feedback AS f
  LEFT JOIN receipts AS r ON r.id = f.receipt_id
  LEFT JOIN users AS u ON u.id = f.user_id
  LEFT JOIN stores AS s ON s.id = f.store_id`
const FEEDBACK_LINES = `${FEEDBACK_LINE}
  WHERE f.customer_id = ? AND f.local_date BETWEEN ? AND ?`
const NEWEST_FIRST = 'ORDER BY f.created_at DESC, f.id DESC LIMIT ?'
const FEEDBACK_LINES_FIRST = `${FEEDBACK_LINES} ${NEWEST_FIRST}`
const FEEDBACK_LINES_AFTER = `${FEEDBACK_LINES} AND (f.created_at, f.id) < (?, ?) ${NEWEST_FIRST}`

/**
 * A customer's feedback given on local days in [from, to] (the day of the store that recorded
 * it, as the tiles count it), newest first by the moment it was recorded, after the keyset
 * (created_at, id) of the previous page; one row more than `limit` says there is a next page.
 * The range is read through feedback_customer_id_local_date_sentiment_index; a customer's
 * feedback in a period is a handful of rows, sorted after.
 */
export function customerFeedbackLines(
  rows: Rows,
  query: { customerId: string; from: string; to: string; after: string[] | null; limit: number },
): Promise<FeedbackListRow[]> {
  const range = [query.customerId, query.from, query.to]
  return query.after
    ? rows<FeedbackListRow>(FEEDBACK_LINES_AFTER, [...range, ...query.after, query.limit + 1])
    : rows<FeedbackListRow>(FEEDBACK_LINES_FIRST, [...range, query.limit + 1])
}

/** One feedback row as the screens show it (a repeated feedback:add answers with it), if it is still there. */
export async function feedbackLine(db: Knex, id: string): Promise<FeedbackListRow | undefined> {
  const rows: FeedbackListRow[] = await db.raw(`${FEEDBACK_LINE} WHERE f.id = ?`, [id])
  return rows[0]
}

/** Positive and negative feedback given on local days in [from, to]. */
export async function feedbackCounts(rows: Rows, customerId: string, from: string, to: string) {
  const counts = await rows<{ sentiment: string; n: number }>(
    'SELECT sentiment, count(*) AS n FROM feedback WHERE customer_id = ? AND local_date BETWEEN ? AND ? GROUP BY sentiment',
    [customerId, from, to],
  )
  const count = (sentiment: string) => Number(counts.find((row) => row.sentiment === sentiment)?.n ?? 0)
  return { positive: count('positive'), negative: count('negative') }
}
