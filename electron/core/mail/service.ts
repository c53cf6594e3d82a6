import type { ParsedInput } from '../../contract'
import { mayHandleOutboxMessage, OUTBOX_HANDLING_REFUSAL, type OutboxMessage } from '../../contract/mail'
import type { ReceiptEmail } from '../../contract/receipts'
import { commandRequest, rowOfRequest, savedOnce } from '../command-requests'
import { requireStoreId, transact, type CommandContext } from '../context'
import { decodeCursor, pageOf } from '../db/keyset'
import { AppError, notFound } from '../errors'
import { newId } from '../ids'
import { get as getReceipt } from '../sales/service'
import { readMailSettings } from './account'
import { composeReceiptMessage } from './compose'
import { findOutboxSummary, outboxPage, toOutboxMessage, type OutboxRow } from './outbox-repo'
import { insertReceiptEmail, receiptEmailHistory } from './receipt-emails'
import { checkSendAllowed } from './send-limits'

/**
 * Queues a receipt's email. The message is rendered first (bodies, PDF, fixed Message-ID:
 * slow work stays outside the transaction), then the request (the receipt's history, synced)
 * and the outbox row (local) are written in one transaction. The worker sends it; the
 * customer's own email address is only the form's default and is never changed here. A request
 * saved before (its draft put back, sent again) answers with the email it queued, and queues no
 * second: it is not refused as a resend to the same address either.
 */
export async function send(ctx: CommandContext, input: ParsedInput<'receipts:send'>): Promise<ReceiptEmail> {
  const storeId = requireStoreId(ctx)
  const settings = await readMailSettings(ctx.db, storeId)
  if (!settings) throw new AppError('CONFLICT', 'Email is not set up yet: an owner fills in Settings → Email first.')
  const receipt = await getReceipt(ctx, { id: input.receiptId })
  const request = commandRequest('receipts:send', input)
  const at = ctx.now()
  // A send the limits refuse is refused before its message is rendered (the PDF, ~40 ms of CPU,
  // which the refusal threw away): while the mail server is down, every Send again of a receipt
  // meets "already waiting". The transaction checks again and alone decides (two sends
  // at once); a repeat of a saved request is answered with its email, so it is not checked here.
  if (request === null || (await rowOfRequest(ctx.db, request)) === null) {
    await checkSendAllowed(ctx.db, { receiptId: receipt.id, recipient: input.to, userId: ctx.user?.id ?? null, at })
  }
  const emailId = newId()
  // Dated as the store that issued it prints it (its name and address are on it too), not as this one would.
  const message = await composeReceiptMessage({ emailId, receipt, timeZone: receipt.storeTimeZone, settings, to: input.to, at })
  const queued = await transact(ctx, storeId, (w) =>
    savedOnce(w, request, async () => {
      await checkSendAllowed(w.trx, { receiptId: receipt.id, recipient: input.to, userId: w.userId, at: new Date(w.at) })
      await insertReceiptEmail(w, { id: emailId, receipt_id: receipt.id, store_id: storeId, recipient: input.to, user_id: w.userId, created_at: w.at })
      const row: OutboxRow = {
        id: emailId,
        store_id: storeId,
        receipt_id: receipt.id,
        recipient: input.to,
        envelope_from: message.envelopeFrom,
        subject: message.subject,
        message_id: message.messageId,
        raw: message.raw,
        state: 'queued',
        attempts: 0,
        next_attempt_at: w.at,
        last_attempt_at: null,
        last_error: null,
        sent_at: null,
        server_response: null,
        user_id: w.userId,
        created_at: w.at,
      }
      await w.trx('mail_outbox').insert(row)
      return emailId
    }),
  )
  ctx.mail.wake()
  const [email] = await receiptEmailHistory(ctx.db, receipt.id, queued)
  if (!email) throw notFound('Receipt email')
  return email
}

export async function emails(ctx: CommandContext, input: ParsedInput<'receipts:emails'>): Promise<ReceiptEmail[]> {
  if (!(await ctx.db('receipts').where({ id: input.receiptId }).first('id'))) throw notFound('Receipt')
  return receiptEmailHistory(ctx.db, input.receiptId)
}

export async function outbox(ctx: CommandContext, input: ParsedInput<'mail:outbox'>) {
  const after = input.after === null ? null : decodeCursor(input.after, 2)
  const rows = await outboxPage(ctx.db, { storeId: requireStoreId(ctx), state: input.state, after, limit: input.limit })
  const { page, nextCursor } = pageOf(rows, input.limit, (row) => [row.created_at, row.id])
  return { rows: page.map(toOutboxMessage), nextCursor }
}

async function requireMessage(ctx: CommandContext, id: string) {
  const row = await findOutboxSummary(ctx.db, id)
  if (!row) throw notFound('Message')
  return row
}

/** The message, when this user may retry or cancel it (mayHandleOutboxMessage). */
async function requireOwnMessage(ctx: CommandContext, id: string) {
  const row = await requireMessage(ctx, id)
  if (!mayHandleOutboxMessage(ctx.user, toOutboxMessage(row))) throw new AppError('FORBIDDEN', OUTBOX_HANDLING_REFUSAL)
  return row
}

/** Refuses to touch a message that is on its way or already delivered, saying which. */
function requireQueuedOrFailed(state: OutboxMessage['state'], action: string): void {
  if (state === 'sending') throw new AppError('CONFLICT', `This message is being sent right now; it cannot be ${action}.`)
  if (state === 'sent') throw new AppError('CONFLICT', `This message was already sent; it cannot be ${action}.`)
}

/** Sends a queued, failed or cancelled message now: the same stored message, the same Message-ID. */
export async function retry(ctx: CommandContext, input: ParsedInput<'mail:retry'>): Promise<OutboxMessage> {
  const row = await requireOwnMessage(ctx, input.id)
  requireQueuedOrFailed(row.state, 'retried')
  await ctx.db('mail_outbox')
    .where({ id: input.id })
    .whereIn('state', ['queued', 'failed', 'cancelled'])
    .update({ state: 'queued', next_attempt_at: ctx.now().toISOString() })
  ctx.mail.wake()
  return toOutboxMessage(await requireMessage(ctx, input.id))
}

export async function cancel(ctx: CommandContext, input: ParsedInput<'mail:cancel'>): Promise<OutboxMessage> {
  const row = await requireOwnMessage(ctx, input.id)
  requireQueuedOrFailed(row.state, 'cancelled')
  await ctx.db('mail_outbox').where({ id: input.id }).whereIn('state', ['queued', 'failed']).update({ state: 'cancelled', next_attempt_at: null })
  return toOutboxMessage(await requireMessage(ctx, input.id))
}
