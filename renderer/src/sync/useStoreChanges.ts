import { onScopeDispose, watch } from 'vue'
import { pacedReload } from './pacedReload'
import { POLL_MS, useSyncStatus } from './syncStatus'

/**
 * Calls `reload` when the store's data has changed since the screen read it, so a screen left
 * open shows what others did: a check-in at the store's other PC or another store, brought by
 * sync, or made in another window on this PC. Learnt from the frame's status poll (hub:status,
 * every few seconds, its `lastChange`), so it asks main nothing more while nothing changes.
 *
 * Paced (pacedReload.ts): one reload at a time, one every POLL_MS, none while the user is
 * pointing or typing. A reload only replaces the data: the rows Vue keeps by id keep the focus,
 * and an open dialog stays open. The screen's own actions read again by themselves; the poll
 * after one reloads once more.
 */
export function useStoreChanges(reload: () => unknown): void {
  const sync = useSyncStatus()
  const paced = pacedReload(reload, POLL_MS)
  watch(
    () => sync.status?.lastChange,
    (now, before) => {
      // The first answer (a sign-in, the app's start) says nothing new: the screen read as it opened.
      if (before !== undefined && now !== undefined && now !== before) paced.changed()
    },
  )
  onScopeDispose(paced.stop)
}
