import { onBeforeUnmount, shallowRef } from 'vue'

/** How often the screen asks how far the check or the save has got. */
const POLL_MS = 250

/** What an import's status has in common (the customer and the receipt imports). */
export interface PolledStatus {
  phase: 'read' | 'checking' | 'checked' | 'needs-date-order' | 'saving' | 'saved' | 'cancelled' | 'failed'
}

/**
 * An import job main runs in the background (its check, then its save), as the screen follows
 * it: `follow` takes the status a command answered and, while the job runs, polls `read` until it
 * stops. Leaving the screen stops the polling, and cancels a check still running (`cancel`), so
 * nothing keeps working behind the user's back; a save the user confirmed goes on.
 */
export function useJobPolling<S extends PolledStatus>(read: () => Promise<S> | null, cancel: () => Promise<void>, fail: (error: unknown) => void) {
  const status = shallowRef<S | null>(null)
  let timer: ReturnType<typeof setTimeout> | undefined
  let alive = true

  const running = () => status.value?.phase === 'checking' || status.value?.phase === 'saving'

  async function poll() {
    timer = undefined
    const reading = alive ? read() : null
    if (!reading) return
    try {
      status.value = await reading
    } catch (error) {
      fail(error)
      return
    }
    if (running()) timer = setTimeout(poll, POLL_MS)
  }

  function follow(next: S | null) {
    status.value = next
    if (running() && !timer) timer = setTimeout(poll, POLL_MS)
  }

  onBeforeUnmount(() => {
    alive = false
    if (timer) clearTimeout(timer)
    if (status.value?.phase === 'checking') void cancel()
  })

  return { status, running, follow }
}
