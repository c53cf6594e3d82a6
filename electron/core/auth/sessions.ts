interface Session {
  userId: string
  /** When this session last sent a command that counts as use (ms, the core's clock). */
  lastUsed: number
}

/**
 * Who is signed in where. The key is chosen by the adapter: a window's webContents id in
 * Electron, a cookie in the browser host. The renderer never holds a token of its own.
 *
 * Main keeps the idle lock too, not only the renderer's timer (which a failed policy read, a
 * throttled background window or a page that never runs its timers would leave off): each
 * signed-in session remembers when it was last used, and `lockIfIdle` locks one unused for the
 * store's idle time before its next command is answered (dispatch.ts).
 */
export class SessionStore {
  private readonly users = new Map<string, Session>()
  /** Locked sessions: signed out for every command, but remembering who may unlock them. */
  private readonly locked = new Map<string, string>()
  private readonly listeners = new Set<() => void>()

  /**
   * @param clock the core's clock (ms), so tests move idle time with their manual clock
   * @param idleLocks false only in tests that move that clock by hours while one session goes on
   */
  constructor(
    private readonly clock: () => number = Date.now,
    private readonly idleLocks = true,
  ) {}

  /**
   * Called whenever what a session may do may have changed, whatever the cause: a sign-in,
   * sign-out or lock (the idle lock, inside any command, too), a restore, or a user's role or
   * permissions arriving by sync (accessChanged). Main's File menu follows it (menu-state.ts).
   * Answers a function that stops the calls.
   */
  onChange(listener: () => void): () => void {
    this.listeners.add(listener)
    return () => this.listeners.delete(listener)
  }

  /** The users signed in may have another role or other permissions now (a sync applied a change to them). */
  accessChanged(): void {
    for (const listener of this.listeners) listener()
  }

  userIdFor(sessionKey: string): string | undefined {
    return this.users.get(sessionKey)?.userId
  }

  /** Signing in (also over a locked screen, as another user) ends whatever session the key had. */
  signIn(sessionKey: string, userId: string): void {
    this.locked.delete(sessionKey)
    this.users.set(sessionKey, { userId, lastUsed: this.clock() })
    this.accessChanged()
  }

  signOut(sessionKey: string): void {
    const had = this.users.delete(sessionKey)
    if (this.locked.delete(sessionKey) || had) this.accessChanged()
  }

  lock(sessionKey: string): void {
    const session = this.users.get(sessionKey)
    if (!session) return
    this.users.delete(sessionKey)
    this.locked.set(sessionKey, session.userId)
    this.accessChanged()
  }

  /** The session was used now: a command that counts as use (not a poll, see the contract's `activity`). */
  used(sessionKey: string): void {
    const session = this.users.get(sessionKey)
    if (session) session.lastUsed = this.clock()
  }

  /**
   * Locks a signed-in session unused for `idleMs` or more (0: the store never locks by itself),
   * as lock:engage would: the same user unlocks it with lock:unlock. True when it locked.
   */
  lockIfIdle(sessionKey: string, idleMs: number): boolean {
    const session = this.users.get(sessionKey)
    if (!session || !this.idleLocks || idleMs <= 0) return false
    const now = this.clock()
    // A clock set back (a PC's wrong time corrected): idle time counts from now, not from a
    // moment that has not come yet, which would keep the session unlocked until it came.
    if (now < session.lastUsed) {
      session.lastUsed = now
      return false
    }
    if (now - session.lastUsed < idleMs) return false
    this.lock(sessionKey)
    return true
  }

  lockedUserIdFor(sessionKey: string): string | undefined {
    return this.locked.get(sessionKey)
  }

  unlock(sessionKey: string): void {
    const userId = this.locked.get(sessionKey)
    if (userId) this.signIn(sessionKey, userId)
  }

  /** Every user signed in or locked in some window. */
  userIds(): Set<string> {
    const ids = new Set(this.locked.values())
    for (const session of this.users.values()) ids.add(session.userId)
    return ids
  }

  /** Ends every session, e.g. when a restore brought back other users. */
  signOutAll(): void {
    this.users.clear()
    this.locked.clear()
    this.accessChanged()
  }

  /** Ends every session of a user (deactivated, or a password reset), locked ones too, but the one `except` names. */
  signOutUser(userId: string, { except }: { except?: string } = {}): void {
    const before = this.users.size + this.locked.size
    for (const [key, session] of this.users) if (session.userId === userId && key !== except) this.users.delete(key)
    for (const [key, id] of this.locked) if (id === userId && key !== except) this.locked.delete(key)
    if (this.users.size + this.locked.size !== before) this.accessChanged()
  }
}
