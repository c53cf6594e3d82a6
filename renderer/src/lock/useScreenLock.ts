import { DEFAULT_IDLE_MINUTES, LOCK_IN_USE_EVERY_MS } from '@contract/lock'
import { onBeforeUnmount, onMounted, watch } from 'vue'
import { backroom, unwrap } from '@/api/client'
import { useSessionStore } from '@/auth/sessionStore'

const ACTIVITY = ['pointerdown', 'pointermove', 'keydown', 'wheel', 'touchstart'] as const

/**
 * The store's idle time as last read (ms): kept when a later read fails, for as long as the page
 * lives. Null until the first read answers.
 */
let knownIdleMs: number | null = null

/**
 * Locks the screen after the store's idle time (lock:policy; 0 never) without a key press, a
 * click or a mouse move. Drafts are written before locking (see useFormDraft): the form stays
 * open under the lock, and its draft stays with the user who typed it.
 *
 * Main keeps the same lock (lock/service.ts lockIfIdle) and does not rely on this timer: while
 * the user works here, `lock:inUse` tells it so (at most every LOCK_IN_USE_EVERY_MS), and a
 * command it refuses because it locked the window shows the lock screen (SyncStatusPanel.vue).
 * A policy that cannot be read leaves the idle time last read, or the new store's default: never
 * "no lock".
 */
export function useIdleLock() {
  const session = useSessionStore()
  let idleMs = knownIdleMs ?? DEFAULT_IDLE_MINUTES * 60_000
  let timer: ReturnType<typeof setTimeout> | undefined
  // Idle time counts from the last use, not from when the policy arrived: a policy answered
  // late (a busy PC) still locks on time.
  let lastUse = Date.now()
  let lastTold = 0

  const arm = () => {
    clearTimeout(timer)
    if (idleMs > 0 && session.user && !session.locked) timer = setTimeout(() => void lockNow(), Math.max(0, lastUse + idleMs - Date.now()))
  }
  const used = () => {
    lastUse = Date.now()
    arm()
    // Main's idle time starts again too. Refused (main locked the window meanwhile): unwrap
    // reports it, and the frame shows the lock.
    if (session.user && !session.locked && lastUse - lastTold >= LOCK_IN_USE_EVERY_MS) {
      lastTold = lastUse
      unwrap(backroom().lock.inUse({})).catch(() => {})
    }
  }

  async function loadPolicy() {
    if (!session.user || session.locked) return
    try {
      knownIdleMs = (await unwrap(backroom().lock.policy({}))).idleMinutes * 60_000
    } catch {
      // Main busy or the read refused: keep the idle time last read (or the default) below.
    }
    idleMs = knownIdleMs ?? DEFAULT_IDLE_MINUTES * 60_000
    arm()
  }

  onMounted(() => {
    lastUse = Date.now()
    for (const event of ACTIVITY) window.addEventListener(event, used, { passive: true })
    // Counting already, with the idle time known so far: the policy may be slow to answer.
    arm()
    void loadPolicy()
  })
  onBeforeUnmount(() => {
    clearTimeout(timer)
    for (const event of ACTIVITY) window.removeEventListener(event, used)
  })
  // A new user may belong to a store with another rule; after an unlock the countdown starts again.
  watch(
    () => [session.user?.id, session.locked],
    () => {
      lastUse = Date.now()
      void loadPolicy()
    },
  )
  return { reloadPolicy: loadPolicy }
}

/** Locking from anywhere (the button, the shortcut, the menu, the idle timer). */
export async function lockNow(): Promise<void> {
  window.dispatchEvent(new Event('backroom:before-lock'))
  await useSessionStore().lock()
}
