import type { IpcMainInvokeEvent } from 'electron'
import { describe, expect, it, vi } from 'vitest'
import { PRINT_CHANNEL, registerPrint } from '../../electron/main/print'
import { safeStorageSecrets } from '../../electron/main/secrets'
import { createFakeElectron, createFakeIpcMain, invokeEvent } from './fake-electron'

const APP_URL = 'file:///app/renderer/index.html'
const isAppFrame = (url: string) => url === APP_URL

/** An invoke event whose web contents can print, reporting `outcome` as Electron's callback would. */
function printingEvent(options: Parameters<typeof invokeEvent>[0], outcome: [boolean, string]) {
  const event = invokeEvent(options) as IpcMainInvokeEvent & { sender: { print: ReturnType<typeof vi.fn> } }
  event.sender.print = vi.fn((_options: unknown, done: (success: boolean, reason: string) => void) => done(...outcome))
  return event
}

describe('the print port', () => {
  it('prints the app window through the system dialog and says how it went', async () => {
    const ipcMain = createFakeIpcMain()
    registerPrint(ipcMain, isAppFrame)
    const handler = ipcMain.handlers.get(PRINT_CHANNEL)!
    const ok = printingEvent({ url: APP_URL }, [true, ''])
    expect(await handler(ok, undefined)).toEqual({ printed: true, reason: null })
    expect(ok.sender.print).toHaveBeenCalledWith({ silent: false, printBackground: true }, expect.any(Function))
    const cancelled = printingEvent({ url: APP_URL }, [false, 'cancelled'])
    expect(await handler(cancelled, undefined)).toEqual({ printed: false, reason: 'cancelled' })
  })

  it('refuses a frame that is not the app, without printing', async () => {
    const ipcMain = createFakeIpcMain()
    registerPrint(ipcMain, isAppFrame)
    const handler = ipcMain.handlers.get(PRINT_CHANNEL)!
    for (const event of [printingEvent({ url: 'https://evil.example/' }, [true, '']), printingEvent({ url: APP_URL, subFrame: true }, [true, ''])]) {
      expect(await handler(event, undefined)).toEqual({ printed: false, reason: 'sender rejected' })
      expect(event.sender.print).not.toHaveBeenCalled()
    }
  })
})

describe('the secrets port over safeStorage', () => {
  it('seals and opens through safeStorage, storing only what it returns', () => {
    const { safeStorage } = createFakeElectron()
    const secrets = safeStorageSecrets(safeStorage)
    const sealed = secrets.seal('hunter2 is not a password')
    expect(sealed).not.toContain('hunter2')
    expect(safeStorage.encryptString).toHaveBeenCalledWith('hunter2 is not a password')
    expect(secrets.open(sealed)).toBe('hunter2 is not a password')
    expect(secrets.isAvailable()).toBe(true)
  })

  it('is unavailable without encryption, and on Linux when only the fixed-key fallback is there', () => {
    const { safeStorage } = createFakeElectron()
    safeStorage.isEncryptionAvailable.mockReturnValue(false)
    expect(safeStorageSecrets(safeStorage).isAvailable()).toBe(false)
    safeStorage.isEncryptionAvailable.mockReturnValue(true)
    safeStorage.getSelectedStorageBackend.mockReturnValue('basic_text')
    expect(safeStorageSecrets(safeStorage).isAvailable()).toBe(process.platform !== 'linux')
  })
})
