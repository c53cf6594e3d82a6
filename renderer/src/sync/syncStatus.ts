import type { HubStatus } from '@contract/hub'
import { defineStore } from 'pinia'
import { computed, ref, watch } from 'vue'
import { ApiError, backroom, unwrap } from '@/api/client'
import { refusedAnswers } from '@/auth/refused'
import { useSessionStore } from '@/auth/sessionStore'
import { countOf } from '@/ui/format/locale'
import { forgetDraftsAboutGoneCustomers } from '@/ui/form/goneCustomerDrafts'

/**
 * The hub's status as the app frame shows it (issue 10), asked of main on a timer, never on a
 * keystroke: every few seconds, more often while a sync round or the first sync runs. Nothing
 * here waits for the network: main answers from what its sync worker last saw.
 */
export const POLL_MS = 5000
export const BUSY_POLL_MS = 1000

export const useSyncStatus = defineStore('syncStatus', () => {
  const status = ref<HubStatus | null>(null)
  /** Conflicts to resolve when the store is not connected (main's hub status counts them otherwise). */
  const openConflicts = ref(0)
  const syncing = ref(false)
  const syncError = ref('')
  /**
   * Main no longer knows this window's user (any command answered UNAUTHENTICATED, a poll of
   * this store's or another): main locked the window by itself (idle past the store's time), or
   * a replacement PC's first sync took its store back, and with it went the account its own
   * first-run setup made. The frame shows the lock, or sends whoever sits there to sign in;
   * `afterJoin` says it happened at the end of a join.
   */
  const sessionEnded = ref<{ afterJoin: boolean } | null>(null)
  watch(refusedAnswers, () => {
    sessionEnded.value = { afterJoin: status.value?.state === 'joining' }
  })
  // The first answer (the app's start, a sign-in) and each sync round after it: a round may have
  // applied another store's erase, and no draft about an erased customer stays (PRODUCT 7.1); or
  // an owner's change to this user's role, and the screens show what they may do now.
  watch(
    () => status.value?.lastSyncAt,
    (now, before) => {
      void forgetDraftsAboutGoneCustomers()
      if (before !== undefined) void useSessionStore().refreshPermissions()
    },
  )
  let timer: ReturnType<typeof setTimeout> | undefined
  let users = 0

  const connected = computed(() => !!status.value && status.value.state !== 'not_connected' && status.value.state !== 'left')
  const conflicts = computed(() => (connected.value ? status.value!.conflicts : openConflicts.value))

  async function refresh(): Promise<void> {
    clearTimeout(timer)
    try {
      status.value = await unwrap(backroom().hub.status({}))
      if (!connected.value) openConflicts.value = (await unwrap(backroom().conflicts.count({}))).open
    } catch (error) {
      // Signed out or locked meanwhile: unwrap reported it (sessionEnded), the frame checks which.
      if (!(error instanceof ApiError)) throw error
    }
    if (users > 0) timer = setTimeout(() => void refresh(), status.value?.syncing || status.value?.firstSync ? BUSY_POLL_MS : POLL_MS)
  }

  /** The frame starts polling when it shows and stops when it goes (sign-out). */
  function start(): void {
    sessionEnded.value = null
    users += 1
    if (users === 1) void refresh()
  }
  function stop(): void {
    users = Math.max(0, users - 1)
    if (users === 0) clearTimeout(timer)
  }

  async function syncNow(): Promise<void> {
    // The frame's button and the Sync page's share this: one round at a time.
    if (syncing.value) return
    syncing.value = true
    syncError.value = ''
    try {
      status.value = await unwrap(backroom().hub.syncNow({}))
    } catch (error) {
      if (!(error instanceof ApiError)) throw error
      syncError.value = error.message
    } finally {
      syncing.value = false
      void refresh()
    }
  }

  return { status, connected, conflicts, syncing, syncError, sessionEnded, refresh, start, stop, syncNow }
})

/** "3 changes", "1 change": counts in the status line. */
export function changes(n: number): string {
  return countOf(n, 'change', 'changes')
}
