import type { MenuItemConstructorOptions } from 'electron'

/** File › Quit, the Edit roles (so copy and paste shortcuts work), and View › Reload only while developing. */
export function applicationMenuTemplate(options: { isMac: boolean; isDev: boolean }): MenuItemConstructorOptions[] {
  const template: MenuItemConstructorOptions[] = []
  // macOS always takes the first menu as the app menu, which is where Quit lives there.
  if (options.isMac) template.push({ role: 'appMenu' })
  template.push({ label: 'File', submenu: [options.isMac ? { role: 'close' } : { role: 'quit' }] })
  template.push({ role: 'editMenu' })
  if (options.isDev) template.push({ label: 'View', submenu: [{ role: 'reload' }, { role: 'toggleDevTools' }] })
  return template
}
