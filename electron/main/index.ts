import { join } from 'node:path'
import { app, BrowserWindow, dialog, ipcMain, Menu, Notification, protocol, safeStorage, screen, session } from 'electron'
import type { CommandOutput } from '../contract'
import type { Envelope } from '../contract/envelope'
import { MENU_CHANNEL, type MenuAction } from '../contract/menu'
import { createCore, type Core } from '../core'
import { APP_SCHEME, APP_SCHEME_PRIVILEGES, appProtocolHandler } from './app-protocol'
import { debuggingSwitchesGiven } from './debug-switches'
import { registerCommands, sessionKeyFor } from './ipc'
import { applicationMenuTemplate } from './menu'
import { changesWhoIsSignedIn, enabledMenuActions, showMenuActions } from './menu-state'
import { electronDialogs, electronNotifier } from './platform'
import { registerPrint } from './print'
import { appUrlPredicate, pageUrl, rendererLocation } from './renderer-location'
import { safeStorageSecrets } from './secrets'
import { hardenSession, hardenWindow, mainWindowOptions } from './window'
import { placeOnScreen, readWindowState, writeWindowState } from './window-state'

const location = rendererLocation({
  isPackaged: app.isPackaged,
  devServerUrl: process.env.ELECTRON_RENDERER_URL,
  rendererDir: join(__dirname, '../renderer'),
})
const isAppUrl = appUrlPredicate(location)
let mainWindow: BrowserWindow | null = null

const windowStateFile = () => join(app.getPath('userData'), 'window-state.json')

/** Opens where it was last closed (if that place is still on a screen), at the size it had. */
function createMainWindow(core: Core): BrowserWindow {
  const saved = placeOnScreen(readWindowState(windowStateFile()), screen.getAllDisplays().map((d) => d.workArea))
  const win = new BrowserWindow({
    ...mainWindowOptions(join(__dirname, '../preload/index.js'), { devTools: !app.isPackaged }),
    ...saved?.bounds,
  })
  // Read now: the web contents are already destroyed when 'closed' fires.
  const sessionKey = sessionKeyFor(win.webContents.id)
  hardenWindow(win, isAppUrl)
  win.once('ready-to-show', () => {
    if (saved?.maximized) win.maximize()
    win.show()
  })
  win.on('close', () => writeWindowState(windowStateFile(), { bounds: win.getNormalBounds(), maximized: win.isMaximized() }))
  win.on('closed', () => {
    // First: the sign-out tells the menu, which asks nothing of a window that is gone.
    mainWindow = null
    core.services.sessions.signOut(sessionKey)
  })
  // The dev server's URL while developing; otherwise app://backroom/index.html (never file://).
  void win.loadURL(pageUrl(location))
  return win
}

/** Quitting waits once for the database to close, so the last writes and the WAL are flushed. */
function closeCoreOnQuit(core: Core): void {
  let closing: Promise<void> | undefined
  let closed = false
  app.on('will-quit', (event) => {
    if (closed) return
    event.preventDefault()
    closing ??= core.close().finally(() => {
      closed = true
      app.quit()
    })
  })
}

/** A menu item or its shortcut: the window is brought forward and told what to do. */
function sendMenuAction(action: MenuAction): void {
  if (!mainWindow) return
  focusMainWindow()
  mainWindow.webContents.send(MENU_CHANNEL, action)
}

async function start(): Promise<void> {
  const log = (message: string) => console.error(message)
  const core = await createCore({
    dataDir: app.getPath('userData'),
    log,
    secrets: safeStorageSecrets(safeStorage),
    dialogs: electronDialogs(dialog, () => mainWindow, app.getPath('documents')),
    notifier: electronNotifier(Notification, log),
  })
  closeCoreOnQuit(core)
  hardenSession(session.defaultSession)
  // The built renderer folder, and nothing outside it, as app://backroom/ (default session: the window's).
  if ('rendererDir' in location) protocol.handle(APP_SCHEME, appProtocolHandler(location.rendererDir))
  const menu = Menu.buildFromTemplate(applicationMenuTemplate({ isMac: process.platform === 'darwin', isDev: !app.isPackaged, onAction: sendMenuAction }))
  Menu.setApplicationMenu(menu)
  registerCommands(ipcMain, core.dispatch, isAppUrl, (name, sessionKey) => {
    if (changesWhoIsSignedIn(name)) void followSignIn(core, menu, sessionKey)
  })
  // …and whatever else changes what the window's user may do: the idle lock, a restore, a role or
  // permissions changed at another store and brought by sync (no command of this window says so).
  core.services.sessions.onChange(() => {
    if (mainWindow) void followSignIn(core, menu, sessionKeyFor(mainWindow.webContents.id))
  })
  registerPrint(ipcMain, isAppUrl)
  mainWindow = createMainWindow(core)
}

/** The File items the window's user may use now (asked of the core: who is signed in, unlocked). */
async function followSignIn(core: Core, menu: Menu, sessionKey: string): Promise<void> {
  const status = (await core.dispatch('auth:status', {}, sessionKey)) as Envelope<CommandOutput<'auth:status'>>
  showMenuActions(menu, enabledMenuActions(status.ok ? status.data.user : null))
}

function focusMainWindow(): void {
  if (!mainWindow) return
  if (mainWindow.isMinimized()) mainWindow.restore()
  mainWindow.focus()
}

function failToStart(error: unknown): void {
  dialog.showErrorBox('Backroom could not start', error instanceof Error ? error.message : String(error))
  app.exit(1)
}

const debugging = app.isPackaged ? debuggingSwitchesGiven(app.commandLine) : []

// A packaged build does not run under a debugger: it leaves at once, before the database is
// opened or a window made (Chromium may already have opened a --remote-debugging-port by now).
if (debugging.length > 0) {
  console.error(`Backroom does not start with debugging switches: ${debugging.map((name) => `--${name}`).join(', ')}`)
  app.exit(1)
} else if (!app.requestSingleInstanceLock()) {
  // One running instance owns the database file; a second launch hands over to it and leaves.
  app.quit()
} else {
  app.on('second-instance', focusMainWindow)
  // Before 'ready', as Electron requires; the handler itself is registered in start().
  if ('rendererDir' in location) protocol.registerSchemesAsPrivileged([APP_SCHEME_PRIVILEGES])
  app.enableSandbox()
  app.whenReady().then(start).catch(failToStart)
}
