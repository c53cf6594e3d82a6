/// <reference types="vite/client" />
import type { BackroomApi } from '@contract/index'

declare global {
  interface Window {
    /** Exposed by the preload (Electron) or the loopback browser host; the only way to main. */
    backroom: BackroomApi
  }
}

declare module '*.vue' {
  import type { DefineComponent } from 'vue'
  const component: DefineComponent<object, object, unknown>
  export default component
}
