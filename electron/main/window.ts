import type { BrowserWindow, BrowserWindowConstructorOptions, Session } from 'electron'
import { CONTENT_SECURITY_POLICY } from './csp'

/**
 * Fits a 1366×768 screen with a taskbar; below 1024 wide the tables stop being readable.
 * `devTools` is false in a packaged build (index.ts passes !app.isPackaged): no DevTools for
 * the page at all, not only no menu item for them.
 */
export function mainWindowOptions(preloadPath: string, options: { devTools: boolean }): BrowserWindowConstructorOptions {
  return {
    width: 1280,
    height: 720,
    minWidth: 1024,
    minHeight: 600,
    title: 'Backroom',
    // Shown on 'ready-to-show', so the user never sees an empty white frame.
    show: false,
    webPreferences: {
      preload: preloadPath,
      contextIsolation: true,
      sandbox: true,
      nodeIntegration: false,
      nodeIntegrationInWorker: false,
      nodeIntegrationInSubFrames: false,
      webSecurity: true,
      allowRunningInsecureContent: false,
      webviewTag: false,
      navigateOnDragDrop: false,
      devTools: options.devTools,
      // Customer names, SKUs and addresses would all be underlined, and on Windows and Linux
      // Chromium fetches dictionaries from Google's servers: a back-office tool should not.
      spellcheck: false,
    },
  }
}

/** The window never opens other windows and never leaves the app's own page. */
export function hardenWindow(win: BrowserWindow, isAppUrl: (url: string) => boolean): void {
  const contents = win.webContents
  contents.setWindowOpenHandler(() => ({ action: 'deny' }))
  const stayOnAppPage = (event: { url: string; preventDefault(): void }) => {
    if (!isAppUrl(event.url)) event.preventDefault()
  }
  contents.on('will-navigate', stayOnAppPage)
  contents.on('will-redirect', stayOnAppPage)
}

/** No camera, notifications, geolocation or anything else a page may ask for; the CSP on every response. */
export function hardenSession(session: Session): void {
  session.setPermissionRequestHandler((_contents, _permission, callback) => callback(false))
  session.setPermissionCheckHandler(() => false)
  session.webRequest.onHeadersReceived((details, callback) => {
    callback({ responseHeaders: { ...details.responseHeaders, 'Content-Security-Policy': [CONTENT_SECURITY_POLICY] } })
  })
}
