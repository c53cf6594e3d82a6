import type { ParsedInput } from '../../contract'
import { commandRequest, rowOfRequest, keepRequest } from '../command-requests'
import { requireStoreId, transact, type CommandContext } from '../context'
import { pageCustomerId } from '../customers/lookup'
import { decodeCursor, pageOf } from '../db/keyset'
import { fieldError, notFound } from '../errors'
import { listUsers } from '../users/repo'
import { findCustomerAccount, requireActiveCustomer } from './accounts'
import { canApprove, verifyApproverPin } from './approval'
import { ledgerBalance, ledgerEntry, ledgerPage, toLoyaltyEntry } from './ledger'
import { postPoints } from './points'

export async function approvers(ctx: CommandContext) {
  return (await listUsers(ctx.db)).filter(canApprove).map((row) => ({ id: row.id, name: row.display_name }))
}

/**
 * Anyone signed in may ask; the approving manager's PIN (checked before the transaction, a repeat's
 * too) decides. A request saved before (its draft put back after a lost answer or a crash, sent
 * again) answers with the entry it made and the balance now, and adds no second entry.
 */
export async function adjust(ctx: CommandContext, input: ParsedInput<'loyalty:adjust'>) {
  const storeId = requireStoreId(ctx)
  const approver = await verifyApproverPin(ctx, input.approverId, input.approverPin)
  const points = input.direction === 'add' ? input.points : -input.points
  const request = commandRequest('loyalty:adjust', input)
  const done = await transact(ctx, storeId, async (w) => {
    const earlier = request === null ? null : await rowOfRequest(w.trx, request)
    if (earlier !== null) return earlier
    const account = await requireActiveCustomer(w.trx, input.customerId)
    // Taken out of the programme, a customer earns nothing more, but the points they kept must
    // still be removable (their balance would otherwise stay on the books for ever).
    if (!account.loyaltyEnrolled && points > 0) {
      throw fieldError('customerId', `${account.name} is not enrolled in the loyalty programme: points can be removed, not added`)
    }
    const posted = await postPoints(w, account, { kind: 'adjustment', points, reason: input.reason, receipt_id: null, approver_id: approver.id })
    if (request !== null) await keepRequest(w.trx, request, posted.row.id, w.at)
    return posted
  })
  if (typeof done === 'string') return adjustedBefore(ctx, done)
  const { row, balance } = done
  return {
    balance,
    entry: toLoyaltyEntry({
      ...row,
      balance_after: balance,
      user_name: ctx.user?.displayName ?? null,
      approver_name: approver.display_name,
      receipt_number: null,
    }),
  }
}

/** The entry a request saved before made, as the history shows it now, with its customer's balance now. */
async function adjustedBefore(ctx: CommandContext, entryId: string) {
  const entry = await ledgerEntry(ctx.db, entryId)
  if (!entry) throw notFound('Loyalty entry')
  return { balance: await ledgerBalance(ctx.db, entry.customer_id), entry: toLoyaltyEntry(entry) }
}

export async function history(ctx: CommandContext, input: ParsedInput<'loyalty:history'>) {
  // A merged customer's points are its survivor's; an erased customer's ledger is gone with their page.
  const customerId = await pageCustomerId(ctx.db, input.customerId)
  const account = await findCustomerAccount(ctx.db, customerId)
  if (!account) throw notFound('Customer')
  const after = input.after === null ? null : decodeCursor(input.after, 2)
  const rows = await ledgerPage(ctx.db, customerId, after, input.limit)
  const { page, nextCursor } = pageOf(rows, input.limit, (row) => [row.hlc, row.id])
  return { balance: account.balance, enrolled: account.loyaltyEnrolled, rows: page.map(toLoyaltyEntry), nextCursor }
}
