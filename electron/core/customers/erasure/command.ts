import type { ParsedInput } from '../../../contract'
import { requireStoreId, transact, type CommandContext } from '../../context'
import { scrubBackups } from '../../db/backup-scrub'
import { leaveNoTrace } from '../../db/free-space'
import { requireCustomer } from '../lookup'
import { updateCustomer } from '../repo'
import { eraseCustomerRows } from './rows'

/**
 * Erases a customer for good: no byte of their personal data stays in any file of the data
 * folder. In one transaction, the personal data and history go (eraseCustomerRows) and the
 * erase itself is logged (who and when, no personal value); a tombstone row stays so sync
 * cannot bring the customer back. Then the bytes those statements freed are overwritten
 * (secure_delete is on for every connection), the full-text index is merged so no old segment
 * keeps the customer's trigrams, the WAL is checkpointed and truncated, and every backup in the
 * backups folder gets the same erase and is rewritten.
 */
export async function erase(ctx: CommandContext, input: ParsedInput<'customers:erase'>) {
  await transact(ctx, requireStoreId(ctx), async (w) => {
    await requireCustomer(w.trx, input.id)
    await eraseCustomerRows(w.trx, input.id)
    await updateCustomer(w, input.id, { active: false, erased_at: w.at })
  })
  await leaveNoTrace(ctx.db)
  return scrubBackups(ctx.dataDir, [input.id], ctx.log)
}
