import type { Menu } from 'electron'
import { contract, type CommandName } from '../contract'
import type { SessionUser } from '../contract/auth'
import { MENU_ACTIONS, type MenuAction } from '../contract/menu'

/**
 * The command each File item leads to. An item is enabled when that command's access lets the
 * window's user run it (PRODUCT 6.3: the UI hides what the user may not do): nothing before
 * sign-in or while the window is locked, Export and Import only with their permissions, Back up
 * now only for who manages backups. Main still checks every command; this is what the menu shows.
 */
const COMMAND_OF: Record<MenuAction, CommandName> = {
  'new-customer': 'customers:create',
  'new-sale': 'sales:create',
  export: 'customers:exportStart',
  import: 'imports:pickFile',
  'import-receipts': 'receiptImports:pickFile',
  'back-up-now': 'backups:create',
  lock: 'lock:engage',
}

/** The File items the signed-in user (null: no one, or the window is locked) may use. */
export function enabledMenuActions(user: Pick<SessionUser, 'permissions'> | null): Set<MenuAction> {
  const allowed = new Set<MenuAction>()
  if (!user) return allowed
  for (const action of MENU_ACTIONS) {
    const access = contract[COMMAND_OF[action]].access
    if (access === 'public' || access === 'signedIn' || (user.permissions as string[]).includes(access)) allowed.add(action)
  }
  return allowed
}

/** Commands after which the window's user, their permissions or its lock may have changed. */
export const changesWhoIsSignedIn = (name: string) => name.startsWith('auth:') || name.startsWith('lock:') || name.startsWith('users:')

/** Sets each File item's enabled state (items carry their action as id, menu.ts). */
export function showMenuActions(menu: Pick<Menu, 'getMenuItemById'> | null, allowed: ReadonlySet<MenuAction>): void {
  for (const action of MENU_ACTIONS) {
    const item = menu?.getMenuItemById(action)
    if (item) item.enabled = allowed.has(action)
  }
}
