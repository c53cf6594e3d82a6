import type { MenuAction } from '@contract/menu'
import { useToast } from 'primevue/usetoast'
import { onBeforeUnmount, onMounted } from 'vue'
import { useRouter } from 'vue-router'
import { useSessionStore } from '@/auth/sessionStore'
import { backUpNow } from '@/backups/backUpNow'
import { lockNow } from '@/lock/useScreenLock'

/**
 * The desktop app's File menu (New customer, New sale, Export, Import, Back up now, Lock) and
 * its shortcuts, as main sends them through the preload. Nothing runs while the screen is
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
      case 'export':
        // The customer list is where export will live; it does not exist yet (issue 11).
        await router.push({ name: 'customers' })
        return void toast.add({ severity: 'info', summary: `Customer ${action} is not part of this version yet`, life: 5000 })
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
