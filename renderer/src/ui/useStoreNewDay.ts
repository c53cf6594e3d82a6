import { onScopeDispose, watch } from 'vue'
import { nextStoreDayStart, storeDayOf } from './format/dates'
import { storeTimeZone } from './format/locale'

/**
 * A timer wakes at least this often: a PC asleep over midnight may not count its sleep in a
 * timer's wait (the new day would come hours late); a wake that finds the same day waits again.
 */
const LONGEST_WAIT_MS = 5 * 60_000

/**
 * Calls `onNewDay` when the store's day changes while the screen stays open: at the store's
 * midnight (Settings → Time zone), not this PC's, every day, until the component unmounts. A
 * change of the store's zone schedules the next midnight anew.
 */
export function useStoreNewDay(onNewDay: () => void): void {
  let timer: ReturnType<typeof setTimeout> | undefined

  function schedule() {
    clearTimeout(timer)
    const now = new Date()
    const day = storeDayOf(now)
    // Most wakes are hours from midnight: one look ahead says so, without searching for it.
    const soon = storeDayOf(new Date(now.getTime() + LONGEST_WAIT_MS)) !== day
    const wait = soon ? nextStoreDayStart(now).getTime() - now.getTime() : LONGEST_WAIT_MS
    timer = setTimeout(() => {
      // A timer may wake a moment early on a clock that was set meanwhile: only a new day counts.
      if (storeDayOf(new Date()) !== day) onNewDay()
      schedule()
    }, wait)
  }

  watch(storeTimeZone, schedule, { immediate: true })
  onScopeDispose(() => clearTimeout(timer))
}
