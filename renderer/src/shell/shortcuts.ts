import { MENU_ITEMS, type MenuAction } from '@contract/menu'

/**
 * The desk's keys. Each works from any screen of the app shell; a plain letter only while the
 * user is not typing in a field (so "n" in a name stays an "n"). The `?` help lists this table
 * with the File menu's keys (HELP_ROWS), so a new shortcut is one entry here and one case in the
 * shell's `run`, and a new menu key one entry in MENU_ITEMS.
 */
export type ShortcutAction = 'lookup' | 'newSale' | 'newCustomer' | 'customers' | 'lock' | 'help'

export interface Shortcut {
  action: ShortcutAction
  /** As the help shows them: each entry one way to press it. */
  keys: string[]
  description: string
  matches(event: KeyboardEvent, typing: boolean): boolean
}

const plain = (event: KeyboardEvent) => !event.ctrlKey && !event.metaKey && !event.altKey

export const SHORTCUTS: Shortcut[] = [
  {
    action: 'lookup',
    keys: ['/', 'Ctrl+K'],
    description: 'Find a customer',
    matches: (e, typing) => ((e.ctrlKey || e.metaKey) && e.key.toLowerCase() === 'k') || (!typing && plain(e) && e.key === '/'),
  },
  { action: 'newSale', keys: ['S'], description: 'New sale', matches: (e, typing) => !typing && plain(e) && e.key.toLowerCase() === 's' },
  { action: 'newCustomer', keys: ['N'], description: 'New customer', matches: (e, typing) => !typing && plain(e) && e.key.toLowerCase() === 'n' },
  { action: 'customers', keys: ['C'], description: 'Customer list', matches: (e, typing) => !typing && plain(e) && e.key.toLowerCase() === 'c' },
  // Also while typing: someone stepping away mid-form locks at once.
  { action: 'lock', keys: ['Ctrl+L'], description: 'Lock the screen', matches: (e) => (e.ctrlKey || e.metaKey) && !e.shiftKey && !e.altKey && e.key.toLowerCase() === 'l' },
  { action: 'help', keys: ['?'], description: 'Show these shortcuts', matches: (e, typing) => !typing && e.key === '?' },
]

/** A line of the `?` help: each key one way to press it, and what they do. */
export interface HelpRow {
  keys: string[]
  description: string
}

/** The File menu's actions the desk's own keys also do: the menu's key joins that line. */
const SAME_AS: Partial<Record<MenuAction, ShortcutAction>> = { 'new-customer': 'newCustomer', 'new-sale': 'newSale', lock: 'lock' }

/** "CmdOrCtrl+Shift+N" as the help writes keys: "Ctrl+Shift+N". */
const asKeys = (accelerator: string) => accelerator.replace(/^CmdOrCtrl\+/, 'Ctrl+')

/**
 * Every key the help lists: the desk's (SHORTCUTS), the File menu's accelerators read from
 * MENU_ITEMS itself (so the help cannot list a key the menu no longer has), and Find a
 * customer's Ctrl+Enter.
 */
export const HELP_ROWS: HelpRow[] = (() => {
  const rows = SHORTCUTS.map((shortcut) => ({ action: shortcut.action as ShortcutAction | undefined, keys: [...shortcut.keys], description: shortcut.description }))
  for (const item of MENU_ITEMS) {
    if (!item.accelerator) continue
    const keys = asKeys(item.accelerator)
    const same = rows.find((row) => row.action !== undefined && row.action === SAME_AS[item.action])
    if (same) {
      if (!same.keys.includes(keys)) same.keys.push(keys)
    } else rows.push({ action: undefined, keys: [keys], description: item.label.replace(/…$/, '') })
  }
  rows.push({ action: undefined, keys: ['Ctrl+Enter'], description: 'In Find a customer: a new sale for the customer chosen' })
  return rows.map(({ keys, description }) => ({ keys, description }))
})()

/** True while the key would type into something: a text field, a list being searched, an editable area. */
export function isTyping(target: EventTarget | null): boolean {
  if (!(target instanceof HTMLElement)) return false
  if (target.isContentEditable) return true
  if (target instanceof HTMLTextAreaElement || target instanceof HTMLSelectElement) return true
  if (target instanceof HTMLInputElement) return !['checkbox', 'radio', 'button', 'submit', 'reset'].includes(target.type)
  return target.getAttribute('role') === 'combobox'
}

/** The shortcut `event` asks for, if any; none while a dialog is open (it has keys of its own). */
export function shortcutFor(event: KeyboardEvent): Shortcut | undefined {
  if (event.defaultPrevented || document.querySelector('[role="dialog"][aria-modal="true"], [role="alertdialog"]')) return undefined
  const typing = isTyping(event.target)
  return SHORTCUTS.find((shortcut) => shortcut.matches(event, typing))
}
