import type { Knex } from 'knex'

/**
 * How long a sale's request id is kept on disk. Main's memory of a repeat (repeated-requests.ts)
 * lasts a minute and dies with the app; the desk's draft of a sale, kept with its id, is put back
 * after a crash or a restart however much later the app is opened again (a crash at closing on
 * Saturday, opened on Monday): a week covers that, at a few hundred bytes a sale.
 */
export const SALE_REQUEST_KEPT_MS = 7 * 24 * 3600_000

/** The receipt the sale with this request id made, if it was saved (within the kept week). */
export async function receiptOfRequest(trx: Knex.Transaction, requestId: string): Promise<string | null> {
  const row = await trx('sale_requests').where({ request_id: requestId }).first('receipt_id')
  return (row?.receipt_id as string | undefined) ?? null
}

/** Records the sale's request id in the sale's own transaction: the id is kept exactly when the sale is. */
export async function keepSaleRequest(trx: Knex.Transaction, requestId: string, receiptId: string, at: string): Promise<void> {
  await trx('sale_requests').insert({ request_id: requestId, receipt_id: receiptId, created_at: at })
}

/**
 * Forgets ids older than the kept week, when the app starts: not in each sale, whose time is
 * the desk's (one statement less a sale). A desk left running for weeks keeps a few more rows.
 */
export async function forgetOldSaleRequests(db: Knex, now: Date): Promise<void> {
  await db('sale_requests').where('created_at', '<', new Date(now.getTime() - SALE_REQUEST_KEPT_MS).toISOString()).delete()
}
