import type { MenuItemConstructorOptions } from 'electron'
import { describe, expect, it, vi } from 'vitest'
import { MENU_ACTIONS } from '../../electron/contract/menu'
import { PERMISSIONS } from '../../electron/contract/permissions'
import { applicationMenuTemplate } from '../../electron/main/menu'
import { changesWhoIsSignedIn, enabledMenuActions, showMenuActions } from '../../electron/main/menu-state'

function roles(template: MenuItemConstructorOptions[]): string[] {
  return template.flatMap((item) => [
    ...(item.role ? [item.role] : []),
    ...(Array.isArray(item.submenu) ? roles(item.submenu) : []),
  ])
}

function items(template: MenuItemConstructorOptions[]): MenuItemConstructorOptions[] {
  return template.flatMap((item) => [item, ...(Array.isArray(item.submenu) ? items(item.submenu) : [])])
}

const template = (isMac = false, isDev = false, onAction = vi.fn()) => applicationMenuTemplate({ isMac, isDev, onAction })

describe('applicationMenuTemplate', () => {
  it('has File with the main actions and Quit, the Edit roles, and no reload or dev tools in a shipped app', () => {
    const menu = template()
    expect(menu.map((item) => item.label ?? item.role)).toEqual(['File', 'editMenu'])
    expect(roles(menu)).toEqual(['quit', 'editMenu'])
    const file = (menu[0].submenu as MenuItemConstructorOptions[]).filter((i) => i.label).map((i) => [i.label, i.accelerator])
    expect(file).toEqual([
      ['New customer', 'CmdOrCtrl+N'],
      ['New sale', 'CmdOrCtrl+Shift+N'],
      ['Export customers…', 'CmdOrCtrl+E'],
      ['Import customers…', 'CmdOrCtrl+I'],
      ['Import receipts…', undefined],
      ['Back up now', 'CmdOrCtrl+Shift+B'],
      ['Lock', 'CmdOrCtrl+L'],
    ])
  })

  it('sends each item’s action when it is clicked (or its shortcut pressed), and no two share a shortcut', () => {
    const onAction = vi.fn()
    const clickable = items(template(false, false, onAction)).filter((i) => i.click)
    for (const item of clickable) (item.click as () => void)()
    expect(onAction.mock.calls.map(([action]) => action)).toEqual([...MENU_ACTIONS])
    const accelerators = clickable.map((i) => i.accelerator)
    expect(new Set(accelerators).size).toBe(accelerators.length)
  })

  it('adds View › Reload while developing', () => {
    const menu = template(false, true)
    expect(menu.at(-1)).toMatchObject({ label: 'View' })
    expect(roles(menu)).toContain('reload')
  })

  it('puts the app menu first on macOS, and closes the window from File there', () => {
    expect(roles(template(true))).toEqual(['appMenu', 'close', 'editMenu'])
  })
})

describe('the File items follow who is signed in (PRODUCT 6.3)', () => {
  const ALL = new Set(MENU_ACTIONS)
  it('are all disabled before anyone signs in, and carry their action as id', () => {
    const file = items(template()).filter((i) => i.click)
    expect(file.map((i) => [i.id, i.enabled])).toEqual(MENU_ACTIONS.map((action) => [action, false]))
    expect(enabledMenuActions(null)).toEqual(new Set())
  })

  it('shows only what the user may do: staff without export, import or backups get none of those', () => {
    expect(enabledMenuActions({ permissions: [] })).toEqual(new Set(['new-customer', 'new-sale', 'lock']))
    expect(enabledMenuActions({ permissions: ['export_data'] })).toEqual(new Set(['new-customer', 'new-sale', 'export', 'lock']))
    expect(enabledMenuActions({ permissions: [...PERMISSIONS] })).toEqual(ALL)
  })

  it('sets each item in the built menu, and asks again after sign-in, lock and user commands only', () => {
    const built = template()
    const byId = (id: string) => items(built).find((i) => i.id === id) ?? null
    showMenuActions({ getMenuItemById: byId as never }, new Set(['new-sale', 'import']))
    expect(items(built).filter((i) => i.click).map((i) => [i.id, i.enabled])).toEqual(MENU_ACTIONS.map((action) => [action, action === 'new-sale' || action === 'import']))
    expect(['auth:login', 'auth:logout', 'lock:engage', 'lock:unlock', 'users:update'].every(changesWhoIsSignedIn)).toBe(true)
    expect(['customers:list', 'sales:create', 'settings:update'].some(changesWhoIsSignedIn)).toBe(false)
  })
})
