import type { IpcMain, IpcMainInvokeEvent } from 'electron'
import { commandNames, type Envelope } from '../contract'
import type { Dispatch } from '../core/dispatch'

/** The core's session key for a window: sign-in lasts as long as that window's web contents. */
export function sessionKeyFor(webContentsId: number): string {
  return `window:${webContentsId}`
}

/**
 * Only the app's own page, in the window's top frame, may send commands: not an iframe, and not
 * whatever a frame may have been navigated to.
 */
export function isAppSender(event: IpcMainInvokeEvent, isAppFrame: (url: string) => boolean): boolean {
  const frame = event.senderFrame
  return frame !== null && frame.parent === null && isAppFrame(frame.url)
}

function senderRejected(): Envelope<never> {
  return { ok: false, error: { code: 'SENDER_REJECTED', message: 'This command did not come from the Backroom window.' } }
}

/** One ipcMain handler per contract command, each forwarding to the core's dispatch. */
export function registerCommands(
  ipcMain: Pick<IpcMain, 'handle'>,
  dispatch: Dispatch,
  isAppFrame: (url: string) => boolean,
  /** Told after each command from the window has answered (the application menu follows sign-in). */
  afterCommand?: (name: string, sessionKey: string) => void,
): void {
  for (const name of commandNames) {
    ipcMain.handle(name, async (event, input: unknown) => {
      if (!isAppSender(event, isAppFrame)) return senderRejected()
      const sessionKey = sessionKeyFor(event.sender.id)
      const answer = await dispatch(name, input, sessionKey)
      afterCommand?.(name, sessionKey)
      return answer
    })
  }
}
