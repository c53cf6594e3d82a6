import type { BrowserWindow, Session } from 'electron'
import { describe, expect, it, vi } from 'vitest'
import { CONTENT_SECURITY_POLICY } from '../../electron/main/csp'
import { appUrlPredicate } from '../../electron/main/renderer-location'
import { hardenSession, hardenWindow, mainWindowOptions } from '../../electron/main/window'
import { createFakeSession, FakeBrowserWindow } from './fake-electron'

const APP_URL = 'app://backroom/index.html'

function hardenedWindow() {
  const win = new FakeBrowserWindow()
  // The packaged build's predicate (index.ts): exactly app://backroom/index.html.
  hardenWindow(win as unknown as BrowserWindow, appUrlPredicate({ rendererDir: '/app/out/renderer' }))
  const navigate = (event: 'will-navigate' | 'will-redirect', url: string) => {
    const details = { url, preventDefault: vi.fn() }
    win.webContents.emit(event, details, url)
    return details.preventDefault
  }
  return { win, navigate }
}

function hardenedSession() {
  const session = createFakeSession()
  hardenSession(session as unknown as Session)
  return session
}

describe('mainWindowOptions', () => {
  it('isolates the page from Node and from the preload', () => {
    const options = mainWindowOptions('/app/out/preload/index.js', { devTools: false })
    expect(options.webPreferences).toMatchObject({
      preload: '/app/out/preload/index.js',
      contextIsolation: true,
      sandbox: true,
      nodeIntegration: false,
      nodeIntegrationInWorker: false,
      nodeIntegrationInSubFrames: false,
      webSecurity: true,
      allowRunningInsecureContent: false,
      webviewTag: false,
    })
  })

  it('turns DevTools off when asked (a packaged build), on otherwise', () => {
    expect(mainWindowOptions('/p', { devTools: false }).webPreferences?.devTools).toBe(false)
    expect(mainWindowOptions('/p', { devTools: true }).webPreferences?.devTools).toBe(true)
  })

  it('fits a 1366×768 screen and waits for the page before showing', () => {
    const options = mainWindowOptions('/preload.js', { devTools: false })
    expect(options.show).toBe(false)
    expect(options.width).toBeLessThanOrEqual(1366)
    expect(options.height).toBeLessThanOrEqual(728)
    expect(options.minWidth).toBe(1024)
    expect(options.minWidth).toBeLessThanOrEqual(options.width!)
    expect(options.minHeight).toBeLessThanOrEqual(options.height!)
  })
})

describe('hardenWindow', () => {
  it('denies every window.open', () => {
    const { win } = hardenedWindow()
    const handler = win.webContents.setWindowOpenHandler.mock.calls[0][0]
    expect(handler({ url: 'https://evil.example/' })).toEqual({ action: 'deny' })
    expect(handler({ url: `${APP_URL}#/customers` })).toEqual({ action: 'deny' })
  })

  it.each(['will-navigate', 'will-redirect'] as const)('on %s, stops a foreign URL and lets the app page through', (event) => {
    const { navigate } = hardenedWindow()
    expect(navigate(event, 'https://evil.example/')).toHaveBeenCalled()
    expect(navigate(event, 'file:///etc/passwd')).toHaveBeenCalled()
    expect(navigate(event, 'file:///app/out/renderer/index.html')).toHaveBeenCalled()
    expect(navigate(event, 'app://backroom/other.html')).toHaveBeenCalled()
    expect(navigate(event, 'app://evil/index.html')).toHaveBeenCalled()
    expect(navigate(event, `${APP_URL}#/settings`)).not.toHaveBeenCalled()
  })
})

describe('hardenSession', () => {
  it('denies every permission request and check', () => {
    const session = hardenedSession()
    const request = session.setPermissionRequestHandler.mock.calls[0][0]
    for (const permission of ['media', 'notifications', 'geolocation', 'clipboard-read', 'openExternal']) {
      const callback = vi.fn()
      request({}, permission, callback, {})
      expect(callback).toHaveBeenCalledExactlyOnceWith(false)
    }
    const check = session.setPermissionCheckHandler.mock.calls[0][0]
    expect(check(null, 'media', 'file://', {})).toBe(false)
  })

  it('adds the CSP header to responses and keeps the others', () => {
    const session = hardenedSession()
    const listener = session.webRequest.onHeadersReceived.mock.calls[0][0]
    const callback = vi.fn()
    listener({ url: APP_URL, responseHeaders: { 'Content-Type': ['text/html'] } }, callback)
    expect(callback).toHaveBeenCalledExactlyOnceWith({
      responseHeaders: { 'Content-Type': ['text/html'], 'Content-Security-Policy': [CONTENT_SECURITY_POLICY] },
    })
  })
})
