import type { ParsedInput } from '../../contract'
import type { LockPolicy } from '../../contract/lock'
import { toSessionUser } from '../auth/service'
import { verifySecret } from '../auth/kdf'
import { rehashIfWeak } from '../auth/rehash'
import { loginThrottleKey, pinThrottleKey, throttledError } from '../auth/throttle'
import { requireStoreId, transact, type CommandContext, type CoreServices } from '../context'
import { AppError, notFound } from '../errors'
import { findStore, updateStore, type StoreRow } from '../stores/repo'
import { cachedStore, storeRows } from '../stores/terms'
import { findUserById } from '../users/repo'
import { cachedUser } from '../auth/cached-user'

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

/**
 * Main's own idle lock, before each command (dispatch.ts): a signed-in session unused for this
 * store's idle time is locked as lock:engage locks it, so the command is refused, auth:status
 * says who locked, and lock:unlock lets the same user back in. The renderer's timer locks at the
 * same time when it runs; this one does not depend on it (a failed policy read, a window whose
 * timers are held back, a page that never set one).
 */
export async function lockIfIdle(services: CoreServices, sessionKey: string): Promise<void> {
  if (!services.sessions.userIdFor(sessionKey)) return
  const storeId = services.localStoreId()
  const store = storeId ? (await storeRows(services)).find((row) => row.id === storeId) : undefined
  if (store) services.sessions.lockIfIdle(sessionKey, store.lock_idle_minutes * 60_000)
}

/** The renderer saw a key press, a click or a mouse move: dispatch has counted it as use already. */
export async function inUse() {
  return {}
}

/** Locks at once, and answers who locked as auth:status then says it, from memory (lockedBy). */
export async function engage(ctx: CommandContext) {
  ctx.sessions.lock(ctx.sessionKey)
  const locked = await lockedBy(ctx)
  if (!locked) throw new AppError('UNAUTHENTICATED', 'Please sign in first')
  return locked
}

/**
 * Who locked this window, for the lock screen (null when it is not locked), through the read
 * cache (the user as dispatch reads them, the store's row as its idle check reads it): auth:status
 * and lock:engage answer from memory, so the lock shows at once while an import's save holds the
 * database, whether Ctrl+L or the idle time locked it.
 */
export async function lockedBy(ctx: CommandContext) {
  const userId = ctx.sessions.lockedUserIdFor(ctx.sessionKey)
  if (!userId) return null
  const user = await cachedUser(ctx, userId)
  if (!user) {
    ctx.sessions.signOut(ctx.sessionKey)
    return null
  }
  const store = await cachedStore(ctx, requireStoreId(ctx))
  return { username: user.username, displayName: user.displayName, pinUnlock: toPolicy(store).pinUnlock }
}

const PIN = /^\d{4,8}$/

type Outcome = 'right' | 'wrong' | 'throttled'

/**
 * The user who locked the screen unlocks it with their password, or their PIN when the store
 * allows it. A secret that looks like a PIN is tried as the PIN, then as the password: a
 * password of 4–8 digits must unlock too. Each try is throttled under its own key like sign-in
 * (the PIN's is this user's own, apart from the ones approvals count per requester), so a
 * guess at both costs both counters a failure.
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
  const tried: { key: string; outcome: Outcome }[] = []
  const attempt = async (key: string, hash: string) => {
    const outcome = await ctx.throttle.guess(key, () => verifySecret(input.secret, hash, { cost: ctx.kdf, log: (m) => ctx.log(`${m} (user ${row.id})`) }))
    tried.push({ key, outcome })
    return outcome === 'right'
  }
  // Their own PIN, asked by themselves: guesses others made at it for approvals do not count here.
  const pinKey = pinThrottleKey(row.id, row.id)
  const asPin = pinUnlock && PIN.test(input.secret)
  const rightPin = asPin && (await attempt(pinKey, row.pin_hash))
  const right = rightPin || (await attempt(loginThrottleKey(row.username), row.password_hash))
  if (right) {
    if (rightPin) await rehashIfWeak(ctx, row, 'pin_hash', input.secret, row.pin_hash)
    else await rehashIfWeak(ctx, row, 'password_hash', input.secret, row.password_hash)
    // The password proves who this is (and could reset the PIN): the failure its PIN-shaped try
    // just cost the PIN is forgiven, or unlocking with a numeric password thrice would throttle
    // this user's PIN unlock (and their approvals of their own requests).
    if (tried.some((t) => t.key === pinKey && t.outcome === 'wrong')) await ctx.throttle.recordSuccess(pinKey)
    ctx.sessions.unlock(ctx.sessionKey)
    return toSessionUser(row)
  }
  // A secret not checked against everything it may be is not called wrong: the user waits.
  const waits = tried.filter((t) => t.outcome === 'throttled').map((t) => ctx.throttle.waitSeconds(t.key))
  if (waits.length) throw throttledError(Math.max(...waits))
  const message = pinUnlock ? 'Wrong password or PIN' : 'Wrong password'
  throw new AppError('BAD_CREDENTIALS', message, { fields: { secret: message } })
}
