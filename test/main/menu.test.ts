import type { MenuItemConstructorOptions } from 'electron'
import { describe, expect, it } from 'vitest'
import { applicationMenuTemplate } from '../../electron/main/menu'

function roles(template: MenuItemConstructorOptions[]): string[] {
  return template.flatMap((item) => [
    ...(item.role ? [item.role] : []),
    ...(Array.isArray(item.submenu) ? roles(item.submenu) : []),
  ])
}

describe('applicationMenuTemplate', () => {
  it('has File › Quit and the Edit roles, and no reload or dev tools in a shipped app', () => {
    const template = applicationMenuTemplate({ isMac: false, isDev: false })
    expect(template.map((item) => item.label ?? item.role)).toEqual(['File', 'editMenu'])
    expect(roles(template)).toEqual(['quit', 'editMenu'])
  })

  it('adds View › Reload while developing', () => {
    const template = applicationMenuTemplate({ isMac: false, isDev: true })
    expect(template.at(-1)).toMatchObject({ label: 'View' })
    expect(roles(template)).toContain('reload')
  })

  it('puts the app menu first on macOS', () => {
    expect(roles(applicationMenuTemplate({ isMac: true, isDev: false }))).toEqual(['appMenu', 'close', 'editMenu'])
  })
})
