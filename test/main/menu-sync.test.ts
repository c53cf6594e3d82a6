import { rmSync } from 'node:fs'
import type { MenuItemConstructorOptions } from 'electron'
import { afterEach, describe, expect, it, vi } from 'vitest'
import type { Core } from '../../electron/core'
import { OWNER, tempDir } from '../support/core'
import { deliver, joinStore, makeTemplate, WorldClock, type SyncStore } from '../support/sync/cluster'
import { createFakeElectron, importWithFakeElectron, invokeEvent, type FakeElectron } from './fake-electron'

/**
 * The File menu follows what the window's user may do when that changes with no command of the
 * window: here an owner at another store makes the manager signed in at this one staff, and sync
 * brings it (the real applier, as a hub delivers). Before, the menu kept Export and Import on
 * until the manager next signed in or out.
 */
const STORE = { name: 'Corner Shop', currency: 'USD', timeZone: 'America/New_York' }
const MANAGER = { username: 'mona', displayName: 'Mona Manager', role: 'manager' as const, password: 'password of mona', pin: '1357', permissionOverrides: {} }

let running: { electron: FakeElectron; dirs: string[]; other?: Core } | undefined

afterEach(async () => {
  vi.doUnmock('electron')
  vi.doUnmock('../../electron/core')
  if (running) {
    await running.other?.close()
    const event = { preventDefault: vi.fn() }
    running.electron.app.emit('will-quit', event)
    await vi.waitFor(() => expect(running!.electron.app.quit).toHaveBeenCalled())
    for (const dir of running.dirs) rmSync(dir, { recursive: true, force: true })
  }
  running = undefined
})

describe('the File menu and a role changed at another store', () => {
  it('turns Export and Import off when sync brings the signed-in manager’s demotion to staff', async () => {
    const dir = tempDir('backroom-main-')
    const electron = createFakeElectron({ userData: dir })
    running = { electron, dirs: [dir] }
    // The core main opens, kept for the test: sync entries are applied to it as the hub worker would.
    let core: Core | undefined
    vi.doMock('../../electron/core', async (importOriginal) => {
      const real = await importOriginal<typeof import('../../electron/core')>()
      return { ...real, createCore: async (options: Parameters<typeof real.createCore>[0]) => (core = await real.createCore(options)) }
    })
    await importWithFakeElectron('../../electron/main/index', electron)
    await vi.waitFor(() => expect(electron.windows).toHaveLength(1), { timeout: 15_000 })
    const win = electron.windows[0]
    const invoke = (name: string, input: unknown = {}) =>
      Promise.resolve(electron.ipcMain.handlers.get(name)!(invokeEvent({ url: win.loadURL.mock.calls[0][0], webContentsId: win.webContents.id }), input))
    const built = electron.Menu.buildFromTemplate.mock.results[0].value as { getMenuItemById(id: string): MenuItemConstructorOptions | null }
    const enabled = () => ['export', 'import', 'back-up-now', 'new-sale'].map((id) => built.getMenuItemById(id)?.enabled)

    expect(await invoke('auth:setup', { store: STORE, owner: OWNER })).toMatchObject({ ok: true })
    const manager = (await invoke('users:create', MANAGER)) as { ok: true; data: { id: string } }
    await invoke('auth:logout')
    expect(await invoke('auth:login', { username: MANAGER.username, password: MANAGER.password })).toMatchObject({ ok: true })
    await vi.waitFor(() => expect(enabled()).toEqual([true, true, false, true]))

    // Another store of the owner, joined from this one; its owner makes the manager staff.
    const world = new WorldClock()
    world.ms = Date.now()
    const template = await makeTemplate()
    running.dirs.push(template.replace(/\/[^/]+$/, ''))
    const here: SyncStore = { name: 'here', dir, skew: 0, core: core!, call: () => Promise.reject(new Error('not used')) }
    const there = await joinStore(world, template, here, 1, 0)
    running.other = there.core
    running.dirs.push(there.dir)
    expect(await there.call('users:update', { id: manager.data.id, role: 'staff' })).toMatchObject({ ok: true })

    expect(await deliver(there, here, { all: true })).toMatchObject({ applied: expect.any(Number), refused: 0 })
    // Only the sale stays: no command of this window asked anything.
    await vi.waitFor(() => expect(enabled()).toEqual([false, false, false, true]))
    expect(await invoke('auth:status')).toMatchObject({ ok: true, data: { user: { username: MANAGER.username, role: 'staff' } } })
  }, 60_000)
})
