/**
 * The desk's keys. Each works from any screen of the app shell; a plain letter only while the
 * user is not typing in a field (so "n" in a name stays an "n"). The `?` help lists exactly
 * this table, so a new shortcut is one entry here and one case in the shell's `run`.
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
