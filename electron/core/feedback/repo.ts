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

type FeedbackListRow = FeedbackRow & { receipt_number: string | null; user_name: string | null }

export function toFeedback(row: FeedbackListRow): Feedback {
  return {
    id: row.id,
    customerId: row.customer_id,
    receipt: row.receipt_id && row.receipt_number ? { id: row.receipt_id, number: row.receipt_number } : null,
    sentiment: row.sentiment,
    comment: row.comment,
    at: row.created_at,
    user: row.user_name,
  }
}

export function latestFeedback(db: Knex, customerId: string, limit: number): Promise<FeedbackListRow[]> {
  return db('feedback as f')
    .leftJoin('receipts as r', 'r.id', 'f.receipt_id')
    .leftJoin('users as u', 'u.id', 'f.user_id')
    .select('f.*', 'r.number as receipt_number', 'u.display_name as user_name')
    .where('f.customer_id', customerId)
    .orderBy([
      { column: 'f.created_at', order: 'desc' },
      { column: 'f.id', order: 'desc' },
    ])
    .limit(limit)
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
