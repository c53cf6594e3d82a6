import type { ParsedInput } from '../../contract'
import type { SessionUser } from '../../contract/auth'
import { requireStoreId, transact, type CommandContext } from '../context'
import { AppError } from '../errors'
import { findUserById, findUsersByUsername, updateUser, type UserRow } from '../users/repo'
import { decoyCheck, hashSecret, verifySecret } from './kdf'
import { proveCurrentPassword, signedInRow } from './own-secrets'
import { makeRecoveryKey, normaliseRecoveryKey } from './recovery-key'
import { toSessionUser } from './service'
import { loginThrottleKey, throttledError } from './throttle'

/**
 * An owner's recovery key: the way back in when the store's only owner forgot their password,
 * as nobody else may reset an owner's (users/service.ts). Made at setup and under *My account*,
 * shown once, kept only as a hash on the owner's row (synced with their password hash: an owner
 * signs in at every store). Used once at the sign-in screen: it sets a new password and is
 * replaced by a new key, shown once.
 */

const NOT_RIGHT = 'That recovery key or username is not right'

function ownerOnly(row: UserRow): void {
  if (row.role !== 'owner') throw new AppError('FORBIDDEN', 'Only an owner has a recovery key')
}

export async function recoveryStatus(ctx: CommandContext) {
  const row = await signedInRow(ctx)
  ownerOnly(row)
  const hasKey = Boolean(row.recovery_key_hash)
  return { hasKey, madeAt: hasKey ? (row.recovery_key_made_at ?? null) : null }
}

/** A new key for the signed-in owner, proving it is them with their password: the old one stops working. */
export async function newRecoveryKey(ctx: CommandContext, input: ParsedInput<'auth:newRecoveryKey'>) {
  const row = await signedInRow(ctx)
  ownerOnly(row)
  await proveCurrentPassword(ctx, row, input.currentPassword)
  const storeId = requireStoreId(ctx)
  // Slow work before the transaction: there is one connection.
  const fresh = await makeRecoveryKey(ctx.kdf)
  const madeAt = ctx.now().toISOString()
  await transact(ctx, storeId, async (w) => {
    const now = await findUserById(w.trx, row.id)
    if (!now || !now.active) throw new AppError('UNAUTHENTICATED', 'Please sign in first')
    ownerOnly(now)
    if (now.password_hash !== row.password_hash) {
      throw new AppError('CONFLICT', 'Your password was changed meanwhile: use the new one')
    }
    await updateUser(w, row.id, { recovery_key_hash: fresh.hash, recovery_key_made_at: madeAt })
  })
  return { recoveryKey: fresh.key, madeAt }
}

/**
 * Before sign-in: an active owner's username and their recovery key set a new password. Every
 * other answer is one and the same (a wrong key, an unknown username, a user who is not an active
 * owner or has no key), costs one derivation as a wrong password does, and counts against the
 * sign-in throttle of that username (throttle.ts): the key cannot be guessed here faster than a
 * password at the sign-in screen. Right, the key is used up: a new one is made and answered once.
 */
export async function recover(ctx: CommandContext, input: ParsedInput<'auth:recover'>): Promise<{ user: SessionUser; recoveryKey: string }> {
  const key = loginThrottleKey(input.username)
  const typed = normaliseRecoveryKey(input.recoveryKey)
  const candidates = await findUsersByUsername(ctx.db, input.username, ctx.localStoreId())
  const owners = candidates.filter((c) => c.active && c.role === 'owner' && c.recovery_key_hash)
  let row: UserRow | undefined
  const check = async () => {
    if (owners.length === 0) return decoyCheck(typed, ctx.kdf)
    for (const owner of owners) {
      const log = (m: string) => ctx.log(`${m} (recovery key of user ${owner.id})`)
      if (await verifySecret(typed, owner.recovery_key_hash!, { cost: ctx.kdf, log })) row = owner
      if (row) return true
    }
    return false
  }
  const outcome = await ctx.throttle.guess(key, check)
  if (outcome === 'throttled') throw throttledError(ctx.throttle.waitSeconds(key))
  if (!row || outcome === 'wrong') throw new AppError('BAD_CREDENTIALS', NOT_RIGHT, { fields: { recoveryKey: NOT_RIGHT } })
  const proved = row
  const storeId = requireStoreId(ctx)
  const [passwordHash, fresh] = await Promise.all([hashSecret(input.newPassword, ctx.kdf), makeRecoveryKey(ctx.kdf)])
  const after = await transact(ctx, storeId, async (writer) => {
    // Nobody is signed in here: the change log credits the owner, as setup does.
    const w = { ...writer, userId: proved.id }
    const now = await findUserById(w.trx, proved.id)
    // Used (or replaced, demoted, deactivated) while it was being checked: it is not right any more.
    if (!now || !now.active || now.role !== 'owner' || now.recovery_key_hash !== proved.recovery_key_hash) {
      throw new AppError('BAD_CREDENTIALS', NOT_RIGHT, { fields: { recoveryKey: NOT_RIGHT } })
    }
    return updateUser(w, proved.id, { password_hash: passwordHash, recovery_key_hash: fresh.hash, recovery_key_made_at: ctx.now().toISOString() })
  })
  // As a reset does: whoever signed in, or locked a screen, with the forgotten password is out.
  ctx.sessions.signOutUser(proved.id)
  ctx.sessions.signIn(ctx.sessionKey, proved.id)
  return { user: toSessionUser(after!), recoveryKey: fresh.key }
}
