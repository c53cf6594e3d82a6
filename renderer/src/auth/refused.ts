import type { ErrorBody } from '@contract/index'
import { ref } from 'vue'

/**
 * How many answers, to any command, said this window is not signed in (UNAUTHENTICATED): main
 * may have locked it by itself (idle past the store's time, whatever the renderer's own timer
 * did) or ended its session. The frame then asks main which (SyncStatusPanel.vue) and shows the
 * lock screen, or sends whoever sits there to sign in.
 */
export const refusedAnswers = ref(0)

export function reportRefused(error: ErrorBody): void {
  if (error.code === 'UNAUTHENTICATED') refusedAnswers.value += 1
}
