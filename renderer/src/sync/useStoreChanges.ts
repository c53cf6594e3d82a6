import { onScopeDispose, watch } from 'vue'
import { POLL_MS, useSyncStatus } from './syncStatus'

/**
 * Calls `reload` when the store's data has changed since the screen read it, so a screen left
 * open shows what others did: a check-in at the store's other PC or another store, brought by
 * sync, or made in another window on this PC. Learnt from the frame's status poll (hub:status,
 * every few seconds, its `lastChange`), so it asks main nothing more while nothing changes.
 *
 * At most one reload runs at a time, and one every POLL_MS: a first sync applying a batch a
 * second, or a busy store, reloads the screen every few seconds, not in a loop. A reload only
 * replaces the data: the rows Vue keeps by id keep the focus, and an open dialog stays open.
 * The screen's own actions read again by themselves; the poll after one reloads once more.
 */
export function useStoreChanges(reload: () => unknown): void {
  const sync = useSyncStatus()
  let timer: ReturnType<typeof setTimeout> | undefined
  let running = false
  let again = false
  let lastRun = -Infinity
  let gone = false

  async function run() {
    timer = undefined
    if (running) {
      again = true
      return
    }
    running = true
    lastRun = Date.now()
    try {
      await reload()
    } finally {
      running = false
      if (again) {
        again = false
        changed()
      }
    }
  }

  function changed() {
    if (gone || timer !== undefined) return
    timer = setTimeout(() => void run(), Math.max(0, lastRun + POLL_MS - Date.now()))
  }

  watch(
    () => sync.status?.lastChange,
    (now, before) => {
      // The first answer (a sign-in, the app's start) says nothing new: the screen read as it opened.
      if (before !== undefined && now !== undefined && now !== before) changed()
    },
  )
  onScopeDispose(() => {
    gone = true
    clearTimeout(timer)
  })
}
