import { promises as fs } from 'node:fs'
import { extname, isAbsolute, relative, resolve, sep } from 'node:path'
import type { CustomScheme } from 'electron'
import { CONTENT_SECURITY_POLICY } from './csp'

/**
 * The built page is served from app://backroom/…, not file://. A file: page can read other
 * local files (the SQLite database among them) when Electron's GrantFileProtocolExtraPrivileges
 * fuse is on, and the CSP's 'self' does not cover file:. Here the page has an origin of its own,
 * the handler below reads only from the renderer folder, and the fuse is off in the packaged
 * build (build/electron-builder.yml). Not run in a real Electron on our machines: Electron
 * cannot be downloaded there, so this is tested against a mocked 'electron' (test/main).
 */
export const APP_SCHEME = 'app'
export const APP_HOST = 'backroom'
export const APP_INDEX_URL = `${APP_SCHEME}://${APP_HOST}/index.html`

/**
 * Registered before 'ready'. standard: relative URLs resolve and the origin is app://backroom,
 * which the CSP's 'self' matches; secure: a secure context like https. supportFetchAPI and
 * corsEnabled: Vite's module scripts and modulepreload links are fetched in CORS mode (same
 * origin here, so no Access-Control header is sent or needed). Never bypassCSP.
 */
export const APP_SCHEME_PRIVILEGES: CustomScheme = {
  scheme: APP_SCHEME,
  privileges: { standard: true, secure: true, supportFetchAPI: true, corsEnabled: true },
}

const CONTENT_TYPES: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.mjs': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.json': 'application/json; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.jpg': 'image/jpeg',
  '.jpeg': 'image/jpeg',
  '.gif': 'image/gif',
  '.webp': 'image/webp',
  '.ico': 'image/x-icon',
  '.woff': 'font/woff',
  '.woff2': 'font/woff2',
  '.ttf': 'font/ttf',
  '.otf': 'font/otf',
  '.eot': 'application/vnd.ms-fontobject',
  '.txt': 'text/plain; charset=utf-8',
}

export function contentTypeFor(path: string): string {
  return CONTENT_TYPES[extname(path).toLowerCase()] ?? 'application/octet-stream'
}

/**
 * The file inside `rendererDir` that an app://backroom URL names, or null: another scheme or
 * host, a port or credentials, a path that is not a file name (the root, a folder's trailing
 * slash, an empty segment), and, once percent-decoded, any '.' or '..' segment, backslash,
 * drive colon or NUL. Chromium already removes literal '..' segments from a standard URL;
 * '%2e%2e%2f' stays encoded in the URL and is caught here, after decoding. The resolved path
 * must still lie under rendererDir.
 */
export function appUrlToPath(rendererDir: string, url: string): string | null {
  let parsed: URL
  try {
    parsed = new URL(url)
  } catch {
    return null
  }
  if (parsed.protocol !== `${APP_SCHEME}:` || parsed.host !== APP_HOST || parsed.username || parsed.password) return null
  const segments = parsed.pathname.split('/').slice(1)
  const decoded: string[] = []
  for (const segment of segments) {
    let name: string
    try {
      name = decodeURIComponent(segment)
    } catch {
      return null
    }
    if (name === '' || name === '.' || name === '..' || /[\\/:\0]/.test(name)) return null
    decoded.push(name)
  }
  if (decoded.length === 0) return null
  const root = resolve(rendererDir)
  const target = resolve(root, ...decoded)
  const inside = relative(root, target)
  if (inside === '' || inside === '..' || inside.startsWith(`..${sep}`) || isAbsolute(inside)) return null
  return target
}

function notFound(): Response {
  return new Response('Not found', { status: 404, headers: { 'Content-Type': 'text/plain; charset=utf-8' } })
}

/**
 * protocol.handle's handler for the app scheme: GET or HEAD of a file of the renderer folder,
 * with its content type and the CSP (also a meta tag in index.html, and added by the session's
 * header hook); anything else is a 404, a folder too (no listing). Node's fs reads inside the
 * app.asar archive in Electron's main process, so the packaged folder is served as it is.
 */
export function appProtocolHandler(rendererDir: string): (request: Request) => Promise<Response> {
  return async (request) => {
    if (request.method !== 'GET' && request.method !== 'HEAD') {
      return new Response(null, { status: 405, headers: { Allow: 'GET, HEAD' } })
    }
    const path = appUrlToPath(rendererDir, request.url)
    if (!path) return notFound()
    let body: Uint8Array<ArrayBuffer>
    try {
      if (!(await fs.stat(path)).isFile()) return notFound()
      body = new Uint8Array(await fs.readFile(path))
    } catch {
      return notFound()
    }
    const headers = {
      'Content-Type': contentTypeFor(path),
      'Content-Length': String(body.byteLength),
      'Content-Security-Policy': CONTENT_SECURITY_POLICY,
      'X-Content-Type-Options': 'nosniff',
    }
    return new Response(request.method === 'HEAD' ? null : body, { status: 200, headers })
  }
}
