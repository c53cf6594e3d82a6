import { APP_HOST, APP_INDEX_URL, APP_SCHEME } from './app-protocol'

/**
 * Where the window's page comes from: Vite's dev server while developing, otherwise the built
 * renderer folder, served as app://backroom/ by the app protocol (app-protocol.ts), never file://.
 */
export type RendererLocation = { devServerUrl: string } | { rendererDir: string }

/**
 * The dev server URL is honoured only in an unpackaged app: in a shipped build an environment
 * variable must not be able to point the window, and with it the command bridge, at another page.
 */
export function rendererLocation(options: {
  isPackaged: boolean
  devServerUrl: string | undefined
  rendererDir: string
}): RendererLocation {
  if (!options.isPackaged && options.devServerUrl) return { devServerUrl: options.devServerUrl }
  return { rendererDir: options.rendererDir }
}

/** The URL the window loads. */
export function pageUrl(location: RendererLocation): string {
  return 'devServerUrl' in location ? location.devServerUrl : APP_INDEX_URL
}

function parseUrl(url: string): URL | null {
  try {
    return new URL(url)
  } catch {
    return null
  }
}

/**
 * Whether a URL is the app's own page: same origin as the dev server, or exactly
 * app://backroom/index.html (no other host, port, credentials or path; not the file: URL of
 * the same index.html). Query and hash are ignored: the router may use either. Used by the
 * IPC sender check and the will-navigate / will-redirect guards.
 */
export function appUrlPredicate(location: RendererLocation): (url: string) => boolean {
  if ('devServerUrl' in location) {
    const origin = new URL(location.devServerUrl).origin
    return (url) => parseUrl(url)?.origin === origin
  }
  return (url) => {
    const candidate = parseUrl(url)
    return (
      candidate !== null &&
      candidate.protocol === `${APP_SCHEME}:` &&
      candidate.host === APP_HOST &&
      candidate.username === '' &&
      candidate.password === '' &&
      candidate.pathname === '/index.html'
    )
  }
}
