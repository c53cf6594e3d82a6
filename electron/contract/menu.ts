/**
 * What the application menu (and its shortcuts) asks the window to do. Main sends one of these
 * names on the `menu:action` channel; the preload passes on only these; the renderer acts.
 */
export const MENU_ACTIONS = ['new-customer', 'new-sale', 'export', 'import', 'import-receipts', 'back-up-now', 'lock'] as const
export type MenuAction = (typeof MENU_ACTIONS)[number]

export const MENU_CHANNEL = 'menu:action'

/**
 * The File menu's items and their shortcuts. The renderer answers the same keys itself where
 * there is no application menu (the browser host).
 */
export const MENU_ITEMS: { action: MenuAction; label: string; accelerator?: string }[] = [
  { action: 'new-customer', label: 'New customer', accelerator: 'CmdOrCtrl+N' },
  { action: 'new-sale', label: 'New sale', accelerator: 'CmdOrCtrl+Shift+N' },
  { action: 'export', label: 'Export customers…', accelerator: 'CmdOrCtrl+E' },
  { action: 'import', label: 'Import customers…', accelerator: 'CmdOrCtrl+I' },
  // No key of its own: an import of past receipts is done once or twice, not many times a day.
  { action: 'import-receipts', label: 'Import receipts…' },
  { action: 'back-up-now', label: 'Back up now', accelerator: 'CmdOrCtrl+Shift+B' },
  { action: 'lock', label: 'Lock', accelerator: 'CmdOrCtrl+L' },
]

export function isMenuAction(value: unknown): value is MenuAction {
  return typeof value === 'string' && (MENU_ACTIONS as readonly string[]).includes(value)
}

/** window.backroomMenu, beside window.backroom: the one thing main may say without being asked. */
export interface MenuBridge {
  /** Calls `listener` for each menu action; returns a function that stops listening. */
  onAction(listener: (action: MenuAction) => void): () => void
}
