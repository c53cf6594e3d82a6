import type { ErrorBody } from '@contract/index'
import { ref } from 'vue'

/**
 * The last "disk full" or "data folder read-only" answer of any command: the app shows a banner
 * until main says writing works again (StorageBanner.vue). Nothing else changes: what the user
 * typed stays in the form that could not be saved.
 */
export const storageProblem = ref<{ code: 'DISK_FULL' | 'READ_ONLY'; message: string } | null>(null)

export function reportStorageProblem(error: ErrorBody): void {
  if (error.code === 'DISK_FULL' || error.code === 'READ_ONLY') storageProblem.value = { code: error.code, message: error.message }
}
