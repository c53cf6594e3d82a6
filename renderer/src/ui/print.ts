/**
 * The platform's print port. In Electron the preload exposes `backroomPlatform.print()`,
 * which has main open the system print dialog for this window (webContents.print); in the
 * browser host there is no such port and the browser's own print dialog does the same.
 * What prints is the page as the print style sheet lays it out.
 */
interface PlatformPort {
  print(): Promise<unknown>
}

declare global {
  interface Window {
    backroomPlatform?: PlatformPort
  }
}

export async function printPage(): Promise<void> {
  if (window.backroomPlatform) await window.backroomPlatform.print()
  else window.print()
}
