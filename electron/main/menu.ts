import type { MenuItemConstructorOptions } from 'electron'
import { MENU_ITEMS, type MenuAction } from '../contract/menu'

/**
 * File holds the app's main actions (each sends its name to the window), then Quit; the Edit
 * roles make copy and paste work; View › Reload only while developing.
 */
export function applicationMenuTemplate(options: {
  isMac: boolean
  isDev: boolean
  onAction: (action: MenuAction) => void
}): MenuItemConstructorOptions[] {
  const template: MenuItemConstructorOptions[] = []
  // macOS always takes the first menu as the app menu, which is where Quit lives there.
  if (options.isMac) template.push({ role: 'appMenu' })
  const item = (action: MenuAction) => {
    const { label, accelerator } = MENU_ITEMS.find((i) => i.action === action)!
    // Disabled until someone signs in (menu-state.ts enables what their permissions allow).
    return { id: action, label, accelerator, enabled: false, click: () => options.onAction(action) }
  }
  template.push({
    label: 'File',
    submenu: [
      item('new-customer'),
      item('new-sale'),
      { type: 'separator' },
      item('export'),
      item('import'),
      item('import-receipts'),
      { type: 'separator' },
      item('back-up-now'),
      item('lock'),
      { type: 'separator' },
      options.isMac ? { role: 'close' } : { role: 'quit' },
    ],
  })
  template.push({ role: 'editMenu' })
  if (options.isDev) template.push({ label: 'View', submenu: [{ role: 'reload' }, { role: 'toggleDevTools' }] })
  return template
}
