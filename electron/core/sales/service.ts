import type { Knex } from 'knex'
import type { ParsedInput } from '../../contract'
import type { Receipt } from '../../contract/sales'
import { requireStoreId, transact, type CommandContext } from '../context'
import { AppError, notFound } from '../errors'
import { findCustomerAccount, requireActiveCustomer, type CustomerAccount } from '../loyalty/accounts'
import { postPoints } from '../loyalty/points'
import { loadStoreTerms } from '../stores/terms'
import { localDateOf } from '../time/local-dates'
import { resolvePeriod } from '../time/period'
import { findUserById } from '../users/repo'
import { receiptHistoryPage } from './history'
import { formatReceiptNumber } from './receipt-number'
import { toReceipt, type ReceiptSurroundings } from './receipt-view'
import { buildSale } from './sale'
import { findReceiptRow, findVoidOf, insertReceipt, loadReceipt, nextReceiptSeq, type StoredReceipt } from './repo'
import { reversalOf } from './reversal'

const customerOnReceipt = (account: CustomerAccount | undefined | null): Receipt['customer'] =>
  account ? { id: account.id, name: account.name, flagged: account.flagged, flagReason: account.flagReason } : null

async function userName(db: Knex, id: string | null): Promise<string | null> {
  return id ? ((await findUserById(db, id))?.display_name ?? null) : null
}

/** Looks up what the receipt view shows around a stored receipt: store, customer, cashier, void links. */
async function describe(db: Knex, stored: StoredReceipt): Promise<Receipt> {
  const r = stored.receipt
  const [terms, customer, cashier, voidedBy, voids] = await Promise.all([
    loadStoreTerms(db, r.store_id),
    r.customer_id ? findCustomerAccount(db, r.customer_id) : null,
    userName(db, r.user_id),
    r.kind === 'sale' ? findVoidOf(db, r.id) : undefined,
    r.voids_receipt_id ? findReceiptRow(db, r.voids_receipt_id) : undefined,
  ])
  const around: ReceiptSurroundings = {
    storeName: terms.name,
    customer: customerOnReceipt(customer),
    cashier,
    voidedBy: voidedBy ? { id: voidedBy.id, number: voidedBy.number, createdAt: voidedBy.created_at, by: await userName(db, voidedBy.user_id) } : null,
    voids: voids ? { id: voids.id, number: voids.number } : null,
  }
  return toReceipt(stored, around)
}

/** Rings up a sale: receipt, items, payments and earned points commit together or not at all. */
export async function create(ctx: CommandContext, input: ParsedInput<'sales:create'>): Promise<Receipt> {
  const storeId = requireStoreId(ctx)
  const { stored, customer, terms } = await transact(ctx, storeId, async (w) => {
    const terms = await loadStoreTerms(w.trx, storeId)
    const customer = input.customerId === null ? null : await requireActiveCustomer(w.trx, input.customerId)
    const stored = await buildSale(w, terms, customer, input)
    await insertReceipt(w, stored)
    const earned = stored.receipt.loyalty_points
    if (customer && earned > 0) {
      const reason = `Earned on sale ${stored.receipt.number}`
      customer.balance = (await postPoints(w, customer, { kind: 'earned', points: earned, reason, receipt_id: stored.receipt.id, approver_id: null })).balance
    }
    return { stored, customer, terms }
  })
  // Built from what was just written: a new sale has no void, and the cashier is the caller.
  return toReceipt(stored, {
    storeName: terms.name,
    customer: customerOnReceipt(customer),
    cashier: ctx.user?.displayName ?? null,
    voidedBy: null,
    voids: null,
  })
}

/**
 * Voids a sale with a reversing receipt; the sale itself is never edited. The points it
 * earned are taken back, but only as far as the balance allows: points the customer has
 * already spent are not clawed into a negative balance (the ledger reason says how many).
 */
export async function voidSale(ctx: CommandContext, input: ParsedInput<'sales:void'>) {
  const storeId = requireStoreId(ctx)
  const ids = await transact(ctx, storeId, async (w) => {
    const original = await loadReceipt(w.trx, input.receiptId)
    if (!original) throw notFound('Receipt')
    const o = original.receipt
    if (o.kind === 'void') throw new AppError('CONFLICT', 'A void cannot itself be voided')
    const earlier = await findVoidOf(w.trx, o.id)
    if (earlier) throw new AppError('CONFLICT', `Receipt ${o.number} was already voided by ${earlier.number}`)
    const customer = o.customer_id ? await findCustomerAccount(w.trx, o.customer_id) : undefined
    const takeBack = customer ? Math.min(o.loyalty_points, customer.balance) : 0
    const terms = await loadStoreTerms(w.trx, storeId)
    const seq = await nextReceiptSeq(w.trx, storeId)
    const reversal = reversalOf(original, {
      storeId,
      seq,
      number: formatReceiptNumber(terms.receiptPrefix, seq),
      userId: w.userId,
      at: w.at,
      reason: input.reason,
      loyaltyPoints: -takeBack,
    })
    await insertReceipt(w, reversal)
    if (customer && takeBack > 0) {
      const spent = o.loyalty_points - takeBack
      const reason = `Sale ${o.number} voided` + (spent > 0 ? `; ${spent} of its ${o.loyalty_points} points were already spent` : '')
      await postPoints(w, customer, { kind: 'void', points: -takeBack, reason, receipt_id: reversal.receipt.id, approver_id: null })
    }
    return { original: o.id, reversal: reversal.receipt.id }
  })
  const [original, reversal] = await Promise.all([get(ctx, { id: ids.original }), get(ctx, { id: ids.reversal })])
  return { original, reversal }
}

export async function get(ctx: CommandContext, input: ParsedInput<'receipts:get'>): Promise<Receipt> {
  const stored = await loadReceipt(ctx.db, input.id)
  if (!stored) throw notFound('Receipt')
  return describe(ctx.db, stored)
}

export async function listForCustomer(ctx: CommandContext, input: ParsedInput<'receipts:listForCustomer'>) {
  const terms = await loadStoreTerms(ctx.db, requireStoreId(ctx))
  if (!(await findCustomerAccount(ctx.db, input.customerId))) throw notFound('Customer')
  const period = resolvePeriod(input, localDateOf(ctx.now(), terms.timeZone))
  return receiptHistoryPage(ctx.db, { customerId: input.customerId, period, after: input.after, limit: input.limit })
}
