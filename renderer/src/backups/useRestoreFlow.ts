import { useToast } from 'primevue/usetoast'
import { ref } from 'vue'
import { useRouter } from 'vue-router'
import { ApiError } from '@/api/client'
import { useSessionStore } from '@/auth/sessionStore'
import { rejoinHubNotice } from './format'
import { pickBackupFile } from './pickBackupFile'
import type { Restored, RestoreSource } from './RestoreDialog.vue'

/**
 * What a screen offering a restore needs: the backup being restored (RestoreDialog shows it),
 * picking a file for it, and what happens after: everyone signs in again, as the backup's users,
 * told (until they close it) to join the hub again when the copy's link was not kept.
 */
export function useRestoreFlow(restoredMessage: (result: Restored) => string) {
  const toast = useToast()
  const router = useRouter()
  const session = useSessionStore()
  const restoring = ref<RestoreSource | null>(null)
  /** The file dialog is open (or about to be): a second click must not open another after it. */
  const picking = ref(false)

  async function restoreFromFile() {
    if (picking.value) return
    picking.value = true
    try {
      restoring.value = await pickBackupFile()
    } catch (error) {
      if (!(error instanceof ApiError)) throw error
      toast.add({ severity: 'error', summary: error.message, life: 6000 })
    } finally {
      picking.value = false
    }
  }

  async function onRestored(result: Restored) {
    restoring.value = null
    const rejoin = rejoinHubNotice(result.restored.hubLink)
    if (rejoin) toast.add({ severity: 'warn', summary: `${restoredMessage(result)} ${rejoin}` })
    else toast.add({ severity: 'success', summary: restoredMessage(result), life: 8000 })
    await session.refresh()
    await router.push({ name: 'login' })
  }

  return { restoring, picking, restoreFromFile, onRestored }
}
