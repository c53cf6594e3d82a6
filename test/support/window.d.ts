import type { BackroomApi } from '../../electron/contract'

// Browser tests call the bridge from page.evaluate, as an attacker in the renderer could.
declare global {
  interface Window {
    backroom: BackroomApi
  }
}
