import { join } from 'node:path'
import { app, BrowserWindow, dialog, ipcMain, Menu, Notification, safeStorage, screen, session } from 'electron'
import { MENU_CHANNEL, type MenuAction } from '../contract/menu'
import { createCore, type Core } from '../core'
import { registerCommands, sessionKeyFor } from './ipc'
import { applicationMenuTemplate } from './menu'
import { electronDialogs, electronNotifier } from './platform'
import { registerPrint } from './print'
import { appUrlPredicate, rendererLocation } from './renderer-location'
import { safeStorageSecrets } from './secrets'
import { hardenSession, hardenWindow, mainWindowOptions } from './window'
import { placeOnScreen, readWindowState, writeWindowState } from './window-state'

const location = rendererLocation({
  isPackaged: app.isPackaged,
  devServerUrl: process.env.ELECTRON_RENDERER_URL,
  indexHtmlPath: join(__dirname, '../renderer/index.html'),
})
const isAppUrl = appUrlPredicate(location)
let mainWindow: BrowserWindow | null = null

const windowStateFile = () => join(app.getPath('userData'), 'window-state.json')

/** Opens where it was last closed (if that place is still on a screen), at the size it had. */
function createMainWindow(core: Core): BrowserWindow {
  const saved = placeOnScreen(readWindowState(windowStateFile()), screen.getAllDisplays().map((d) => d.workArea))
  const win = new BrowserWindow({ ...mainWindowOptions(join(__dirname, '../preload/index.js')), ...saved?.bounds })
  // Read now: the web contents are already destroyed when 'closed' fires.
  const sessionKey = sessionKeyFor(win.webContents.id)
  hardenWindow(win, isAppUrl)
  win.once('ready-to-show', () => {
    if (saved?.maximized) win.maximize()
    win.show()
  })
  win.on('close', () => writeWindowState(windowStateFile(), { bounds: win.getNormalBounds(), maximized: win.isMaximized() }))
  win.on('closed', () => {
    core.services.sessions.signOut(sessionKey)
    mainWindow = null
  })
  if ('devServerUrl' in location) void win.loadURL(location.devServerUrl)
  else void win.loadFile(location.indexHtmlPath)
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
  registerCommands(ipcMain, core.dispatch, isAppUrl)
  registerPrint(ipcMain, isAppUrl)
  const menu = applicationMenuTemplate({ isMac: process.platform === 'darwin', isDev: !app.isPackaged, onAction: sendMenuAction })
  Menu.setApplicationMenu(Menu.buildFromTemplate(menu))
  mainWindow = createMainWindow(core)
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

// One running instance owns the database file; a second launch hands over to it and leaves.
if (!app.requestSingleInstanceLock()) {
  app.quit()
} else {
  app.on('second-instance', focusMainWindow)
  app.enableSandbox()
  app.whenReady().then(start).catch(failToStart)
}
