import { existsSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import type { MenuItemConstructorOptions } from 'electron'
import { afterEach, describe, expect, it, vi } from 'vitest'
import { commandNames } from '../../electron/contract'
import { APP_INDEX_URL, APP_SCHEME_PRIVILEGES } from '../../electron/main/app-protocol'
import { OWNER, tempDir } from '../support/core'
import { createFakeElectron, importWithFakeElectron, invokeEvent, type FakeElectron } from './fake-electron'

const MAIN = '../../electron/main/index'
const STORE = { name: 'Corner Shop', currency: 'USD', timeZone: 'America/New_York' }

let running: { electron: FakeElectron; dir: string } | undefined

/** Loads the entry as Electron would and waits until its window exists (core opened, commands registered). */
async function startApp(options: { isPackaged?: boolean; dir?: string; switches?: string[] } = {}) {
  const dir = options.dir ?? tempDir('backroom-main-')
  const electron = createFakeElectron({ userData: dir, isPackaged: options.isPackaged, switches: options.switches })
  running = { electron, dir }
  await importWithFakeElectron(MAIN, electron)
  await vi.waitFor(() => expect(electron.windows).toHaveLength(1), { timeout: 15_000 })
  const win = electron.windows[0]
  const invoke = (name: string, input: unknown = {}) => {
    const appUrl = win.loadURL.mock.calls[0][0]
    const event = invokeEvent({ url: appUrl, webContentsId: win.webContents.id })
    return Promise.resolve(electron.ipcMain.handlers.get(name)!(event, input))
  }
  return { electron, win, invoke }
}

/** Fires will-quit as Electron does and waits for the core to close and quit to be asked again. */
async function quit(electron: FakeElectron) {
  const event = { preventDefault: vi.fn() }
  electron.app.emit('will-quit', event)
  await vi.waitFor(() => expect(electron.app.quit).toHaveBeenCalled())
  return event
}

afterEach(async () => {
  vi.doUnmock('electron')
  vi.unstubAllEnvs()
  if (running && !running.electron.app.quit.mock.calls.length) await quit(running.electron)
  if (running) rmSync(running.dir, { recursive: true, force: true })
  running = undefined
})

describe('main entry', () => {
  it('quits at once when another instance holds the lock', async () => {
    const electron = createFakeElectron({ singleInstanceLock: false })
    await importWithFakeElectron(MAIN, electron)
    expect(electron.app.requestSingleInstanceLock).toHaveBeenCalledOnce()
    expect(electron.app.quit).toHaveBeenCalledOnce()
    expect(electron.app.whenReady).not.toHaveBeenCalled()
    expect(electron.ipcMain.handle).not.toHaveBeenCalled()
    expect(electron.windows).toHaveLength(0)
  })

  it('starts hardened: sandbox, session, every command, one window on the built page', async () => {
    const { electron, win } = await startApp()
    expect(electron.app.requestSingleInstanceLock).toHaveBeenCalledOnce()
    expect(electron.app.enableSandbox).toHaveBeenCalled()
    expect(electron.session.defaultSession.setPermissionRequestHandler).toHaveBeenCalled()
    expect(electron.session.defaultSession.webRequest.onHeadersReceived).toHaveBeenCalled()
    // Every command, and the print port.
    expect([...electron.ipcMain.handlers.keys()].sort()).toEqual([...commandNames, 'platform:print'].sort())
    expect(electron.Menu.setApplicationMenu).toHaveBeenCalledOnce()
    expect(win.options.webPreferences).toMatchObject({ contextIsolation: true, sandbox: true, nodeIntegration: false })
    expect(win.options.webPreferences?.preload).toMatch(/[\\/]preload[\\/]index\.js$/)
    // The built page through the app protocol, never file://.
    expect(win.loadURL).toHaveBeenCalledExactlyOnceWith(APP_INDEX_URL)
    expect(win.loadFile).not.toHaveBeenCalled()
    expect(win.webContents.setWindowOpenHandler).toHaveBeenCalled()
    expect(win.show).not.toHaveBeenCalled()
    win.emit('ready-to-show')
    expect(win.show).toHaveBeenCalledOnce()
  })

  it('loads the dev server while developing, but never in a packaged app', async () => {
    vi.stubEnv('ELECTRON_RENDERER_URL', 'http://localhost:5173')
    const dev = await startApp()
    expect(dev.win.loadURL).toHaveBeenCalledExactlyOnceWith('http://localhost:5173')
    await quit(dev.electron)
    rmSync(running!.dir, { recursive: true, force: true })

    const packaged = await startApp({ isPackaged: true })
    expect(packaged.win.loadURL).toHaveBeenCalledExactlyOnceWith(APP_INDEX_URL)
    expect(packaged.win.loadFile).not.toHaveBeenCalled()
  })

  it('serves the built page through app://backroom: the scheme privileged before ready, the handler after', async () => {
    const { electron } = await startApp({ isPackaged: true })
    const { registerSchemesAsPrivileged, handle } = electron.protocol
    expect(registerSchemesAsPrivileged).toHaveBeenCalledExactlyOnceWith([APP_SCHEME_PRIVILEGES])
    expect(APP_SCHEME_PRIVILEGES.privileges).not.toHaveProperty('bypassCSP')
    expect(registerSchemesAsPrivileged.mock.invocationCallOrder[0]).toBeLessThan(electron.app.whenReady.mock.invocationCallOrder[0])
    expect(handle).toHaveBeenCalledExactlyOnceWith('app', expect.any(Function))
    expect(handle.mock.invocationCallOrder[0]).toBeLessThan(electron.windows[0].loadURL.mock.invocationCallOrder[0])
    // The handler refuses what lies outside the renderer folder (app-protocol.test.ts serves files).
    const handler = handle.mock.calls[0][1]
    expect((await handler(new Request('app://backroom/%2e%2e%2fmain%2findex.js'))).status).toBe(404)
  })

  it('keeps the dev server and no app protocol while developing', async () => {
    vi.stubEnv('ELECTRON_RENDERER_URL', 'http://localhost:5173')
    const { electron } = await startApp()
    expect(electron.protocol.registerSchemesAsPrivileged).not.toHaveBeenCalled()
    expect(electron.protocol.handle).not.toHaveBeenCalled()
  })

  it('turns DevTools off in a packaged build and leaves them on while developing', async () => {
    const dev = await startApp()
    expect(dev.win.options.webPreferences?.devTools).toBe(true)
    await quit(dev.electron)
    rmSync(running!.dir, { recursive: true, force: true })

    const packaged = await startApp({ isPackaged: true })
    expect(packaged.win.options.webPreferences?.devTools).toBe(false)
  })

  it.each(['remote-debugging-port', 'remote-debugging-pipe', 'inspect', 'inspect-brk'])(
    'refuses to start a packaged build with --%s: no lock, no database, no window',
    async (name) => {
      const electron = createFakeElectron({ isPackaged: true, switches: [name] })
      const stderr = vi.spyOn(console, 'error').mockImplementation(() => {})
      await importWithFakeElectron(MAIN, electron)
      expect(electron.app.exit).toHaveBeenCalledExactlyOnceWith(1)
      expect(stderr).toHaveBeenCalledWith(expect.stringContaining(`--${name}`))
      expect(electron.app.requestSingleInstanceLock).not.toHaveBeenCalled()
      expect(electron.app.whenReady).not.toHaveBeenCalled()
      expect(electron.protocol.registerSchemesAsPrivileged).not.toHaveBeenCalled()
      expect(electron.windows).toHaveLength(0)
      stderr.mockRestore()
    },
  )

  it('accepts debugging switches while developing', async () => {
    const { electron } = await startApp({ switches: ['remote-debugging-port', 'inspect'] })
    expect(electron.app.exit).not.toHaveBeenCalled()
    expect(electron.windows).toHaveLength(1)
  })

  it('runs commands from the window against the real core and signs out when the window closes', async () => {
    const { win, invoke } = await startApp()
    expect(await invoke('auth:status')).toMatchObject({ ok: true, data: { needsSetup: true, user: null } })
    expect(await invoke('auth:setup', { store: STORE, owner: OWNER })).toMatchObject({ ok: true })
    expect(await invoke('auth:status')).toMatchObject({ ok: true, data: { user: { username: OWNER.username } } })
    win.emit('closed')
    expect(await invoke('auth:status')).toMatchObject({ ok: true, data: { needsSetup: false, user: null } })
  }, 30_000)

  it('enables the File items a signed-in user may use, and disables them again when they sign out', async () => {
    const { electron, invoke } = await startApp()
    const built = electron.Menu.buildFromTemplate.mock.results[0].value as { getMenuItemById(id: string): MenuItemConstructorOptions | null }
    const enabled = () => ['export', 'import', 'back-up-now', 'new-sale'].map((id) => built.getMenuItemById(id)?.enabled)
    expect(enabled()).toEqual([false, false, false, false])
    expect(await invoke('auth:setup', { store: STORE, owner: OWNER })).toMatchObject({ ok: true })
    await vi.waitFor(() => expect(enabled()).toEqual([true, true, true, true]))
    // A staff member without export, import or backups: only the sale is theirs.
    await invoke('users:create', { role: 'staff', username: 'sam', displayName: 'Sam Staff', password: 'password of sam', pin: '2468', permissionOverrides: {} })
    await invoke('auth:logout')
    await vi.waitFor(() => expect(enabled()).toEqual([false, false, false, false]))
    expect(await invoke('auth:login', { username: 'sam', password: 'password of sam' })).toMatchObject({ ok: true })
    await vi.waitFor(() => expect(enabled()).toEqual([false, false, false, true]))
  }, 30_000)

  it('keeps the SMTP password sealed by safeStorage', async () => {
    const { electron, invoke } = await startApp()
    await invoke('auth:setup', { store: STORE, owner: OWNER })
    const settings = { host: 'smtp.gmail.com', port: 587, security: 'starttls', username: 'shop@gmail.com', password: 'app password 1234', fromName: 'Corner Shop', fromAddress: 'shop@gmail.com' }
    expect(await invoke('mail:saveSettings', settings)).toMatchObject({ ok: true, data: { passwordSaved: true, passwordUnreadable: false } })
    expect(electron.safeStorage.encryptString).toHaveBeenCalledWith('app password 1234')
  }, 30_000)

  it('brings the existing window forward when a second instance starts', async () => {
    const { electron, win } = await startApp()
    win.isMinimized.mockReturnValue(true)
    electron.app.emit('second-instance')
    expect(win.restore).toHaveBeenCalledOnce()
    expect(win.focus).toHaveBeenCalledOnce()
  })

  it('holds quitting until the database is closed, once', async () => {
    const { electron } = await startApp()
    const first = await quit(electron)
    expect(first.preventDefault).toHaveBeenCalledOnce()
    expect(electron.app.quit).toHaveBeenCalledOnce()
    const second = { preventDefault: vi.fn() }
    electron.app.emit('will-quit', second)
    expect(second.preventDefault).not.toHaveBeenCalled()
  })
})

describe('the desktop around the window', () => {
  function menuItem(electron: FakeElectron, label: string): MenuItemConstructorOptions {
    const template = electron.Menu.buildFromTemplate.mock.calls[0][0] as MenuItemConstructorOptions[]
    const all = template.flatMap((item) => (Array.isArray(item.submenu) ? item.submenu : [item]))
    return all.find((item) => item.label === label)!
  }

  it('sends a menu action to the window and brings it forward', async () => {
    const { electron, win } = await startApp()
    win.isMinimized.mockReturnValue(true)
    ;(menuItem(electron, 'Lock').click as () => void)()
    expect(win.webContents.send).toHaveBeenCalledExactlyOnceWith('menu:action', 'lock')
    expect(win.restore).toHaveBeenCalled()
    ;(menuItem(electron, 'New sale').click as () => void)()
    expect(win.webContents.send).toHaveBeenLastCalledWith('menu:action', 'new-sale')
  })

  it('opens the window where and as big as it was when it was closed', async () => {
    const first = await startApp()
    const dir = running!.dir
    first.win.getNormalBounds.mockReturnValue({ x: 200, y: 90, width: 1300, height: 740 })
    first.win.isMaximized.mockReturnValue(true)
    first.win.emit('close')
    expect(JSON.parse(readFileSync(join(dir, 'window-state.json'), 'utf8'))).toEqual({
      bounds: { x: 200, y: 90, width: 1300, height: 740 },
      maximized: true,
    })
    await quit(first.electron)

    const again = await startApp({ dir })
    expect(again.win.options).toMatchObject({ x: 200, y: 90, width: 1300, height: 740 })
    again.win.emit('ready-to-show')
    expect(again.win.maximize).toHaveBeenCalledOnce()
  })

  it('saves a backup to the file chosen in Electron’s save dialog, and notifies when a backup fails', async () => {
    const { electron, invoke } = await startApp()
    const dir = running!.dir
    expect(await invoke('auth:setup', { store: STORE, owner: OWNER })).toMatchObject({ ok: true })
    // A drive of its own: a place inside the data folder is refused (backups/target.ts).
    const target = join(tempDir('backroom-usb-'), 'corner.sqlite')
    electron.dialog.showSaveDialog.mockResolvedValueOnce({ canceled: false, filePath: target })
    expect(await invoke('backups:create', { destination: 'file', passphrase: '' })).toMatchObject({ ok: true, data: { saved: true, file: target } })
    expect(existsSync(target)).toBe(true)
    const [parent, settings] = electron.dialog.showSaveDialog.mock.calls[0] as [unknown, { defaultPath: string }]
    expect(parent).toBe(electron.windows[0])
    expect(settings.defaultPath).toMatch(/Backroom Corner Shop \d{4}-\d{2}-\d{2}\.sqlite$/)

    rmSync(join(dir, 'backups'), { recursive: true })
    writeFileSync(join(dir, 'backups'), 'a file where the folder should be')
    expect(await invoke('backups:create', { destination: 'folder', passphrase: '' })).toMatchObject({ ok: false, error: { code: 'BACKUP_FAILED' } })
    expect(electron.notificationsShown).toEqual([{ title: 'Backroom could not back up the store', body: expect.stringContaining('backups folder') }])
    rmSync(join(dir, 'backups'))
  }, 30_000)
})
