/**
 * Who is signed in where. The key is chosen by the adapter: a window's webContents id in
 * Electron, a cookie in the browser host. The renderer never holds a token of its own.
 */
export class SessionStore {
  private readonly users = new Map<string, string>()

  userIdFor(sessionKey: string): string | undefined {
    return this.users.get(sessionKey)
  }

  signIn(sessionKey: string, userId: string): void {
    this.users.set(sessionKey, userId)
  }

  signOut(sessionKey: string): void {
    this.users.delete(sessionKey)
  }

  /** Ends every session of a user (deactivated, or a password reset), but the one `except` names. */
  signOutUser(userId: string, { except }: { except?: string } = {}): void {
    for (const [key, id] of this.users) if (id === userId && key !== except) this.users.delete(key)
  }
}
