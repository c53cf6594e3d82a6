import { afterEach, describe, expect, it, vi } from 'vitest'
import { commandNames } from '../../electron/contract'
import { createFakeElectron, importWithFakeElectron, type FakeElectron } from './fake-electron'

type Surface = Record<string, Record<string, (input?: unknown) => Promise<unknown>>>

async function loadPreload(): Promise<{ electron: FakeElectron; backroom: Surface }> {
  const electron = createFakeElectron()
  await importWithFakeElectron('../../electron/preload/index', electron)
  const [key, api] = electron.contextBridge.exposeInMainWorld.mock.calls[0]
  expect(key).toBe('backroom')
  return { electron, backroom: api as Surface }
}

afterEach(() => {
  vi.doUnmock('electron')
})

describe('preload', () => {
  it('exposes three keys, backroom, backroomPlatform and backroomMenu, and nothing through any other bridge call', async () => {
    const { electron } = await loadPreload()
    expect(electron.contextBridge.exposeInMainWorld.mock.calls.map(([key]) => key)).toEqual(['backroom', 'backroomPlatform', 'backroomMenu'])
    expect(electron.contextBridge.exposeInIsolatedWorld).not.toHaveBeenCalled()
    expect(electron.ipcRenderer.invoke).not.toHaveBeenCalled()
  })

  it('offers exactly one function per contract command, grouped by domain', async () => {
    const { backroom } = await loadPreload()
    const exposed = Object.entries(backroom).flatMap(([domain, verbs]) =>
      Object.entries(verbs).map(([verb, fn]) => {
        expect(typeof fn).toBe('function')
        return `${domain}:${verb}`
      }),
    )
    expect(exposed.sort()).toEqual([...commandNames].sort())
  })

  it('sends each call to the channel of the same name with the input as given', async () => {
    const { electron, backroom } = await loadPreload()
    const input = { username: 'sam', displayName: 'Sam', role: 'staff', password: 'long enough pw', pin: '1234' }
    const result = await backroom.users.create(input)
    expect(electron.ipcRenderer.invoke).toHaveBeenCalledExactlyOnceWith('users:create', input)
    expect(result).toEqual({ ok: true, data: { channel: 'users:create', input } })
  })

  it('sends {} for a command called without input', async () => {
    const { electron, backroom } = await loadPreload()
    await backroom.auth.status()
    expect(electron.ipcRenderer.invoke).toHaveBeenCalledExactlyOnceWith('auth:status', {})
  })

  it('backroomPlatform has print() alone, which asks main to print the window and nothing else', async () => {
    const { electron } = await loadPreload()
    const platform = electron.contextBridge.exposeInMainWorld.mock.calls[1]![1] as Record<string, () => Promise<unknown>>
    expect(Object.keys(platform)).toEqual(['print'])
    expect(Object.isFrozen(platform)).toBe(true)
    await platform.print()
    expect(electron.ipcRenderer.invoke).toHaveBeenCalledExactlyOnceWith('platform:print')
  })

  it('hands the page no ipcRenderer, no generic invoke or send, and no process', async () => {
    const { backroom } = await loadPreload()
    const keys = Object.keys(backroom)
    for (const forbidden of ['ipcRenderer', 'invoke', 'send', 'on', 'process', 'require']) expect(keys).not.toContain(forbidden)
    expect(Object.isFrozen(backroom)).toBe(true)
  })
})

describe('preload menu bridge', () => {
  it('passes on menu actions by name only, drops anything else, and stops when asked', async () => {
    const { electron } = await loadPreload()
    const menu = electron.contextBridge.exposeInMainWorld.mock.calls[2][1] as { onAction(listener: (action: string) => void): () => void }
    expect(Object.isFrozen(menu)).toBe(true)
    const seen: unknown[] = []
    const stop = menu.onAction((...args) => seen.push(args))
    electron.ipcRenderer.emitFromMain('menu:action', 'lock')
    electron.ipcRenderer.emitFromMain('menu:action', 'format-disk')
    electron.ipcRenderer.emitFromMain('menu:action', { action: 'lock' })
    electron.ipcRenderer.emitFromMain('other:channel', 'lock')
    expect(seen).toEqual([['lock']])
    stop()
    electron.ipcRenderer.emitFromMain('menu:action', 'new-sale')
    expect(seen).toEqual([['lock']])
  })
})
