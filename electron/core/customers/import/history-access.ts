import type { ImportTarget } from '../../../contract/imports'
import { PERMISSION_LABELS, type Permission } from '../../../contract/permissions'
import type { CommandContext } from '../../context'
import { AppError } from '../../errors'

/** The desk's permission for what a column brings in besides the customer (bulk-history.ts). */
const NEEDS: Partial<Record<ImportTarget, Permission>> = { loyaltyPoints: 'adjust_loyalty', flagged: 'flag_customers' }

/**
 * An imported balance needs no manager's PIN and an imported flag no flag button: only a user who
 * may do the same at the desk (approve a points change, flag a customer) brings them from a
 * file. Asked when the file is checked and again when it is saved (an owner may take the
 * permission away in between).
 */
export function refuseHistoryNotAllowed(ctx: CommandContext, mapping: readonly ImportTarget[]): void {
  const held = ctx.user?.permissions ?? []
  for (const target of mapping) {
    const needed = NEEDS[target]
    if (needed && !held.includes(needed)) {
      throw new AppError('FORBIDDEN', `Importing ${target === 'flagged' ? 'flags' : 'loyalty points'} needs the “${PERMISSION_LABELS[needed]}” permission: ignore that column, or ask an owner`, {
        fields: { mapping: target },
      })
    }
  }
}

/** A flag reason is read with its flag: without a column that says who is flagged, it says nothing. */
export function refuseReasonWithoutFlag(mapping: readonly ImportTarget[]): void {
  if (mapping.includes('flagReason') && !mapping.includes('flagged')) {
    throw new AppError('VALIDATION', 'Choose the column that says whether the customer is flagged, or ignore the flag reason', { fields: { mapping: 'flagged' } })
  }
}
