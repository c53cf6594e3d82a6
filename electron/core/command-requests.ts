import { createHash } from 'node:crypto'
import type { Knex } from 'knex'
import type { CommandName } from '../contract'
import type { Writer } from './db/changelog'
import { AppError } from './errors'

/**
 * How long a request id is kept on disk. Main's memory of a repeat (repeated-requests.ts) lasts a
 * minute and dies with the app; a form's draft, kept with its id, is put back after a lost answer,
 * a crash or a restart however much later the app is opened again (a crash at closing on
 * Saturday, opened on Monday): a week covers that, at a few hundred bytes a request.
 */
export const REQUEST_KEPT_MS = 7 * 24 * 3600_000

/**
 * The commands that add a row each time they run, each with what a changed repeat is told: the
 * same id with other input (a restored draft edited before it was sent again) is refused, as
 * the first request stands and answering it as if it were this one would hide the difference.
 */
const CHANGED_REPEAT = {
  'customers:create': 'This new customer was already saved, as the form was before this change: find them in Customers and edit them there',
  'customers:setFlag': 'This flag change was already saved, as it was before this change: see the flag history, and change the flag again for what is different',
  'deals:create': 'This deal was already saved, as it was before this change: change it in the customer’s deals',
  'appointments:schedule': 'This appointment was already scheduled, as it was before this change: reschedule it in the customer’s appointments',
  'loyalty:adjust': 'This adjustment was already saved, as it was before this change: see the loyalty history, and make a new adjustment for the difference',
  'feedback:add': 'This feedback was already saved, as it was before this change: record new feedback for what is added',
  'taxRates:save': 'This tax rate was already saved, as it was before this change: change it under Settings → Tax rates',
  'receipts:send': 'This email was already queued, as it was before this change: send the receipt again for another address',
  // The sale's names its receipt (sales/service.ts); this one is never shown.
  'sales:create': 'This sale was already saved, as it was before this change: start a new sale for what is added or changed',
} as const satisfies Partial<Record<CommandName, string>>

export type RowAddingCommand = keyof typeof CHANGED_REPEAT

/**
 * Fields left out of the digest: the id itself, and secrets. A PIN is a few digits and a digest
 * of an input otherwise known would give it away in a moment; the customer's password likewise.
 * A repeat typed with another PIN is still the same request (the PIN is checked again anyway).
 * And a sale's `expectedTotalMinor`: a check of the sale, not part of it (a draft saved before it
 * existed, sent again after, is the same sale).
 */
const LEFT_OUT = new Set(['requestId', 'approverPin', 'password', 'expectedTotalMinor'])

/**
 * Fields a later version added with a default that says "none" (a payment's `points`, null unless
 * it is paid with points; a new deal's `alsoWhenOpen`, false unless asked): left out of the digest
 * when they hold it, so a request saved before the update and sent again after it (a draft put
 * back within the week) is still the same one.
 */
const NEW_DEFAULTS: Readonly<Record<string, unknown>> = { points: null, alsoWhenOpen: false }

function withoutNewDefaults(key: string, value: unknown): unknown {
  return Object.hasOwn(NEW_DEFAULTS, key) && NEW_DEFAULTS[key] === value ? undefined : value
}

/** What is kept of one request: its command, its id and a digest of the rest of its input. */
export interface CommandRequest {
  command: RowAddingCommand
  requestId: string
  digest: string
}

/**
 * The request `input` (as parsed: the schema's key order, whatever the sender's) makes, or null
 * without a request id. For a sale, the digest is the one sale_requests kept before (its input
 * holds none of the fields left out), so the ids of sales saved before the move still count.
 */
export function commandRequest(command: RowAddingCommand, input: { requestId?: string }): CommandRequest | null {
  if (input.requestId === undefined) return null
  const kept = Object.fromEntries(Object.entries(input).filter(([name]) => !LEFT_OUT.has(name)))
  return { command, requestId: input.requestId, digest: createHash('sha256').update(JSON.stringify(kept, withoutNewDefaults)).digest('base64') }
}

/**
 * The id of the row this request made, if it was saved (within the kept week); null if it was
 * not. The same id with another input is refused with `changed` (CONFLICT). `db` is the
 * command's transaction, or (for a look before it: receipts:send) the database.
 */
export async function rowOfRequest(db: Knex, request: CommandRequest, changed?: (rowId: string) => Promise<string>): Promise<string | null> {
  const row: { row_id: string; input_digest: string } | undefined = await db('command_requests')
    .where({ command: request.command, request_id: request.requestId })
    .first('row_id', 'input_digest')
  if (!row) return null
  if (row.input_digest !== request.digest) {
    throw new AppError('CONFLICT', changed ? await changed(row.row_id) : CHANGED_REPEAT[request.command])
  }
  return row.row_id
}

/** Records the request in the command's own transaction: the id is kept exactly when the row it made is. */
export async function keepRequest(trx: Knex.Transaction, request: CommandRequest, rowId: string, at: string): Promise<void> {
  await trx('command_requests').insert({ command: request.command, request_id: request.requestId, input_digest: request.digest, row_id: rowId, created_at: at })
}

/**
 * In the command's transaction, before any of its checks (a repeat of an appointment for 15:00
 * sent at 15:05 is the appointment already made, not one in the past): the row the request made
 * before, or `write`'s new row, kept with the request. A refusal from `write` rolls the
 * transaction back, so the request is not kept and runs again once it can succeed.
 */
export async function savedOnce(w: Writer, request: CommandRequest | null, write: () => Promise<string>): Promise<string> {
  const earlier = request === null ? null : await rowOfRequest(w.trx, request)
  if (earlier !== null) return earlier
  const rowId = await write()
  if (request !== null) await keepRequest(w.trx, request, rowId, w.at)
  return rowId
}

/**
 * Forgets requests older than the kept week, when the app starts: not in each command, whose
 * time is the desk's (one statement less a save). A desk left running for weeks keeps a few more.
 */
export async function forgetOldRequests(db: Knex, now: Date): Promise<void> {
  await db('command_requests').where('created_at', '<', new Date(now.getTime() - REQUEST_KEPT_MS).toISOString()).delete()
}
