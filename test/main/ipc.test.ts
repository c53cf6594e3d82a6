import { afterEach, describe, expect, it, vi } from 'vitest'
import { commandNames } from '../../electron/contract'
import type { Dispatch } from '../../electron/core/dispatch'
import { APP_INDEX_URL } from '../../electron/main/app-protocol'
import { registerCommands } from '../../electron/main/ipc'
import { appUrlPredicate } from '../../electron/main/renderer-location'
import { OWNER, startTestCore, type TestCore } from '../support/core'
import { createFakeIpcMain, invokeEvent } from './fake-electron'

// The predicate index.ts uses for a packaged build: exactly app://backroom/index.html.
const APP_URL = APP_INDEX_URL
const isAppFrame = appUrlPredicate({ rendererDir: '/opt/backroom/resources/app.asar/out/renderer' })

function setUp(dispatch: Dispatch = vi.fn<Dispatch>(async () => ({ ok: true, data: 'dispatched' }))) {
  const ipcMain = createFakeIpcMain()
  registerCommands(ipcMain, dispatch, isAppFrame)
  const invoke = (name: string, event: ReturnType<typeof invokeEvent>, input: unknown = {}) => {
    const handler = ipcMain.handlers.get(name)
    if (!handler) throw new Error(`no handler for ${name}`)
    return Promise.resolve(handler(event, input))
  }
  return { ipcMain, dispatch, invoke }
}

describe('registerCommands', () => {
  it('registers one handler for every contract command and nothing else', () => {
    const { ipcMain } = setUp()
    const channels = ipcMain.handle.mock.calls.map(([channel]) => channel)
    expect(channels).toHaveLength(commandNames.length)
    expect([...channels].sort()).toEqual([...commandNames].sort())
  })

  it('forwards a command from the app frame to dispatch with the window session key', async () => {
    const { dispatch, invoke } = setUp()
    const input = { username: 'olivia', password: 'secret' }
    const result = await invoke('auth:login', invokeEvent({ url: `${APP_URL}#/login`, webContentsId: 7 }), input)
    expect(dispatch).toHaveBeenCalledExactlyOnceWith('auth:login', input, 'window:7')
    expect(result).toEqual({ ok: true, data: 'dispatched' })
  })

  it.each([
    ['a sub-frame of the app page', { url: APP_URL, subFrame: true }],
    ['a top frame at a foreign URL', { url: 'https://evil.example/' }],
    ['a file: page other than the app', { url: 'file:///tmp/evil.html' }],
    ['the built index.html as a file: URL', { url: 'file:///opt/backroom/resources/app.asar/out/renderer/index.html' }],
    ['another page of the app scheme', { url: 'app://backroom/assets/evil.html' }],
    ['another host of the app scheme', { url: 'app://evil/index.html' }],
    ['the dev server origin in a packaged build', { url: 'http://localhost:5173/' }],
    ['a frame that is gone', { url: APP_URL, noFrame: true }],
  ])('refuses a command from %s without dispatching it', async (_label, frame) => {
    const { dispatch, invoke } = setUp()
    const result = await invoke('users:list', invokeEvent(frame))
    expect(result).toMatchObject({ ok: false, error: { code: 'SENDER_REJECTED' } })
    expect(dispatch).not.toHaveBeenCalled()
  })
})

describe('registerCommands with a real core', () => {
  let core: TestCore | undefined
  afterEach(async () => {
    await core?.cleanup()
    core = undefined
  })

  it('keeps a separate sign-in per window', async () => {
    core = await startTestCore()
    const { invoke } = setUp(core.dispatch)
    const windowOne = invokeEvent({ url: APP_URL, webContentsId: 1 })
    const windowTwo = invokeEvent({ url: APP_URL, webContentsId: 2 })
    const setup = await invoke('auth:setup', windowOne, {
      store: { name: 'Corner Shop', currency: 'USD', timeZone: 'America/New_York' },
      owner: OWNER,
    })
    expect(setup).toMatchObject({ ok: true, data: { username: OWNER.username } })
    expect(await invoke('auth:status', windowOne)).toMatchObject({ ok: true, data: { user: { username: OWNER.username } } })
    expect(await invoke('auth:status', windowTwo)).toMatchObject({ ok: true, data: { user: null } })
    expect(await invoke('users:list', windowTwo)).toMatchObject({ ok: false, error: { code: 'UNAUTHENTICATED' } })
  })
})
