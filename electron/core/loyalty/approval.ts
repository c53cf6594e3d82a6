import { verifySecret } from '../auth/kdf'
import type { CommandContext } from '../context'
import { AppError, fieldError } from '../errors'
import { findUserById, toUser, type UserRow } from '../users/repo'

/** Who may approve a points change with their PIN: an active user holding adjust_loyalty. */
export function canApprove(row: UserRow): boolean {
  return Boolean(row.active) && toUser(row).permissions.includes('adjust_loyalty')
}

/** PIN guesses share the sign-in throttle, under a key of their own per approver. */
const throttleKey = (approverId: string) => `pin:${approverId}`

/**
 * Checks the approving manager's PIN (slow scrypt: call it before opening the transaction).
 * A wrong PIN counts as a failed attempt for that approver; after three, each further try
 * waits longer, exactly like sign-in.
 */
export async function verifyApproverPin(ctx: CommandContext, approverId: string, pin: string): Promise<UserRow> {
  const wait = ctx.throttle.waitSeconds(throttleKey(approverId))
  if (wait > 0) {
    throw new AppError('THROTTLED', `Too many wrong PINs. Try again in ${wait} second${wait === 1 ? '' : 's'}.`, {
      retryAfterSeconds: wait,
      fields: { approverPin: 'Too many wrong PINs' },
    })
  }
  const approver = await findUserById(ctx.db, approverId)
  if (!approver) throw new AppError('NOT_FOUND', 'That approver was not found', { fields: { approverId: 'Choose an approver' } })
  if (!canApprove(approver)) throw fieldError('approverId', 'Choose a manager who may adjust loyalty points')
  if (!(await verifySecret(pin, approver.pin_hash))) {
    ctx.throttle.recordFailure(throttleKey(approverId))
    throw new AppError('BAD_CREDENTIALS', 'Wrong PIN', { fields: { approverPin: 'Wrong PIN' } })
  }
  ctx.throttle.recordSuccess(throttleKey(approverId))
  return approver
}
