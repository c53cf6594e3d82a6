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

  /** Ends every session, e.g. when a restore brought back other users. */
  signOutAll(): void {
    this.users.clear()
  }

  /** Ends every session of a user, e.g. when the user is deactivated. */
  signOutUser(userId: string): void {
    for (const [key, id] of this.users) if (id === userId) this.users.delete(key)
  }
}
