import type { CommandInput, Permission } from '@contract/index'
import type { SessionUser } from '@contract/auth'
import { defineStore } from 'pinia'
import { computed, ref } from 'vue'
import { ApiError, backroom, unwrap } from '@/api/client'
import { startScreenOfStore, type StartScreen } from '@/visits/startScreen'

export interface LockedBy {
  username: string
  displayName: string
  pinUnlock: boolean
}

/** Who is signed in, as main says; the renderer only uses it to hide what one may not do. */
export const useSessionStore = defineStore('session', () => {
  const loaded = ref(false)
  const needsSetup = ref(false)
  const user = ref<SessionUser | null>(null)
  /** The screen is locked by this user: main treats the window as signed out until unlocked. */
  const locked = ref<LockedBy | null>(null)
  /** Where 'home' leads: known before the user is set, so the first screen is the right one. */
  const startScreen = ref<StartScreen>('customers')

  async function refresh() {
    const status = await unwrap(backroom().auth.status({}))
    if (status.user && !status.locked) startScreen.value = await startScreenOfStore()
    needsSetup.value = status.needsSetup
    // Locked under this user's screen (by main's idle lock, found out here): the screen keeps its
    // user, as lock() keeps it, so nothing under the lock re-renders or loses its values.
    user.value = status.locked && status.locked.username === user.value?.username ? user.value : status.user
    locked.value = status.locked
    loaded.value = true
  }

  /**
   * The signed-in user's role and permissions as main has them now: an owner at another store may
   * have changed them, and sync brought it. Only the same user, not locked: anything else is the
   * frame's to notice (refusedAnswers, the lock). Asked after each sync round (syncStatus).
   */
  async function refreshPermissions() {
    if (!user.value || locked.value) return
    try {
      const status = await unwrap(backroom().auth.status({}))
      if (status.user && !status.locked && status.user.id === user.value?.id && JSON.stringify(status.user) !== JSON.stringify(user.value)) user.value = status.user
    } catch (error) {
      if (!(error instanceof ApiError)) throw error
    }
  }

  /** Answers the owner's recovery key, to be shown this once; it is kept nowhere here. */
  async function setup(input: CommandInput<'auth:setup'>): Promise<string> {
    const { recoveryKey, ...owner } = await unwrap(backroom().auth.setup(input))
    user.value = owner
    needsSetup.value = false
    return recoveryKey
  }

  /** A recovery key sets a new password and signs its owner in; answers the key that replaces it, to be shown once. */
  async function recover(input: CommandInput<'auth:recover'>): Promise<string> {
    const answer = await unwrap(backroom().auth.recover(input))
    startScreen.value = await startScreenOfStore()
    user.value = answer.user
    locked.value = null
    return answer.recoveryKey
  }

  /** Also over a locked screen: another user signing in ends the first user's session here. */
  async function login(input: CommandInput<'auth:login'>) {
    const signedIn = await unwrap(backroom().auth.login(input))
    startScreen.value = await startScreenOfStore()
    user.value = signedIn
    locked.value = null
  }

  async function logout() {
    await unwrap(backroom().auth.logout({}))
    user.value = null
  }

  /**
   * The screen underneath keeps its user while locked (main has signed the window out; what the
   * user may see does not change under the lock, so nothing there re-renders or loses its values).
   */
  async function lock() {
    if (!user.value) return
    try {
      // Main answers who locked from memory, so the lock shows at once, also while an import's
      // save holds the database (auth:status would wait for the save to end, the screen open).
      locked.value = await unwrap(backroom().lock.engage({}))
    } catch (error) {
      // Main locked this window already (idle past the store's time), or signed it out: auth:status says which.
      if (!(error instanceof ApiError) || error.code !== 'UNAUTHENTICATED') throw error
      locked.value = (await unwrap(backroom().auth.status({}))).locked
    }
  }

  async function unlock(secret: string) {
    user.value = await unwrap(backroom().lock.unlock({ secret }))
    locked.value = null
  }

  const can = computed(() => (permission: Permission) => user.value?.permissions.includes(permission) ?? false)

  return { loaded, needsSetup, user, locked, startScreen, can, refresh, refreshPermissions, setup, login, recover, logout, lock, unlock }
})
