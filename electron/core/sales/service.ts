import type { Knex } from 'knex'
import type { ParsedInput } from '../../contract'
import type { Receipt } from '../../contract/sales'
import { commandRequest, keepRequest, rowOfRequest } from '../command-requests'
import { requireStoreId, transact, type CommandContext } from '../context'
import { pageCustomerId } from '../customers/lookup'
import { onConnection } from '../db/prepared'
import { notFound } from '../errors'
import { findCustomerAccount, requireActiveCustomer, type CustomerAccount } from '../loyalty/accounts'
import { loadStoreTerms, storeTerms } from '../stores/terms'
import { findUserById } from '../users/repo'
import { customerHistoryPeriod, receiptHistoryPage } from './history'
import { toReceipt, type ReceiptSurroundings } from './receipt-view'
import { findReceiptRow, findVoidOf, loadReceipt, type StoredReceipt } from './repo'
import { writeSale, writeVoid } from './write'

const customerOnReceipt = (account: CustomerAccount | undefined | null): Receipt['customer'] =>
  account ? { id: account.id, name: account.name, flagged: account.flagged, flagReason: account.flagReason, erased: account.erased } : null

async function userName(db: Knex, id: string | null): Promise<string | null> {
  return id ? ((await findUserById(db, id))?.display_name ?? null) : null
}

/** Looks up what the receipt view shows around a stored receipt: store, customer, cashier, void links. */
async function describe(ctx: CommandContext, stored: StoredReceipt): Promise<Receipt> {
  const { db } = ctx
  const r = stored.receipt
  const [terms, customer, cashier, voidedBy, voids] = await Promise.all([
    storeTerms(ctx, r.store_id),
    r.customer_id ? findCustomerAccount(db, r.customer_id) : null,
    userName(db, r.user_id),
    r.kind === 'sale' ? findVoidOf(db, r.id) : undefined,
    r.voids_receipt_id ? findReceiptRow(db, r.voids_receipt_id) : undefined,
  ])
  const around: ReceiptSurroundings = {
    storeName: terms.name,
    storeAddress: terms.address,
    storeTimeZone: terms.timeZone,
    issuedHere: r.store_id === requireStoreId(ctx),
    customer: customerOnReceipt(customer),
    cashier,
    voidedBy: voidedBy ? { id: voidedBy.id, number: voidedBy.number, createdAt: voidedBy.created_at, by: await userName(db, voidedBy.user_id) } : null,
    voids: voids ? { id: voids.id, number: voids.number } : null,
  }
  return toReceipt(stored, around)
}

/** What the same request id with another sale is told: the first sale stands, named by its receipt. */
async function changedSale(trx: Knex.Transaction, receiptId: string): Promise<string> {
  const receipt = await findReceiptRow(trx, receiptId)
  return `This sale was already saved as receipt ${receipt?.number ?? ''}, as it was before this change: start a new sale for what is added or changed`
}

/**
 * Rings up a sale: receipt, items, payments and earned points commit together or not at all.
 * A sale whose request id was saved before (a draft put back after a crash, sent again) is
 * answered with that receipt, as it is now, instead of a second sale (command-requests.ts).
 */
export async function create(ctx: CommandContext, input: ParsedInput<'sales:create'>): Promise<Receipt> {
  const storeId = requireStoreId(ctx)
  const request = commandRequest('sales:create', input)
  const done = await transact(ctx, storeId, async (w) => {
    const earlier = request === null ? null : await rowOfRequest(w.trx, request, (receiptId) => changedSale(w.trx, receiptId))
    if (earlier !== null) return earlier
    // Independent reads go to the driver together: each is a round trip to its thread pool.
    const [terms, customer] = await Promise.all([
      loadStoreTerms(w.trx, storeId),
      input.customerId === null ? null : requireActiveCustomer(w.trx, input.customerId),
    ])
    // Read in this transaction, which merges nothing: no need to ask again after the write.
    if (customer && !customer.merged) w.notMerged.add(customer.id)
    const stored = await writeSale(w, terms, customer, input)
    if (request !== null) await keepRequest(w.trx, request, stored.receipt.id, w.at)
    return { stored, customer, terms }
  })
  if (typeof done === 'string') return get(ctx, { id: done })
  const { stored, customer, terms } = done
  // Built from what was just written: a new sale has no void, and the cashier is the caller.
  return toReceipt(stored, {
    storeName: terms.name,
    storeAddress: terms.address,
    storeTimeZone: terms.timeZone,
    issuedHere: true,
    customer: customerOnReceipt(customer),
    cashier: ctx.user?.displayName ?? null,
    voidedBy: null,
    voids: null,
  })
}

export async function voidSale(ctx: CommandContext, input: ParsedInput<'sales:void'>) {
  const storeId = requireStoreId(ctx)
  const reversalId = await transact(ctx, storeId, async (w) => {
    const original = await loadReceipt(w.trx, input.receiptId)
    if (!original) throw notFound('Receipt')
    return (await writeVoid(w, await loadStoreTerms(w.trx, storeId), original, input.reason)).receipt.id
  })
  const [original, reversal] = await Promise.all([get(ctx, { id: input.receiptId }), get(ctx, { id: reversalId })])
  return { original, reversal }
}

export async function get(ctx: CommandContext, input: ParsedInput<'receipts:get'>): Promise<Receipt> {
  const stored = await loadReceipt(ctx.db, input.id)
  if (!stored) throw notFound('Receipt')
  return describe(ctx, stored)
}

export async function listForCustomer(ctx: CommandContext, input: ParsedInput<'receipts:listForCustomer'>) {
  const terms = await storeTerms(ctx, requireStoreId(ctx))
  // The customer's page's receipts: a merged customer's are its survivor's; an erased customer has no page (their receipts stay in receipts:search).
  const customerId = await pageCustomerId(ctx.db, input.customerId)
  const period = await customerHistoryPeriod(ctx, input, terms.timeZone, customerId)
  const query = { customerId, period, after: input.after, limit: input.limit }
  return onConnection(ctx.db, (rows) => receiptHistoryPage(rows, query))
}
