import { verifySecret } from '../auth/kdf'
import { rehashIfWeak } from '../auth/rehash'
import { pinThrottleKey } from '../auth/throttle'
import type { CommandContext } from '../context'
import { AppError, fieldError } from '../errors'
import { findUserById, toUser, type UserRow } from '../users/repo'

/** Who may approve a points change with their PIN: an active user holding adjust_loyalty. */
export function canApprove(row: UserRow): boolean {
  return Boolean(row.active) && toUser(row).permissions.includes('adjust_loyalty')
}

/**
 * Checks the approving manager's PIN (slow scrypt: call it before opening the transaction).
 * A wrong PIN counts as a failed attempt of the signed-in user who asks at that approver's PIN;
 * after three, each further try of theirs waits longer, exactly like sign-in. Counted per asker:
 * one staff member guessing cannot keep the manager's approvals blocked for everyone else.
 */
export async function verifyApproverPin(ctx: CommandContext, approverId: string, pin: string): Promise<UserRow> {
  if (!ctx.user) throw new AppError('UNAUTHENTICATED', 'Please sign in')
  const key = pinThrottleKey(approverId, ctx.user.id)
  const throttled = () => {
    const wait = Math.max(1, ctx.throttle.waitSeconds(key))
    return new AppError('THROTTLED', `Too many wrong PINs. Try again in ${wait} second${wait === 1 ? '' : 's'}.`, {
      retryAfterSeconds: wait,
      fields: { approverPin: 'Too many wrong PINs' },
    })
  }
  if (ctx.throttle.waitSeconds(key) > 0) throw throttled()
  const approver = await findUserById(ctx.db, approverId)
  if (!approver) throw new AppError('NOT_FOUND', 'That approver was not found', { fields: { approverId: 'Choose an approver' } })
  if (!canApprove(approver)) throw fieldError('approverId', 'Choose a manager who may adjust loyalty points')
  const log = (m: string) => ctx.log(`${m} (user ${approver.id})`)
  const outcome = await ctx.throttle.guess(key, () => verifySecret(pin, approver.pin_hash, { cost: ctx.kdf, log }))
  if (outcome === 'throttled') throw throttled()
  if (outcome === 'wrong') throw new AppError('BAD_CREDENTIALS', 'Wrong PIN', { fields: { approverPin: 'Wrong PIN' } })
  await rehashIfWeak(ctx, approver, 'pin_hash', pin, approver.pin_hash)
  return approver
}
