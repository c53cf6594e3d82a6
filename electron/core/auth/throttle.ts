/**
 * Slows password guessing per username: the first few failures cost nothing, then each
 * further failure doubles the wait (1 s, 2 s, 4 s … up to a minute). A success clears it.
 */
export class LoginThrottle {
  private readonly failures = new Map<string, { count: number; blockedUntil: number }>()

  constructor(
    private readonly now: () => number,
    private readonly freeAttempts = 3,
    private readonly maxDelayMs = 60_000,
  ) {}

  /** Seconds the caller must still wait before trying this username again (0: go ahead). */
  waitSeconds(key: string): number {
    const entry = this.failures.get(key.toLowerCase())
    if (!entry) return 0
    return Math.max(0, Math.ceil((entry.blockedUntil - this.now()) / 1000))
  }

  recordFailure(key: string): void {
    const k = key.toLowerCase()
    const count = (this.failures.get(k)?.count ?? 0) + 1
    // The attempt after the last free failure already waits (1 s), then 2 s, 4 s …
    const over = count - this.freeAttempts + 1
    const delay = over > 0 ? Math.min(1000 * 2 ** (over - 1), this.maxDelayMs) : 0
    this.failures.set(k, { count, blockedUntil: this.now() + delay })
  }

  recordSuccess(key: string): void {
    this.failures.delete(key.toLowerCase())
  }

  /**
   * One guess at a secret. It counts as a failure before `check` (a slow KDF) runs, so guesses
   * sent all at once cannot each pass the wait before any of them is recorded; a right guess
   * then clears the count. 'throttled' means `check` was not run at all.
   */
  async guess(key: string, check: () => Promise<boolean>): Promise<'right' | 'wrong' | 'throttled'> {
    if (this.waitSeconds(key) > 0) return 'throttled'
    this.recordFailure(key)
    if (!(await check())) return 'wrong'
    this.recordSuccess(key)
    return 'right'
  }
}

/** Sign-in and PIN guesses share one throttle under separate namespaces, so neither can lock the other. */
export const loginThrottleKey = (username: string) => `login:${username}`
export const pinThrottleKey = (userId: string) => `pin:${userId}`
