import type { IpcMain } from 'electron'
import { isAppSender } from './ipc'

/** The print port's channel: the preload's backroomPlatform.print() invokes it. */
export const PRINT_CHANNEL = 'platform:print'

export interface PrintResult {
  printed: boolean
  /** Electron's reason when nothing was printed ('cancelled' when the user closed the dialog). */
  reason: string | null
}

/**
 * Printing the page the user sees (a receipt: its print style sheet lays it out for an 80 mm
 * receipt printer or a sheet of A4/Letter) through the system print dialog. Only the app's
 * own window may ask.
 */
export function registerPrint(ipcMain: Pick<IpcMain, 'handle'>, isAppFrame: (url: string) => boolean): void {
  ipcMain.handle(PRINT_CHANNEL, (event) => {
    if (!isAppSender(event, isAppFrame)) return { printed: false, reason: 'sender rejected' } satisfies PrintResult
    return new Promise<PrintResult>((resolve) => {
      event.sender.print({ silent: false, printBackground: true }, (printed, reason) => resolve({ printed, reason: printed ? null : reason }))
    })
  })
}
