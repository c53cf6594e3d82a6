import type { ParsedInput } from '../../contract'
import type { Feedback } from '../../contract/feedback'
import { commandRequest, savedOnce } from '../command-requests'
import { requireStoreId, transact, type CommandContext } from '../context'
import type { Writer } from '../db/changelog'
import { pageCustomerId } from '../customers/lookup'
import { decodeCursor, pageOf } from '../db/keyset'
import { onConnection } from '../db/prepared'
import { fieldError, notFound } from '../errors'
import { newId } from '../ids'
import { requireActiveCustomer } from '../loyalty/accounts'
import { customerHistoryPeriod } from '../sales/history'
import { findReceiptRow } from '../sales/repo'
import { loadStoreTerms, storeTerms } from '../stores/terms'
import { localDateOf } from '../time/local-dates'
import { customerFeedbackLines, feedbackLine, insertFeedback, toFeedback, type FeedbackRow } from './repo'

/** The new note, in the command's transaction; answers its id. */
async function insertNew(w: Writer, storeId: string, input: ParsedInput<'feedback:add'>): Promise<string> {
  const receipt = input.receiptId === null ? null : await findReceiptRow(w.trx, input.receiptId)
  if (receipt === undefined) throw notFound('Receipt')
  if (receipt && !receipt.customer_id) throw fieldError('receiptId', 'This receipt has no customer to give feedback on')
  const customerId = receipt?.customer_id ?? input.customerId!
  // Inactive, erased and merged customers take no new feedback: a comment is personal data. The
  // customer asked for comes first: a merged one's receipts are its survivor's now, and it is told so.
  await requireActiveCustomer(w.trx, input.customerId ?? customerId)
  if (receipt && input.customerId !== null && receipt.customer_id !== input.customerId) {
    throw fieldError('receiptId', 'This receipt belongs to another customer')
  }
  const terms = await loadStoreTerms(w.trx, storeId)
  const row: FeedbackRow = {
    id: newId(),
    store_id: storeId,
    customer_id: customerId,
    receipt_id: receipt?.id ?? null,
    sentiment: input.sentiment,
    comment: input.comment || null,
    user_id: w.userId,
    created_at: w.at,
    local_date: localDateOf(new Date(w.at), terms.timeZone),
  }
  await insertFeedback(w, row)
  return row.id
}

/**
 * Feedback on a receipt belongs to the receipt's customer; a receipt with no customer cannot take
 * any. A request saved before (its draft put back, sent again) answers with the note it made.
 */
export async function add(ctx: CommandContext, input: ParsedInput<'feedback:add'>): Promise<Feedback> {
  const storeId = requireStoreId(ctx)
  const request = commandRequest('feedback:add', input)
  const id = await transact(ctx, storeId, (w) => savedOnce(w, request, () => insertNew(w, storeId, input)))
  const line = await feedbackLine(ctx.db, id)
  if (!line) throw notFound('Feedback')
  return toFeedback(line, storeId)
}

/**
 * The feedback list of a customer's metrics page: what they said on days of the period, newest
 * first, a page at a time. The period is the metrics page's (sales/history.ts), so the list and
 * the feedback tiles count the same rows. A merged customer's feedback moved to its survivor;
 * an erased customer's was deleted with them, and their page answers NOT_FOUND.
 */
export async function listForCustomer(ctx: CommandContext, input: ParsedInput<'feedback:listForCustomer'>) {
  const storeId = requireStoreId(ctx)
  const terms = await storeTerms(ctx, storeId)
  const customerId = await pageCustomerId(ctx.db, input.customerId)
  const period = await customerHistoryPeriod(ctx, input, terms.timeZone, customerId)
  const after = input.after === null ? null : decodeCursor(input.after, 2)
  const lines = await onConnection(ctx.db, (rows) =>
    customerFeedbackLines(rows, { customerId, from: period.from, to: period.to, after, limit: input.limit }),
  )
  const { page, nextCursor } = pageOf(lines, input.limit, (row) => [row.created_at, row.id])
  return { rows: page.map((row) => toFeedback(row, storeId)), nextCursor }
}
