import type { ParsedInput } from '../../contract'
import type { Feedback } from '../../contract/feedback'
import { requireStoreId, transact, type CommandContext } from '../context'
import { pageCustomerId } from '../customers/lookup'
import { fieldError, notFound } from '../errors'
import { newId } from '../ids'
import { requireActiveCustomer } from '../loyalty/accounts'
import { findReceiptRow } from '../sales/repo'
import { loadStoreTerms } from '../stores/terms'
import { localDateOf } from '../time/local-dates'
import { insertFeedback, latestFeedback, toFeedback, type FeedbackRow } from './repo'

/** Feedback on a receipt belongs to the receipt's customer; a receipt with no customer cannot take any. */
export async function add(ctx: CommandContext, input: ParsedInput<'feedback:add'>): Promise<Feedback> {
  const storeId = requireStoreId(ctx)
  return transact(ctx, storeId, async (w) => {
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
    return toFeedback({ ...row, receipt_number: receipt?.number ?? null, user_name: ctx.user?.displayName ?? null })
  })
}

export async function listForCustomer(ctx: CommandContext, input: ParsedInput<'feedback:listForCustomer'>): Promise<Feedback[]> {
  return (await latestFeedback(ctx.db, await pageCustomerId(ctx.db, input.customerId), 200)).map(toFeedback)
}
