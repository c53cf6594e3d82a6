import type { Knex } from 'knex'
import type { ReceiptEmail } from '../../contract/receipts'
import { insertTracked, type Writer } from '../db/changelog'
import type { OutboxRow } from './outbox-repo'

/** A row of receipt_emails: the request to email a receipt, part of the receipt's history (synced). */
export interface ReceiptEmailRow {
  id: string
  receipt_id: string
  store_id: string
  recipient: string
  user_id: string | null
  created_at: string
}

/** Requests are never changed once made: an append-only table, logged whole, once (sync/spec.ts). */
export async function insertReceiptEmail(w: Writer, row: ReceiptEmailRow): Promise<void> {
  await insertTracked(w, 'receipt_emails', { ...row })
}

type HistoryRow = ReceiptEmailRow & { requested_by: string | null } & Partial<
  Pick<OutboxRow, 'state' | 'attempts' | 'next_attempt_at' | 'sent_at' | 'last_error'>
>

function toReceiptEmail(row: HistoryRow): ReceiptEmail {
  return {
    id: row.id,
    recipient: row.recipient,
    requestedAt: row.created_at,
    requestedBy: row.requested_by,
    state: row.state ?? null,
    attempts: row.attempts ?? 0,
    nextAttemptAt: row.state === 'queued' ? (row.next_attempt_at ?? null) : null,
    sentAt: row.sent_at ?? null,
    lastError: row.last_error ?? null,
  }
}

/** A receipt's email requests, newest first, with where each stands in this store's outbox. */
export async function receiptEmailHistory(db: Knex, receiptId: string, only?: string): Promise<ReceiptEmail[]> {
  const q = db('receipt_emails as e')
    .leftJoin('mail_outbox as o', 'o.id', 'e.id')
    .leftJoin('users as u', 'u.id', 'e.user_id')
    .select('e.*', 'u.display_name as requested_by', 'o.state', 'o.attempts', 'o.next_attempt_at', 'o.sent_at', 'o.last_error')
    .where('e.receipt_id', receiptId)
  if (only) q.andWhere('e.id', only)
  const rows = (await q.orderBy([{ column: 'e.created_at', order: 'desc' }, { column: 'e.id', order: 'desc' }]).limit(100)) as HistoryRow[]
  return rows.map(toReceiptEmail)
}

/**
 * Erasing a customer removes the addresses their receipts were emailed to: the requests with
 * their change-log entries, and the messages themselves (which quote name and receipt); a
 * message still queued is not sent. Like the rest of an erase it runs on the live database and
 * on backups of an older schema: `has` says which tables exist there.
 */
export async function eraseCustomerReceiptEmails(db: Knex, customerId: string, has: (table: string) => boolean): Promise<void> {
  if (!has('receipt_emails')) return
  const receiptIds = db('receipts').select('id').where({ customer_id: customerId })
  const emailIds = db('receipt_emails').select('id').whereIn('receipt_id', receiptIds)
  if (has('mail_outbox')) await db('mail_outbox').whereIn('id', emailIds).delete()
  if (has('change_log')) await db('change_log').where({ table_name: 'receipt_emails' }).whereIn('row_id', emailIds).delete()
  // The send's request: its digest is of the address typed.
  if (has('command_requests')) await db('command_requests').whereIn('row_id', emailIds).delete()
  await db('receipt_emails').whereIn('receipt_id', receiptIds).delete()
}
