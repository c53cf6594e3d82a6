import type { ParsedInput } from '../../contract'
import type { LockPolicy } from '../../contract/lock'
import { toSessionUser } from '../auth/service'
import { verifySecret } from '../auth/kdf'
import { loginThrottleKey, pinThrottleKey } from '../auth/throttle'
import { requireStoreId, transact, type CommandContext } from '../context'
import { AppError, notFound } from '../errors'
import { findStore, updateStore, type StoreRow } from '../stores/repo'
import { findUserById } from '../users/repo'

function toPolicy(row: Pick<StoreRow, 'lock_idle_minutes' | 'lock_pin_unlock'>): LockPolicy {
  return { idleMinutes: row.lock_idle_minutes, pinUnlock: Boolean(row.lock_pin_unlock) }
}

async function readPolicy(ctx: CommandContext): Promise<LockPolicy> {
  const row = await findStore(ctx.db, requireStoreId(ctx))
  if (!row) throw notFound('Store')
  return toPolicy(row)
}

export function policy(ctx: CommandContext): Promise<LockPolicy> {
  return readPolicy(ctx)
}

export async function setPolicy(ctx: CommandContext, input: ParsedInput<'lock:setPolicy'>): Promise<LockPolicy> {
  const storeId = requireStoreId(ctx)
  const row = await transact(ctx, storeId, (w) =>
    updateStore(w, storeId, { lock_idle_minutes: input.idleMinutes, lock_pin_unlock: input.pinUnlock }),
  )
  if (!row) throw notFound('Store')
  return toPolicy(row)
}

export async function engage(ctx: CommandContext) {
  ctx.sessions.lock(ctx.sessionKey)
  return {}
}

/** Who locked this window, for the lock screen (null when it is not locked). */
export async function lockedBy(ctx: CommandContext) {
  const userId = ctx.sessions.lockedUserIdFor(ctx.sessionKey)
  if (!userId) return null
  const row = await findUserById(ctx.db, userId)
  if (!row || !row.active) {
    ctx.sessions.signOut(ctx.sessionKey)
    return null
  }
  return { username: row.username, displayName: row.display_name, pinUnlock: (await readPolicy(ctx)).pinUnlock }
}

const PIN = /^\d{4,8}$/

/**
 * The user who locked the screen unlocks it with their password, or their PIN when the store
 * allows it. Guesses are throttled like sign-in (the PIN under its own key, as approvals are).
 */
export async function unlock(ctx: CommandContext, input: ParsedInput<'lock:unlock'>) {
  const userId = ctx.sessions.lockedUserIdFor(ctx.sessionKey)
  if (!userId) throw new AppError('CONFLICT', 'This screen is not locked')
  const row = await findUserById(ctx.db, userId)
  if (!row || !row.active) {
    ctx.sessions.signOut(ctx.sessionKey)
    throw new AppError('UNAUTHENTICATED', 'Please sign in')
  }
  const { pinUnlock } = await readPolicy(ctx)
  const asPin = pinUnlock && PIN.test(input.secret)
  const key = asPin ? pinThrottleKey(row.id) : loginThrottleKey(row.username)
  const outcome = await ctx.throttle.guess(key, () => verifySecret(input.secret, asPin ? row.pin_hash : row.password_hash))
  if (outcome === 'throttled') {
    const wait = Math.max(1, ctx.throttle.waitSeconds(key))
    throw new AppError('THROTTLED', `Too many failed attempts. Try again in ${wait} second${wait === 1 ? '' : 's'}.`, {
      retryAfterSeconds: wait,
    })
  }
  if (outcome === 'wrong') {
    const message = pinUnlock ? 'Wrong password or PIN' : 'Wrong password'
    throw new AppError('BAD_CREDENTIALS', message, { fields: { secret: message } })
  }
  ctx.sessions.unlock(ctx.sessionKey)
  return toSessionUser(row)
}
