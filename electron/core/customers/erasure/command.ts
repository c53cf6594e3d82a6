import type { ParsedInput } from '../../../contract'
import { requireStoreId, transact, type CommandContext } from '../../context'
import { scrubBackups } from '../../db/backup-scrub'
import { logErase, type Writer } from '../../db/changelog'
import { leaveNoTrace } from '../../db/free-space'
import { requireCustomer } from '../lookup'
import { eraseWithFamily } from '../merge/erase-family'
import { eraseCustomerRows, markErased, tombstoneOf } from './rows'

/**
 * The erase's one transaction: the personal data and history go (eraseCustomerRows) and one
 * erase entry is logged: the tombstone every store keeps (id, store, number, dates; no personal
 * value), which every store applies the same way and after which nothing brings the customer
 * back. Restore runs it too, on the copy it brings back.
 */
export async function eraseCustomer(w: Writer, customerId: string): Promise<void> {
  const before = await requireCustomer(w.trx, customerId)
  const units = await eraseCustomerRows(w.trx, customerId)
  const tombstone = tombstoneOf(before, w.at, units)
  await markErased(w.trx, customerId, tombstone)
  logErase(w, customerId, { ...tombstone })
}

/**
 * Erases a customer for good: no byte of their personal data stays in any file of the data
 * folder. After the transaction (eraseCustomer), the bytes it freed are overwritten
 * (secure_delete is on for every connection), the full-text index is merged so no old segment
 * keeps the customer's trigrams, the WAL is checkpointed and truncated, and every backup in the
 * backups folder gets the same erase and is rewritten, and so does each of this PC's copies in
 * the folder the owner chose for them (owed until the next copy when it cannot be reached).
 */
export async function erase(ctx: CommandContext, input: ParsedInput<'customers:erase'>) {
  const erased = await transact(ctx, requireStoreId(ctx), async (w) => {
    await eraseCustomer(w, input.id)
    // A merged customer and its survivor are one person: erasing one erases all of them.
    return [input.id, ...(await eraseWithFamily(w, input.id))]
  })
  await leaveNoTrace(ctx.db)
  return scrubBackups(ctx, erased)
}
