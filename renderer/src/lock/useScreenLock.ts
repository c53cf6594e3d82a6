import { onBeforeUnmount, onMounted, watch } from 'vue'
import { backroom, unwrap } from '@/api/client'
import { useSessionStore } from '@/auth/sessionStore'

const ACTIVITY = ['pointerdown', 'pointermove', 'keydown', 'wheel', 'touchstart'] as const

/**
 * Locks the screen after the store's idle time (lock:policy; 0 never) without a key press, a
 * click or a mouse move. Drafts are written before locking (see useFormDraft): the form stays
 * open under the lock, and its draft stays with the user who typed it.
 */
export function useIdleLock() {
  const session = useSessionStore()
  let idleMs = 0
  let timer: ReturnType<typeof setTimeout> | undefined
  // Idle time counts from the last use, not from when the policy arrived: a policy answered
  // late (a busy PC) still locks on time.
  let lastUse = Date.now()

  const arm = () => {
    clearTimeout(timer)
    if (idleMs > 0 && session.user && !session.locked) timer = setTimeout(() => void lockNow(), Math.max(0, lastUse + idleMs - Date.now()))
  }
  const used = () => {
    lastUse = Date.now()
    arm()
  }

  async function loadPolicy() {
    if (!session.user) return
    try {
      idleMs = (await unwrap(backroom().lock.policy({}))).idleMinutes * 60_000
    } catch {
      idleMs = 0
    }
    arm()
  }

  onMounted(() => {
    lastUse = Date.now()
    for (const event of ACTIVITY) window.addEventListener(event, used, { passive: true })
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
