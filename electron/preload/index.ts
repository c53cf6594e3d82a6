import { contextBridge, ipcRenderer } from 'electron'
import { commandNames } from '../contract'
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
