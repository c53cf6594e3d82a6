import { AppError } from '../errors'
import type { ThrottleEntry, ThrottleStore } from './throttle-table'

/**
 * Slows password guessing per username: the first few failures cost nothing, then each
 * further failure doubles the wait (1 s, 2 s, 4 s … up to a minute). A success clears it.
 * Decisions are made on the entries in memory (so guesses sent at once are counted in turn);
 * each change is also written to the store, so closing and opening the app clears nothing.
 */
export class LoginThrottle {
  private readonly failures: Map<string, ThrottleEntry>

  constructor(
    private readonly now: () => number,
    options: {
      /** What the store held at start (loadThrottleEntries). */
      entries?: Map<string, ThrottleEntry>
      store?: ThrottleStore
      log?: (message: string) => void
      freeAttempts?: number
      maxDelayMs?: number
    } = {},
  ) {
    this.failures = new Map(options.entries)
    this.store = options.store
    this.log = options.log ?? (() => {})
    this.freeAttempts = options.freeAttempts ?? 3
    this.maxDelayMs = options.maxDelayMs ?? 60_000
  }

  private readonly store: ThrottleStore | undefined
  private readonly log: (message: string) => void
  private readonly freeAttempts: number
  private readonly maxDelayMs: number

  /** Seconds the caller must still wait before trying this username again (0: go ahead). */
  waitSeconds(key: string): number {
    const entry = this.failures.get(key.toLowerCase())
    if (!entry) return 0
    return Math.max(0, Math.ceil((entry.blockedUntil - this.now()) / 1000))
  }

  recordFailure(key: string): Promise<void> {
    const k = key.toLowerCase()
    const count = (this.failures.get(k)?.count ?? 0) + 1
    // The attempt after the last free failure already waits (1 s), then 2 s, 4 s …
    const over = count - this.freeAttempts + 1
    const delay = over > 0 ? Math.min(1000 * 2 ** (over - 1), this.maxDelayMs) : 0
    const entry = { count, blockedUntil: this.now() + delay }
    this.failures.set(k, entry)
    return this.persist(() => this.store?.save(k, entry))
  }

  recordSuccess(key: string): Promise<void> {
    const k = key.toLowerCase()
    if (!this.failures.delete(k)) return Promise.resolve()
    return this.persist(() => this.store?.remove(k))
  }

  /** Writes every entry held again, replacing what the store has (a restore swapped the database). */
  rewrite(): Promise<void> {
    return this.persist(() => this.store?.replaceAll(this.failures))
  }

  /**
   * A write that fails (a full disk) is logged, not thrown: the entry in memory still throttles
   * this run, and refusing every sign-in over it would lock the store out of its own PC.
   */
  private async persist(write: () => Promise<void> | undefined): Promise<void> {
    try {
      await write()
    } catch (error) {
      this.log(`The sign-in throttle could not be saved (it holds until the app closes): ${(error as Error).message}`)
    }
  }

  /**
   * One guess at a secret. It counts as a failure before `check` (a slow KDF) runs, so guesses
   * sent all at once cannot each pass the wait before any of them is recorded (memory is
   * updated at once; the write is awaited before `check`, so a guess cut short by closing the
   * app still counts); a right guess then clears the count. 'throttled' means `check` was not
   * run at all.
   */
  async guess(key: string, check: () => Promise<boolean>): Promise<'right' | 'wrong' | 'throttled'> {
    if (this.waitSeconds(key) > 0) return 'throttled'
    await this.recordFailure(key)
    if (!(await check())) return 'wrong'
    await this.recordSuccess(key)
    return 'right'
  }
}

/** Sign-in and PIN guesses share one throttle under separate namespaces, so neither can lock the other. */
export const loginThrottleKey = (username: string) => `login:${username}`
/**
 * Guesses at one user's PIN by one signed-in user who asks (a loyalty approval: the requester;
 * the lock screen: the user who locked, unlocking their own). Each asker has a throttle of their
 * own on each PIN: a staff member's wrong guesses at a manager's PIN bound that staff member's
 * guessing, and never block the manager's approvals asked by anyone else, or their own unlock.
 */
export const pinThrottleKey = (userId: string, askedBy: string) => `pin:${userId}:by:${askedBy}`

/**
 * The answer to a guess made while its key waits: how long, in words and in `retryAfterSeconds`
 * (at least a second, so "0 seconds" is never said). `field` puts the words under that field too.
 */
export function throttledError(waitSeconds: number, field?: string): AppError {
  const wait = Math.max(1, waitSeconds)
  const message = `Too many failed attempts. Try again in ${wait} second${wait === 1 ? '' : 's'}.`
  return new AppError('THROTTLED', message, { retryAfterSeconds: wait, ...(field ? { fields: { [field]: message } } : {}) })
}
