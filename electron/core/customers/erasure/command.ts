import type { ParsedInput } from '../../../contract'
import { requireStoreId, transact, type CommandContext } from '../../context'
import type { Writer } from '../../db/changelog'
import { scrubBackups } from '../../db/backup-scrub'
import { leaveNoTrace } from '../../db/free-space'
import { requireCustomer } from '../lookup'
import { updateCustomer } from '../repo'
import { eraseCustomerRows } from './rows'

/**
 * The erase's one transaction: the customer's personal data and history go (eraseCustomerRows)
 * and the erase itself is logged (who and when, no personal value); a tombstone row stays so
 * sync cannot bring the customer back. Restore runs it too, on the copy it brings back.
 */
export async function eraseCustomer(w: Writer, customerId: string): Promise<void> {
  await requireCustomer(w.trx, customerId)
  await eraseCustomerRows(w.trx, customerId)
  await updateCustomer(w, customerId, { active: false, erased_at: w.at })
}

/**
 * Erases a customer for good: no byte of their personal data stays in any file of the data
 * folder. After the transaction, the bytes it freed are overwritten (secure_delete is on for
 * every connection), the full-text index is merged so no old segment keeps the customer's
 * trigrams, the WAL is checkpointed and truncated, and every backup in the backups folder gets
 * the same erase and is rewritten.
 */
export async function erase(ctx: CommandContext, input: ParsedInput<'customers:erase'>) {
  await transact(ctx, requireStoreId(ctx), (w) => eraseCustomer(w, input.id))
  await leaveNoTrace(ctx.db)
  return scrubBackups(ctx, [input.id])
}
