import type { Knex } from 'knex'
import type { OutboxMessage, OutboxState } from '../../contract/mail'

/** A row of mail_outbox: local to this store (sync never carries it). */
export interface OutboxRow {
  id: string
  store_id: string
  receipt_id: string
  recipient: string
  envelope_from: string
  subject: string
  message_id: string
  raw: string
  state: OutboxState
  attempts: number
  next_attempt_at: string | null
  last_attempt_at: string | null
  last_error: string | null
  sent_at: string | null
  server_response: string | null
  user_id: string | null
  created_at: string
}

/** Every column but the message itself: lists and states never need its bytes. */
export const OUTBOX_SUMMARY_COLUMNS = [
  'id',
  'receipt_id',
  'recipient',
  'subject',
  'state',
  'attempts',
  'next_attempt_at',
  'last_attempt_at',
  'last_error',
  'sent_at',
  'created_at',
] as const

export type OutboxSummaryRow = Pick<OutboxRow, (typeof OUTBOX_SUMMARY_COLUMNS)[number]> & { receipt_number: string }

export function toOutboxMessage(row: OutboxSummaryRow): OutboxMessage {
  return {
    id: row.id,
    receiptId: row.receipt_id,
    receiptNumber: row.receipt_number,
    recipient: row.recipient,
    subject: row.subject,
    state: row.state,
    attempts: row.attempts,
    nextAttemptAt: row.state === 'queued' ? row.next_attempt_at : null,
    lastAttemptAt: row.last_attempt_at,
    lastError: row.last_error,
    sentAt: row.sent_at,
    createdAt: row.created_at,
  }
}

function summaries(db: Knex) {
  return db('mail_outbox as o')
    .join('receipts as r', 'r.id', 'o.receipt_id')
    .select(OUTBOX_SUMMARY_COLUMNS.map((c) => `o.${c}`))
    .select('r.number as receipt_number')
}

export async function findOutboxSummary(db: Knex, id: string): Promise<OutboxSummaryRow | undefined> {
  return (await summaries(db).where('o.id', id).first()) as OutboxSummaryRow | undefined
}

/** Newest first, keyset (created_at, id), optionally one state. */
export function outboxPage(db: Knex, query: { storeId: string; state: OutboxState | null; after: string[] | null; limit: number }) {
  const q = summaries(db).where('o.store_id', query.storeId)
  if (query.state) q.where('o.state', query.state)
  if (query.after) q.whereRaw('(o.created_at, o.id) < (?, ?)', query.after)
  return q
    .orderBy([
      { column: 'o.created_at', order: 'desc' },
      { column: 'o.id', order: 'desc' },
    ])
    .limit(query.limit + 1) as Promise<OutboxSummaryRow[]>
}

/** Messages due now, oldest due first: what the worker sends next. */
export function dueMessages(db: Knex, nowIso: string, limit: number): Promise<OutboxRow[]> {
  return db<OutboxRow>('mail_outbox')
    .where({ state: 'queued' })
    .andWhere('next_attempt_at', '<=', nowIso)
    .orderBy([{ column: 'next_attempt_at' }, { column: 'id' }])
    .limit(limit)
}

/** When the next queued message falls due, or null when none is queued. */
export async function nextDueAt(db: Knex): Promise<string | null> {
  const row = await db('mail_outbox').where({ state: 'queued' }).min<{ at: string | null }>({ at: 'next_attempt_at' }).first()
  return row?.at ?? null
}

/**
 * Takes a queued message for one attempt. Only one taker wins (the state moves in the same
 * statement), and the attempt is counted before the send starts: a crash mid-send still counts it.
 */
export async function claimForSending(db: Knex, id: string, nowIso: string): Promise<boolean> {
  const changed = await db('mail_outbox')
    .where({ id, state: 'queued' })
    .update({ state: 'sending', last_attempt_at: nowIso, attempts: db.raw('attempts + 1') })
  return changed === 1
}

export async function markSent(db: Knex, id: string, nowIso: string, response: string): Promise<void> {
  await db('mail_outbox')
    .where({ id, state: 'sending' })
    .update({ state: 'sent', sent_at: nowIso, server_response: response.slice(0, 500), last_error: null, next_attempt_at: null })
}

export async function markRetry(db: Knex, id: string, nextAt: string, error: string): Promise<void> {
  await db('mail_outbox').where({ id, state: 'sending' }).update({ state: 'queued', next_attempt_at: nextAt, last_error: error })
}

export async function markFailed(db: Knex, id: string, error: string): Promise<void> {
  await db('mail_outbox').where({ id, state: 'sending' }).update({ state: 'failed', next_attempt_at: null, last_error: error })
}

/** Queued messages that could not even be tried (no settings, unreadable password): say why, try later. */
export async function postponeAll(db: Knex, ids: string[], nextAt: string, error: string): Promise<void> {
  if (ids.length) await db('mail_outbox').whereIn('id', ids).andWhere({ state: 'queued' }).update({ next_attempt_at: nextAt, last_error: error })
}

/**
 * After a crash (or a quit mid-send) a message may be left 'sending': it goes back to the
 * queue and is sent again, the same bytes under the same Message-ID (see README: Email).
 */
export async function requeueInterrupted(db: Knex, nowIso: string): Promise<number> {
  return db('mail_outbox').where({ state: 'sending' }).update({ state: 'queued', next_attempt_at: nowIso })
}

/** The link is back, or the settings changed: every queued message may go now. */
export async function makeQueuedDueNow(db: Knex, nowIso: string): Promise<void> {
  await db('mail_outbox').where({ state: 'queued' }).andWhere('next_attempt_at', '>', nowIso).update({ next_attempt_at: nowIso })
}
