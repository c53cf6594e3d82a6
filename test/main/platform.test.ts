import type { BrowserWindow } from 'electron'
import { describe, expect, it, vi } from 'vitest'
import { electronDialogs, electronNotifier } from '../../electron/main/platform'
import { createFakeElectron, createFakeNotification } from './fake-electron'

describe('Electron platform ports', () => {
  it('file dialogs answer the chosen path, or null for Cancel', async () => {
    const electron = createFakeElectron()
    const win = {} as BrowserWindow
    const dialogs = electronDialogs(electron.dialog as never, () => win, '/home/owner/Documents')
    expect(await dialogs.chooseOpenFile({ title: 'Choose', filters: [], defaultFolder: '/data/backups' })).toBeNull()
    electron.dialog.showOpenDialog.mockResolvedValueOnce({ canceled: false, filePaths: ['/media/usb/store.backroom'] })
    expect(await dialogs.chooseOpenFile({ title: 'Choose', filters: [], defaultFolder: '/data/backups' })).toBe('/media/usb/store.backroom')
    expect(electron.dialog.showOpenDialog).toHaveBeenLastCalledWith(win, expect.objectContaining({ defaultPath: '/data/backups', properties: ['openFile'] }))
    expect(await dialogs.chooseSaveFile({ title: 'Save', defaultName: 'b.sqlite', filters: [] })).toBeNull()
    expect(electron.dialog.showSaveDialog).toHaveBeenLastCalledWith(win, expect.objectContaining({ defaultPath: expect.stringMatching(/Documents[\\/]b\.sqlite$/) }))
  })

  it('the folder dialog opens folders only, lets one be made, and answers the folder chosen, or null for Cancel', async () => {
    const electron = createFakeElectron()
    const win = {} as BrowserWindow
    const dialogs = electronDialogs(electron.dialog as never, () => win, '/home/owner/Documents')
    expect(await dialogs.chooseFolder({ title: 'Choose a folder', defaultFolder: '/media/usb' })).toBeNull()
    expect(electron.dialog.showOpenDialog).toHaveBeenLastCalledWith(
      win,
      expect.objectContaining({ title: 'Choose a folder', defaultPath: '/media/usb', properties: ['openDirectory', 'createDirectory'] }),
    )
    electron.dialog.showOpenDialog.mockResolvedValueOnce({ canceled: false, filePaths: ['/media/usb/Backroom copies'] })
    expect(await dialogs.chooseFolder({ title: 'Choose a folder' })).toBe('/media/usb/Backroom copies')
    // Without a window (the app in the background, its window closed) the dialog stands alone.
    const alone = electronDialogs(electron.dialog as never, () => null, '/home/owner/Documents')
    electron.dialog.showOpenDialog.mockResolvedValueOnce({ canceled: false, filePaths: [] })
    expect(await alone.chooseFolder({ title: 'Choose a folder' })).toBeNull()
    expect(electron.dialog.showOpenDialog).toHaveBeenLastCalledWith(expect.objectContaining({ properties: ['openDirectory', 'createDirectory'] }))
  })

  it('shows an OS notification where there are notifications, and always logs it', () => {
    const log = vi.fn()
    const supported = createFakeNotification(true)
    electronNotifier(supported.Notification, log).notify({ title: 'Backup failed', body: 'The disk is full' })
    expect(supported.shown).toEqual([{ title: 'Backup failed', body: 'The disk is full' }])
    const unsupported = createFakeNotification(false)
    electronNotifier(unsupported.Notification, log).notify({ title: 'Backup failed', body: 'The disk is full' })
    expect(unsupported.shown).toEqual([])
    expect(log).toHaveBeenCalledTimes(2)
  })
})
