import { MENU_ITEMS, type MenuAction } from '@contract/menu'
import { useToast } from 'primevue/usetoast'
import { onBeforeUnmount, onMounted } from 'vue'
import { useRouter } from 'vue-router'
import { backUpNow } from '../backups/backUpNow'
import { lockNow } from '../lock/useScreenLock'
import { useSessionStore } from '../stores/session'

/** 'CmdOrCtrl+Shift+N' as a test of a key press. */
function matches(accelerator: string, event: KeyboardEvent): boolean {
  const parts = accelerator.split('+')
  const key = parts.pop()!.toLowerCase()
  const wantsShift = parts.includes('Shift')
  return (event.ctrlKey || event.metaKey) && event.shiftKey === wantsShift && !event.altKey && event.key.toLowerCase() === key
}

/**
 * The application menu's actions (New customer, New sale, Export, Import, Back up now, Lock):
 * from Electron's menu through the preload, or, in the browser host (no menu), from the same
 * shortcuts pressed in the page. Nothing runs while the screen is locked.
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
      case 'export':
      case 'import':
        // The customer list is where export and import will live; neither exists yet.
        await router.push({ name: 'customers' })
        return void toast.add({ severity: 'info', summary: `Customer ${action} is not part of this version yet`, life: 5000 })
      case 'back-up-now':
        return backUpNow(toast, session.can('manage_backups'))
      case 'lock':
        return lockNow()
    }
  }

  const onKey = (event: KeyboardEvent) => {
    const item = MENU_ITEMS.find((i) => matches(i.accelerator, event))
    if (!item) return
    event.preventDefault()
    void run(item.action)
  }

  let stop: (() => void) | undefined
  onMounted(() => {
    if (window.backroomMenu) stop = window.backroomMenu.onAction((action) => void run(action))
    else window.addEventListener('keydown', onKey)
  })
  onBeforeUnmount(() => {
    stop?.()
    window.removeEventListener('keydown', onKey)
  })
  return { run }
}
