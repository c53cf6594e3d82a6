import { contextBridge, ipcRenderer } from 'electron'
import { commandNames } from '../contract'
import { isMenuAction, MENU_CHANNEL, type MenuBridge } from '../contract/menu'
import { buildSurface } from '../contract/surface'

// The page gets one function per contract command and nothing else: no ipcRenderer, no
// generic send, so a script injected into the page can reach only what the UI itself can.
contextBridge.exposeInMainWorld(
  'backroom',
  buildSurface(commandNames, (name, input) => ipcRenderer.invoke(name, input)),
)

// The platform's print port: the system print dialog for the page as shown (print CSS lays
// out a receipt). One function, no arguments: nothing else of ipcRenderer reaches the page.
contextBridge.exposeInMainWorld(
  'backroomPlatform',
  Object.freeze({ print: () => ipcRenderer.invoke('platform:print') }),
)

// The one message main sends unasked: a menu action. The page gets the action's name only
// (never the IPC event), and only names of the contract.
const menu: MenuBridge = {
  onAction(listener) {
    const forward = (_event: unknown, action: unknown) => {
      if (isMenuAction(action)) listener(action)
    }
    ipcRenderer.on(MENU_CHANNEL, forward)
    return () => ipcRenderer.removeListener(MENU_CHANNEL, forward)
  },
}
contextBridge.exposeInMainWorld('backroomMenu', Object.freeze(menu))
