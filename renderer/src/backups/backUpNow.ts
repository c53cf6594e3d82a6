import type { ToastServiceMethods } from 'primevue/toastservice'
import { ref } from 'vue'
import { ApiError, backroom, unwrap } from '@/api/client'
import { countOf } from '@/ui/format/locale'

/** A "Back up now" is running, started from the menu or the Backups screen (whose button shows it). */
export const backingUp = ref(false)

/**
 * "Back up now" from the menu or the Backups screen: a verified backup into the backups folder.
 * One at a time: asked again while one runs (a double click, the menu meanwhile), it says so.
 */
export async function backUpNow(toast: ToastServiceMethods, allowed: boolean): Promise<boolean> {
  if (!allowed) {
    toast.add({ severity: 'error', summary: 'You do not have permission to back up the store', life: 5000 })
    return false
  }
  if (backingUp.value) {
    toast.add({ severity: 'info', summary: 'A backup is already running', life: 3000 })
    return false
  }
  backingUp.value = true
  toast.add({ severity: 'info', summary: 'Backing up…', life: 3000 })
  try {
    const { backup } = await unwrap(backroom().backups.create({ destination: 'folder', passphrase: '' }))
    const customers = backup?.customers ?? 0
    toast.add({ severity: 'success', summary: `Backed up and verified: ${countOf(customers, 'customer', 'customers')}`, life: 5000 })
    return true
  } catch (error) {
    if (!(error instanceof ApiError)) throw error
    toast.add({ severity: 'error', summary: error.message, life: 8000 })
    return false
  } finally {
    backingUp.value = false
  }
}
