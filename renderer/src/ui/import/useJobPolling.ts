import { onBeforeUnmount, shallowRef } from 'vue'
import { ApiError } from '@/api/client'

/** How often the screen asks how far the check or the save has got. */
const POLL_MS = 250
/** After a failed poll the next waits twice as long as the last, up to this. */
const MAX_BACKOFF_MS = 2000

/** What an import's status has in common (the customer and the receipt imports). */
export interface PolledStatus {
  phase: 'read' | 'checking' | 'checked' | 'needs-date-order' | 'saving' | 'saved' | 'cancelled' | 'failed'
}

/**
 * An import job main runs in the background (its check, then its save), as the screen follows
 * it: `follow` takes the status a command answered and, while the job runs, polls `read` until it
 * stops. A failed poll is shown (`fail`) and tried again, less and less often: the screen locked
 * meanwhile (UNAUTHENTICATED until it is unlocked; the screen stays mounted under the lock) or main
 * busy must not leave it on "Saving…" for good; the next answer clears what it showed (`recover`).
 * NOT_FOUND ends it: the import is gone (a restore closed it), and the screen says so. Leaving the
 * screen stops the polling, and cancels a check still running (`cancel`), so nothing keeps working
 * behind the user's back; a save the user confirmed goes on.
 */
export function useJobPolling<S extends PolledStatus>(
  read: () => Promise<S> | null,
  cancel: () => Promise<void>,
  fail: (error: unknown) => void,
  recover: () => void,
) {
  const status = shallowRef<S | null>(null)
  let timer: ReturnType<typeof setTimeout> | undefined
  let alive = true
  /** Polls failed in a row. */
  let failures = 0

  const running = () => status.value?.phase === 'checking' || status.value?.phase === 'saving'

  async function poll() {
    timer = undefined
    const reading = alive ? read() : null
    if (!reading) return
    try {
      const next = await reading
      if (failures > 0) recover()
      failures = 0
      status.value = next
    } catch (error) {
      if (error instanceof ApiError && error.code === 'NOT_FOUND') {
        failures = 0
        status.value = null
        fail(error)
        return
      }
      failures += 1
      if (alive && !timer) timer = setTimeout(poll, Math.min(MAX_BACKOFF_MS, POLL_MS * 2 ** failures))
      fail(error)
      return
    }
    if (alive && running() && !timer) timer = setTimeout(poll, POLL_MS)
  }

  function follow(next: S | null) {
    status.value = next
    if (running() && !timer) timer = setTimeout(poll, POLL_MS)
  }

  /** Reads the status now (after a refused Cancel: the save may have ended meanwhile), polling on while it runs. */
  async function refresh() {
    if (timer) clearTimeout(timer)
    await poll()
  }

  onBeforeUnmount(() => {
    alive = false
    if (timer) clearTimeout(timer)
    if (status.value?.phase === 'checking') void cancel()
  })

  return { status, running, follow, refresh }
}
