import type { MenuAction } from '@contract/menu'
import { useToast } from 'primevue/usetoast'
import { onBeforeUnmount, onMounted } from 'vue'
import { useRouter } from 'vue-router'
import { useSessionStore } from '@/auth/sessionStore'
import { backUpNow } from '@/backups/backUpNow'
import { exportRequested } from '@/customers/export/exportRequest'
import { lockNow } from '@/lock/useScreenLock'

/**
 * The desktop app's File menu (New customer, New sale, Export, Import customers, Import receipts,
 * Back up now, Lock) and its shortcuts, as main sends them through the preload. Nothing runs while the screen is
 * locked. (The browser host has no menu: its keys are the shell's, see shell/shortcuts.ts.)
 */
export function useMenuActions() {
  const router = useRouter()
  const session = useSessionStore()
  const toast = useToast()

  async function run(action: MenuAction) {
    if (session.locked || !session.user) return
    switch (action) {
      case 'new-customer':
        return void router.push({ name: 'customer-new' })
      case 'new-sale':
        return void router.push({ name: 'sale-new' })
      case 'import':
        return void router.push({ name: session.can('import_customers') ? 'customer-import' : 'customers' })
      case 'import-receipts':
        return void router.push({ name: session.can('import_customers') ? 'receipt-import' : 'receipts' })
      case 'export':
        // The list exports itself as it is filtered: the menu opens it and its Export dialog.
        if (!session.can('export_data')) return void toast.add({ severity: 'error', summary: 'You do not have permission to export customers', life: 5000 })
        await router.push({ name: 'customers' })
        exportRequested.value = true
        return
      case 'back-up-now':
        return void backUpNow(toast, session.can('manage_backups'))
      case 'lock':
        return lockNow()
    }
  }

  let stop: (() => void) | undefined
  onMounted(() => {
    stop = window.backroomMenu?.onAction((action) => void run(action))
  })
  onBeforeUnmount(() => stop?.())
  return { run }
}
