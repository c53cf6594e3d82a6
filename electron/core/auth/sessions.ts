/**
 * Who is signed in where. The key is chosen by the adapter: a window's webContents id in
 * Electron, a cookie in the browser host. The renderer never holds a token of its own.
 */
export class SessionStore {
  private readonly users = new Map<string, string>()
  /** Locked sessions: signed out for every command, but remembering who may unlock them. */
  private readonly locked = new Map<string, string>()

  userIdFor(sessionKey: string): string | undefined {
    return this.users.get(sessionKey)
  }

  /** Signing in (also over a locked screen, as another user) ends whatever session the key had. */
  signIn(sessionKey: string, userId: string): void {
    this.locked.delete(sessionKey)
    this.users.set(sessionKey, userId)
  }

  signOut(sessionKey: string): void {
    this.users.delete(sessionKey)
    this.locked.delete(sessionKey)
  }

  lock(sessionKey: string): void {
    const userId = this.users.get(sessionKey)
    if (!userId) return
    this.users.delete(sessionKey)
    this.locked.set(sessionKey, userId)
  }

  lockedUserIdFor(sessionKey: string): string | undefined {
    return this.locked.get(sessionKey)
  }

  unlock(sessionKey: string): void {
    const userId = this.locked.get(sessionKey)
    if (userId) this.signIn(sessionKey, userId)
  }

  /** Ends every session, e.g. when a restore brought back other users. */
  signOutAll(): void {
    this.users.clear()
    this.locked.clear()
  }

  /** Ends every session of a user (deactivated, or a password reset), locked ones too, but the one `except` names. */
  signOutUser(userId: string, { except }: { except?: string } = {}): void {
    for (const sessions of [this.users, this.locked]) {
      for (const [key, id] of sessions) if (id === userId && key !== except) sessions.delete(key)
    }
  }
}
