import { createHash } from 'node:crypto'
import type { Knex } from 'knex'
import { AppError } from '../errors'

/**
 * How long a sale's request id is kept on disk. Main's memory of a repeat (repeated-requests.ts)
 * lasts a minute and dies with the app; the desk's draft of a sale, kept with its id, is put back
 * after a crash or a restart however much later the app is opened again (a crash at closing on
 * Saturday, opened on Monday): a week covers that, at a few hundred bytes a sale.
 */
export const SALE_REQUEST_KEPT_MS = 7 * 24 * 3600_000

/** A digest of the sale as parsed (the schema's key order, whatever the sender's), without its request id. */
export function saleDigest(input: { requestId?: string }): string {
  const { requestId: _id, ...sale } = input
  return createHash('sha256').update(JSON.stringify(sale)).digest('base64')
}

/**
 * The receipt the sale with this request id made, if it was saved (within the kept week). The
 * same id with another sale (a restored draft edited before it was sent again) is refused: the
 * first sale stands, and answering it as if it were this one would hide the difference.
 */
export async function receiptOfRequest(trx: Knex.Transaction, requestId: string, digest: string): Promise<string | null> {
  const row: { receipt_id: string; input_digest: string; number: string } | undefined = await trx('sale_requests')
    .join('receipts', 'receipts.id', 'sale_requests.receipt_id')
    .where({ request_id: requestId })
    .first('receipt_id', 'input_digest', 'receipts.number')
  if (!row) return null
  if (row.input_digest !== digest) {
    throw new AppError('CONFLICT', `This sale was already saved as receipt ${row.number}, as it was before this change: start a new sale for what is added or changed`)
  }
  return row.receipt_id
}

/** Records the sale's request id in the sale's own transaction: the id is kept exactly when the sale is. */
export async function keepSaleRequest(trx: Knex.Transaction, requestId: string, digest: string, receiptId: string, at: string): Promise<void> {
  await trx('sale_requests').insert({ request_id: requestId, receipt_id: receiptId, input_digest: digest, created_at: at })
}

/**
 * Forgets ids older than the kept week, when the app starts: not in each sale, whose time is
 * the desk's (one statement less a sale). A desk left running for weeks keeps a few more rows.
 */
export async function forgetOldSaleRequests(db: Knex, now: Date): Promise<void> {
  await db('sale_requests').where('created_at', '<', new Date(now.getTime() - SALE_REQUEST_KEPT_MS).toISOString()).delete()
}
