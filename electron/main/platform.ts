import { join } from 'node:path'
import type { BrowserWindow, Dialog, Notification as ElectronNotification } from 'electron'
import type { FileDialogs, Notifier } from '../core/platform'

/** The core's file dialogs as Electron's, attached to the window when there is one. */
export function electronDialogs(dialog: Pick<Dialog, 'showSaveDialog' | 'showOpenDialog'>, window: () => BrowserWindow | null, documents: string): FileDialogs {
  return {
    async chooseSaveFile(options) {
      const settings = { title: options.title, defaultPath: join(documents, options.defaultName), filters: options.filters }
      const win = window()
      const result = win ? await dialog.showSaveDialog(win, settings) : await dialog.showSaveDialog(settings)
      return result.canceled || !result.filePath ? null : result.filePath
    },
    async chooseOpenFile(options) {
      const settings = { title: options.title, defaultPath: options.defaultFolder, filters: options.filters, properties: ['openFile' as const] }
      const win = window()
      const result = win ? await dialog.showOpenDialog(win, settings) : await dialog.showOpenDialog(settings)
      return result.canceled || result.filePaths.length === 0 ? null : result.filePaths[0]
    },
    async chooseFolder(options) {
      const settings = { title: options.title, defaultPath: options.defaultFolder, properties: ['openDirectory' as const, 'createDirectory' as const] }
      const win = window()
      const result = win ? await dialog.showOpenDialog(win, settings) : await dialog.showOpenDialog(settings)
      return result.canceled || result.filePaths.length === 0 ? null : result.filePaths[0]
    },
  }
}

type NotificationClass = { new (options: { title: string; body: string }): Pick<ElectronNotification, 'show'>; isSupported(): boolean }

/** OS notifications, where the desktop has them; otherwise the notice is only logged. */
export function electronNotifier(Notification: NotificationClass, log: (message: string) => void): Notifier {
  return {
    notify(notice) {
      log(`${notice.title}: ${notice.body}`)
      if (Notification.isSupported()) new Notification({ title: notice.title, body: notice.body }).show()
    },
  }
}
