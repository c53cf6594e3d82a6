import { EventEmitter } from 'node:events'
import type { BrowserWindowConstructorOptions, IpcMainInvokeEvent, MenuItemConstructorOptions } from 'electron'
import { vi } from 'vitest'

/**
 * A hand-written stand-in for the parts of the 'electron' module the adapter uses. Electron's
 * binary is not available to tests, so this records calls and lets a test fire events.
 */

let nextWebContentsId = 1

export class FakeWebContents extends EventEmitter {
  readonly id = nextWebContentsId++
  readonly setWindowOpenHandler = vi.fn()
  /** Messages main sent to the page unasked (menu actions). */
  readonly send = vi.fn((_channel: string, ..._args: unknown[]) => {})
}

export class FakeBrowserWindow extends EventEmitter {
  readonly webContents = new FakeWebContents()
  readonly loadURL = vi.fn(async (_url: string) => {})
  readonly loadFile = vi.fn(async (_path: string) => {})
  readonly show = vi.fn()
  readonly focus = vi.fn()
  readonly restore = vi.fn()
  readonly isMinimized = vi.fn(() => false)
  readonly maximize = vi.fn()
  readonly isMaximized = vi.fn(() => false)
  readonly getNormalBounds = vi.fn(() => ({
    x: this.options.x ?? 80,
    y: this.options.y ?? 60,
    width: this.options.width ?? 1280,
    height: this.options.height ?? 720,
  }))

  constructor(readonly options: BrowserWindowConstructorOptions = {}) {
    super()
  }
}

export function createFakeSession() {
  return {
    setPermissionRequestHandler: vi.fn(),
    setPermissionCheckHandler: vi.fn(),
    webRequest: { onHeadersReceived: vi.fn() },
  }
}
export type FakeSession = ReturnType<typeof createFakeSession>

type InvokeHandler = (event: IpcMainInvokeEvent, input: unknown) => unknown

export function createFakeIpcMain() {
  const handlers = new Map<string, InvokeHandler>()
  return {
    handlers,
    handle: vi.fn((channel: string, handler: InvokeHandler) => {
      // Electron refuses a second handler for a channel; so does the fake.
      if (handlers.has(channel)) throw new Error(`Attempted to register a second handler for '${channel}'`)
      handlers.set(channel, handler)
    }),
  }
}

interface FakeFrame {
  url: string
  parent: FakeFrame | null
}

/** What ipcMain hands a handler when a frame of window `webContentsId` at `url` invokes. */
export function invokeEvent(options: { url: string; webContentsId?: number; subFrame?: boolean; noFrame?: boolean }) {
  const top: FakeFrame = { url: options.url, parent: null }
  const frame = options.subFrame ? { url: options.url, parent: top } : top
  return {
    sender: { id: options.webContentsId ?? 1 },
    senderFrame: options.noFrame ? null : frame,
  } as unknown as IpcMainInvokeEvent
}

/** Electron's Notification: records what was shown. */
export function createFakeNotification(supported = true) {
  const shown: { title: string; body: string }[] = []
  class Notification {
    static isSupported = vi.fn(() => supported)
    constructor(readonly options: { title: string; body: string }) {}
    show() {
      shown.push(this.options)
    }
  }
  return { Notification, shown }
}

export function createFakeElectron(
  options: {
    singleInstanceLock?: boolean
    userData?: string
    isPackaged?: boolean
    displays?: { x: number; y: number; width: number; height: number }[]
    /** Switches on the command line the app was started with, without their leading dashes. */
    switches?: string[]
  } = {},
) {
  const windows: FakeBrowserWindow[] = []
  const notifications = createFakeNotification()
  const listeners = new Map<string, ((event: unknown, ...args: unknown[]) => void)[]>()
  const app = Object.assign(new EventEmitter(), {
    isPackaged: options.isPackaged ?? false,
    requestSingleInstanceLock: vi.fn(() => options.singleInstanceLock ?? true),
    enableSandbox: vi.fn(),
    whenReady: vi.fn(() => Promise.resolve()),
    getPath: vi.fn((name: string) => {
      if (!options.userData || !['userData', 'documents'].includes(name)) throw new Error(`unexpected app.getPath('${name}')`)
      return options.userData
    }),
    quit: vi.fn(),
    exit: vi.fn(),
    commandLine: { hasSwitch: vi.fn((name: string) => (options.switches ?? []).includes(name)) },
  })
  return {
    app,
    windows,
    BrowserWindow: class extends FakeBrowserWindow {
      constructor(windowOptions: BrowserWindowConstructorOptions) {
        super(windowOptions)
        windows.push(this)
      }
    },
    ipcMain: createFakeIpcMain(),
    /** Records the privileged schemes and the handler per scheme (protocol.handle). */
    protocol: {
      registerSchemesAsPrivileged: vi.fn(),
      handle: vi.fn((_scheme: string, _handler: (request: Request) => Response | Promise<Response>) => {}),
    },
    session: { defaultSession: createFakeSession() },
    /** A built menu is its template; items are found by id as Electron's are (their `enabled` set in place). */
    Menu: { buildFromTemplate: vi.fn((template: MenuItemConstructorOptions[]) => ({ template, getMenuItemById: (id: string) => menuItemById(template, id) })), setApplicationMenu: vi.fn() },
    dialog: {
      showErrorBox: vi.fn(),
      showSaveDialog: vi.fn(async (..._args: unknown[]) => ({ canceled: true, filePath: '' })),
      showOpenDialog: vi.fn(async (..._args: unknown[]) => ({ canceled: true, filePaths: [] as string[] })),
    },
    Notification: notifications.Notification,
    notificationsShown: notifications.shown,
    screen: { getAllDisplays: vi.fn(() => (options.displays ?? [{ x: 0, y: 0, width: 1920, height: 1040 }]).map((workArea) => ({ workArea }))) },
    // Reversible "encryption" that marks what it sealed, so a test sees the core stored only sealed text.
    safeStorage: {
      isEncryptionAvailable: vi.fn(() => true),
      getSelectedStorageBackend: vi.fn(() => 'gnome_libsecret'),
      encryptString: vi.fn((plain: string) => Buffer.from(`sealed:${Buffer.from(plain).toString('hex')}`)),
      decryptString: vi.fn((sealed: Buffer) => Buffer.from(sealed.toString().replace(/^sealed:/, ''), 'hex').toString()),
    },
    contextBridge: { exposeInMainWorld: vi.fn(), exposeInIsolatedWorld: vi.fn() },
    ipcRenderer: {
      invoke: vi.fn(async (channel: string, input: unknown) => ({ ok: true, data: { channel, input } })),
      on: vi.fn((channel: string, listener: (event: unknown, ...args: unknown[]) => void) => {
        listeners.set(channel, [...(listeners.get(channel) ?? []), listener])
      }),
      removeListener: vi.fn((channel: string, listener: (event: unknown, ...args: unknown[]) => void) => {
        listeners.set(channel, (listeners.get(channel) ?? []).filter((l) => l !== listener))
      }),
      /** Main sending to the page: what ipcRenderer's listeners receive. */
      emitFromMain(channel: string, ...args: unknown[]) {
        for (const listener of listeners.get(channel) ?? []) listener({ sender: 'ipc event' }, ...args)
      },
    },
  }
}
export type FakeElectron = ReturnType<typeof createFakeElectron>

/** Imports `modulePath` afresh with 'electron' replaced by `electron`. */
export async function importWithFakeElectron(modulePath: string, electron: FakeElectron): Promise<void> {
  vi.resetModules()
  vi.doMock('electron', () => electron)
  await import(modulePath)
}

function menuItemById(items: MenuItemConstructorOptions[], id: string): MenuItemConstructorOptions | null {
  for (const item of items) {
    if (item.id === id) return item
    const found = Array.isArray(item.submenu) ? menuItemById(item.submenu, id) : null
    if (found) return found
  }
  return null
}
