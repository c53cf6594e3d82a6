import type { BrowserWindow, Session } from 'electron'
import { describe, expect, it, vi } from 'vitest'
import { CONTENT_SECURITY_POLICY } from '../../electron/main/csp'
import { hardenSession, hardenWindow, mainWindowOptions } from '../../electron/main/window'
import { createFakeSession, FakeBrowserWindow } from './fake-electron'

const APP_URL = 'file:///app/out/renderer/index.html'

function hardenedWindow() {
  const win = new FakeBrowserWindow()
  hardenWindow(win as unknown as BrowserWindow, (url) => url.startsWith(APP_URL))
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
    const options = mainWindowOptions('/app/out/preload/index.js')
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

  it('fits a 1366×768 screen and waits for the page before showing', () => {
    const options = mainWindowOptions('/preload.js')
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
