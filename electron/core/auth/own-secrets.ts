import type { ParsedInput } from '../../contract'
import { requireStoreId, transact, type CommandContext } from '../context'
import { AppError, fieldError } from '../errors'
import { findUserById, updateUser, type UserRow } from '../users/repo'
import { hashSecret, verifySecret } from './kdf'
import { loginThrottleKey, throttledError } from './throttle'

/**
 * The signed-in user changes their own password or PIN, so that no one else knows them: a
 * manager whose PIN an owner set could otherwise not say that an approval under their name was
 * theirs. Both take the current password first, checked as a sign-in checks it (the slow KDF,
 * the sign-in throttle of their username: a guess here costs the same as a guess at the login
 * screen, and a wrong one is counted there), so a screen left signed in does not let a
 * passer-by take the account over. Neither secret is ever answered or logged.
 */

const WRONG_CURRENT = 'Wrong current password'

export async function signedInRow(ctx: CommandContext): Promise<UserRow> {
  const row = ctx.user && (await findUserById(ctx.db, ctx.user.id))
  if (!row || !row.active) throw new AppError('UNAUTHENTICATED', 'Please sign in first')
  return row
}

export async function proveCurrentPassword(ctx: CommandContext, row: UserRow, currentPassword: string): Promise<void> {
  const key = loginThrottleKey(row.username)
  const log = (m: string) => ctx.log(`${m} (user ${row.id})`)
  const outcome = await ctx.throttle.guess(key, () => verifySecret(currentPassword, row.password_hash, { cost: ctx.kdf, log }))
  if (outcome === 'throttled') throw throttledError(ctx.throttle.waitSeconds(key), 'currentPassword')
  if (outcome === 'wrong') throw new AppError('BAD_CREDENTIALS', WRONG_CURRENT, { fields: { currentPassword: WRONG_CURRENT } })
}

async function replaceOwnSecret(ctx: CommandContext, row: UserRow, field: 'password_hash' | 'pin_hash', secret: string) {
  const storeId = requireStoreId(ctx)
  // Slow work before the transaction: there is one connection.
  const hash = await hashSecret(secret, ctx.kdf)
  await transact(ctx, storeId, async (w) => {
    const now = await findUserById(w.trx, row.id)
    // Reset or deactivated while the current password was being checked: the password proved
    // is no longer theirs (or they may no longer sign in), and the reset stands.
    if (!now || !now.active) throw new AppError('UNAUTHENTICATED', 'Please sign in first')
    if (now.password_hash !== row.password_hash) {
      throw new AppError('CONFLICT', 'Your password was changed meanwhile: use the new one, or ask an owner or manager')
    }
    await updateUser(w, row.id, { [field]: hash })
  })
  // As a reset does (users/service.ts): whoever signed in, or locked a screen, with the old
  // secret is signed out; this window stays signed in.
  ctx.sessions.signOutUser(row.id, { except: ctx.sessionKey })
  return {}
}

export async function changePassword(ctx: CommandContext, input: ParsedInput<'auth:changePassword'>) {
  const row = await signedInRow(ctx)
  await proveCurrentPassword(ctx, row, input.currentPassword)
  if (input.newPassword === input.currentPassword) throw fieldError('newPassword', 'Choose a password other than your current one')
  return replaceOwnSecret(ctx, row, 'password_hash', input.newPassword)
}

export async function changePin(ctx: CommandContext, input: ParsedInput<'auth:changePin'>) {
  const row = await signedInRow(ctx)
  await proveCurrentPassword(ctx, row, input.currentPassword)
  return replaceOwnSecret(ctx, row, 'pin_hash', input.newPin)
}
