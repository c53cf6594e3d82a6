import type { ParsedInput } from '../../contract'
import type { SessionUser } from '../../contract/auth'
import { transact, type CommandContext } from '../context'
import { AppError } from '../errors'
import { newId } from '../ids'
import { lockedBy } from '../lock/service'
import { countUsers, findUsersByUsername, insertUser, toUser, type UserRow } from '../users/repo'
import { defaultReceiptPrefix } from '../sales/receipt-number'
import { insertStore } from '../stores/repo'
import { decoyCheck, hashSecret, verifySecret } from './kdf'
import { makeRecoveryKey } from './recovery-key'
import { rehashIfWeak } from './rehash'
import { loginThrottleKey, throttledError } from './throttle'

export function toSessionUser(row: UserRow): SessionUser {
  const { id, username, displayName, role, permissions } = toUser(row)
  return { id, username, displayName, role, permissions }
}

/**
 * Answered from memory for a window signed in or locked (the user through the read cache), as
 * the lock screen needs it while an import's save holds the database. Someone signed in or
 * locked here is a user: the store is set up, with no count to read.
 */
export async function status(ctx: CommandContext) {
  const locked = await lockedBy(ctx)
  const needsSetup = ctx.user === null && locked === null && (await countUsers(ctx.db)) === 0
  return { needsSetup, user: ctx.user, locked }
}

/**
 * First run: creates the store and its owner, and signs the owner in. Refused afterwards. The
 * owner's recovery key (auth/recovery.ts) is made with them and answered this once, to be shown.
 */
export async function setup(ctx: CommandContext, input: ParsedInput<'auth:setup'>): Promise<SessionUser & { recoveryKey: string }> {
  if ((await countUsers(ctx.db)) > 0) throw new AppError('CONFLICT', 'This store is already set up')
  const [passwordHash, pinHash, recovery] = await Promise.all([
    hashSecret(input.owner.password, ctx.kdf),
    hashSecret(input.owner.pin, ctx.kdf),
    makeRecoveryKey(ctx.kdf),
  ])
  const at = ctx.now().toISOString()
  const storeId = newId()
  const owner: UserRow = {
    id: newId(),
    store_id: storeId,
    username: input.owner.username,
    display_name: input.owner.displayName,
    role: 'owner',
    password_hash: passwordHash,
    pin_hash: pinHash,
    permission_overrides: '{}',
    active: true,
    created_at: at,
    updated_at: at,
    recovery_key_hash: recovery.hash,
    recovery_key_made_at: at,
  }
  await transact(ctx, storeId, async (writer) => {
    // The owner sets the store up: the change log credits both rows to them.
    const w = { ...writer, userId: owner.id }
    if ((await countUsers(w.trx)) > 0) throw new AppError('CONFLICT', 'This store is already set up')
    await insertStore(w, { id: storeId, ...input.store, receiptPrefix: defaultReceiptPrefix(input.store.name) })
    await w.trx('meta').insert({ key: 'local_store_id', value: storeId })
    await insertUser(w, owner)
  })
  ctx.setLocalStoreId(storeId)
  ctx.sessions.signIn(ctx.sessionKey, owner.id)
  return { ...toSessionUser(owner), recoveryKey: recovery.key }
}

const BAD_CREDENTIALS = 'Wrong username or password'

export async function login(ctx: CommandContext, input: ParsedInput<'auth:login'>): Promise<SessionUser> {
  const key = loginThrottleKey(input.username)
  const candidates = await findUsersByUsername(ctx.db, input.username, ctx.localStoreId())
  let row: UserRow | undefined
  // Every failure costs one derivation at the store's cost: an unknown username the decoy's, a
  // wrong password (or any password of a deactivated account) against a hash made at a lower
  // cost is padded up to it (kdf.ts). Otherwise the time of the answer would tell which
  // usernames exist (a name several stores' accounts share costs one per account, up to five).
  // A deactivated account answers exactly like a wrong password, right password or not: its
  // answer must not confirm a password (and the guess counts against the throttle all the same).
  const check = async () => {
    if (candidates.length === 0) return decoyCheck(input.password, ctx.kdf)
    for (const candidate of candidates) {
      const log = (m: string) => ctx.log(`${m} (user ${candidate.id})`)
      const right = await verifySecret(input.password, candidate.password_hash, { cost: ctx.kdf, log, padRight: !candidate.active })
      if (right && candidate.active) row = candidate
      if (row) return true
    }
    return false
  }
  const outcome = await ctx.throttle.guess(key, check)
  if (outcome === 'throttled') throw throttledError(ctx.throttle.waitSeconds(key))
  if (!row || outcome === 'wrong') throw new AppError('BAD_CREDENTIALS', BAD_CREDENTIALS, { fields: { password: BAD_CREDENTIALS } })
  await rehashIfWeak(ctx, row, 'password_hash', input.password, row.password_hash)
  ctx.sessions.signIn(ctx.sessionKey, row.id)
  return toSessionUser(row)
}

export async function logout(ctx: CommandContext) {
  ctx.sessions.signOut(ctx.sessionKey)
  return {}
}
