import { pathToFileURL } from 'node:url'

/** Where the window's page comes from: Vite's dev server while developing, the built files otherwise. */
export type RendererLocation = { devServerUrl: string } | { indexHtmlPath: string }

/**
 * The dev server URL is honoured only in an unpackaged app: in a shipped build an environment
 * variable must not be able to point the window, and with it the command bridge, at another page.
 */
export function rendererLocation(options: {
  isPackaged: boolean
  devServerUrl: string | undefined
  indexHtmlPath: string
}): RendererLocation {
  if (!options.isPackaged && options.devServerUrl) return { devServerUrl: options.devServerUrl }
  return { indexHtmlPath: options.indexHtmlPath }
}

function parseUrl(url: string): URL | null {
  try {
    return new URL(url)
  } catch {
    return null
  }
}

/**
 * Whether a URL is the app's own page: same origin as the dev server, or the built index.html
 * itself (file: URLs have an opaque origin, so the path is what identifies the page). Query and
 * hash are ignored: the router may use either.
 */
export function appUrlPredicate(location: RendererLocation): (url: string) => boolean {
  if ('devServerUrl' in location) {
    const origin = new URL(location.devServerUrl).origin
    return (url) => parseUrl(url)?.origin === origin
  }
  const page = pathToFileURL(location.indexHtmlPath)
  return (url) => {
    const candidate = parseUrl(url)
    return candidate?.protocol === 'file:' && candidate.host === page.host && candidate.pathname === page.pathname
  }
}
