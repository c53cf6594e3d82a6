import type { Knex } from 'knex'
import type { OutboxMessage, OutboxState } from '../../contract/mail'

/** A row of mail_outbox: local to this store (sync never carries it). */
export interface OutboxRow {
  id: string
  store_id: string
  receipt_id: string
  recipient: string
  /** The From address when the message was queued: a send goes From the settings' current one. */
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
  'user_id',
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
    requestedById: row.user_id,
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

/** What the worker needs to send a message, but its bytes (the SMTP thread reads them) and its sender (the settings' now). */
export type DueMessage = Pick<OutboxRow, 'id' | 'receipt_id' | 'recipient' | 'subject' | 'attempts'>

/** Messages due now, oldest due first: what the worker sends next. */
export function dueMessages(db: Knex, nowIso: string, limit: number): Promise<DueMessage[]> {
  return db<OutboxRow>('mail_outbox')
    .select('id', 'receipt_id', 'recipient', 'subject', 'attempts')
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
 * Takes queued messages for one attempt each, in one statement: only messages still queued
 * are taken (one Cancel a moment earlier wins), and each attempt is counted before its send
 * starts, so a crash mid-send still counts it. Answers the ids taken.
 */
export async function claimForSending(db: Knex, ids: string[], nowIso: string): Promise<Set<string>> {
  if (ids.length === 0) return new Set()
  const rows = (await db.raw(
    `UPDATE mail_outbox SET state = 'sending', last_attempt_at = ?, attempts = attempts + 1
     WHERE state = 'queued' AND id IN (${ids.map(() => '?').join(', ')}) RETURNING id`,
    [nowIso, ...ids],
  )) as { id: string }[]
  return new Set(rows.map((row) => row.id))
}

/** How one attempt ended, as the worker records it. */
export type Outcome =
  | { id: string; kind: 'sent'; at: string; response: string }
  | { id: string; kind: 'retry'; nextAt: string; error: string }
  | { id: string; kind: 'failed'; error: string }
  /** Claimed but never handed to the server: queued again, the attempt not counted. */
  | { id: string; kind: 'unsent'; nextAt: string }

/**
 * Records attempts' outcomes in one transaction and at most four statements (one a kind, the
 * outcomes handed over as one JSON array), however many messages: a drain's bookkeeping is a
 * few statements on the desk's connection, not one for every message.
 */
export async function recordOutcomes(db: Knex, outcomes: Outcome[]): Promise<void> {
  if (outcomes.length === 0) return
  const of = <K extends Outcome['kind']>(kind: K) => outcomes.filter((o): o is Extract<Outcome, { kind: K }> => o.kind === kind)
  const sent = of('sent').map((o) => ({ id: o.id, at: o.at, response: o.response.slice(0, 500) }))
  const retry = of('retry')
  const failed = of('failed')
  const unsent = of('unsent')
  const update = (set: string) =>
    `UPDATE mail_outbox SET ${set} FROM json_each(?) AS o WHERE mail_outbox.id = o.value ->> 'id' AND mail_outbox.state = 'sending'`
  await db.transaction(async (trx) => {
    // A sent message's bytes (its receipt rendered, PDF included: 10–100 kB) are never read again: kept, a
    // desk emailing a hundred receipts a day grew the database and every backup by hundreds of MB a year.
    if (sent.length)
      await trx.raw(update(`state = 'sent', sent_at = o.value ->> 'at', server_response = o.value ->> 'response', last_error = NULL, next_attempt_at = NULL, raw = ''`), [JSON.stringify(sent)])
    if (retry.length) await trx.raw(update(`state = 'queued', next_attempt_at = o.value ->> 'nextAt', last_error = o.value ->> 'error'`), [JSON.stringify(retry)])
    if (failed.length) await trx.raw(update(`state = 'failed', next_attempt_at = NULL, last_error = o.value ->> 'error'`), [JSON.stringify(failed)])
    if (unsent.length) await trx.raw(update(`state = 'queued', next_attempt_at = o.value ->> 'nextAt', attempts = attempts - 1`), [JSON.stringify(unsent)])
  })
}

/** Queued messages that could not even be tried (no settings, unreadable password): say why, try later. */
export async function postponeAll(db: Knex, ids: string[], nextAt: string, error: string): Promise<void> {
  if (ids.length) await db('mail_outbox').whereIn('id', ids).andWhere({ state: 'queued' }).update({ next_attempt_at: nextAt, last_error: error })
}

/**
 * After a crash (or a quit mid-send) a message may be left 'sending': it goes back to the
 * queue and is sent again, the same bytes under the same Message-ID (From as the settings
 * say then: sender-headers.ts; see README: Email).
 */
export async function requeueInterrupted(db: Knex, nowIso: string): Promise<number> {
  return db('mail_outbox').where({ state: 'sending' }).update({ state: 'queued', next_attempt_at: nowIso })
}

/** The link is back, or the settings changed: every queued message may go now. */
export async function makeQueuedDueNow(db: Knex, nowIso: string): Promise<void> {
  await db('mail_outbox').where({ state: 'queued' }).andWhere('next_attempt_at', '>', nowIso).update({ next_attempt_at: nowIso })
}
