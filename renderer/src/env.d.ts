/// <reference types="vite/client" />
import type { BackroomApi } from '@contract/index'
import type { MenuBridge } from '@contract/menu'

declare global {
  interface Window {
    /** Exposed by the preload (Electron) or the loopback browser host; the only way to main. */
    backroom: BackroomApi
    /** Menu actions from main (Electron only: the browser host has no application menu). */
    backroomMenu?: MenuBridge
  }
}

declare module '*.vue' {
  import type { DefineComponent } from 'vue'
  const component: DefineComponent<object, object, unknown>
  export default component
}
