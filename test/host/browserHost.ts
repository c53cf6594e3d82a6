import { randomBytes } from 'node:crypto'
import { createReadStream } from 'node:fs'
import { readFile } from 'node:fs/promises'
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http'
import type { AddressInfo } from 'node:net'
import { extname, join, normalize, resolve, sep } from 'node:path'
import { commandNames } from '../../electron/contract'
import { buildSurface } from '../../electron/contract/surface'
import type { Dispatch } from '../../electron/core/dispatch'
import { CONTENT_SECURITY_POLICY } from '../../electron/main/csp'
import { EXPORT_BRIDGE } from './export-bridge'
import { FILE_BRIDGE, type HostFileExchange } from './file-exchange'

/**
 * Development and test tooling, never shipped: serves the built renderer on 127.0.0.1 and
 * forwards each command to the same core dispatch Electron's IPC uses. It stands in for the
 * preload with a script that builds the same `window.backroom` surface over fetch.
 *
 * Only a browser that opened a printed URL gets in: its token works once, and is swapped for
 * an HttpOnly, SameSite=Strict session cookie whose value the host made (a cookie value the
 * client picks is refused); the Host header must be loopback (no DNS rebinding) and a
 * command's Origin must be this host's. Files saved and uploaded through the host belong to the
 * session that saved or sent them (file-exchange.ts).
 */
export interface BrowserHost {
  /** Open this (it carries a one-time token). */
  url: string
  origin: string
  /** Another one-time address, for another browser profile. */
  issueUrl(): string
  close(): Promise<void>
}

const TYPES: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.jpg': 'image/jpeg',
  '.woff': 'font/woff',
  '.woff2': 'font/woff2',
  '.ttf': 'font/ttf',
  '.eot': 'application/vnd.ms-fontobject',
  '.json': 'application/json',
}
const MAX_BODY = 20 * 1024 * 1024
const CALL_PREFIX = '/__backroom/call/'
const DOWNLOAD_PREFIX = '/__backroom/download/'

function cookies(req: IncomingMessage): Record<string, string> {
  const out: Record<string, string> = {}
  for (const part of (req.headers.cookie ?? '').split(';')) {
    const [k, ...v] = part.trim().split('=')
    if (k) out[k] = decodeURIComponent(v.join('='))
  }
  return out
}

function readBody(req: IncomingMessage): Promise<string> {
  return new Promise((resolveBody, reject) => {
    let size = 0
    const chunks: Buffer[] = []
    req.on('data', (chunk: Buffer) => {
      size += chunk.length
      if (size > MAX_BODY) {
        reject(new Error('too large'))
        req.destroy()
      } else chunks.push(chunk)
    })
    req.on('end', () => resolveBody(Buffer.concat(chunks).toString('utf8')))
    req.on('error', reject)
  })
}

/**
 * Downloads and uploads of the file exchange, each of host session `session` only (a download of
 * what that session saved, an upload for that session's next open dialog); false when the
 * request is not one of them.
 */
async function exchangeFile(req: IncomingMessage, res: ServerResponse, url: URL, files: HostFileExchange, session: string): Promise<boolean> {
  if (url.pathname.startsWith(DOWNLOAD_PREFIX) && req.method === 'GET') {
    const name = decodeURIComponent(url.pathname.slice(DOWNLOAD_PREFIX.length))
    const file = files.download(session, name)
    if (!file) res.writeHead(404).end()
    else {
      res.writeHead(200, { 'content-type': 'application/octet-stream', 'content-disposition': `attachment; filename="${encodeURIComponent(name)}"` })
      createReadStream(file).pipe(res)
    }
    return true
  }
  if (url.pathname === '/__backroom/upload' && req.method === 'POST') {
    if (req.headers.origin !== `http://${req.headers.host}`) res.writeHead(403).end()
    else {
      try {
        await files.receive(req, url.searchParams.get('name') ?? 'backup', session)
        res.writeHead(204).end()
      } catch {
        res.writeHead(400).end()
      }
    }
    return true
  }
  return false
}

/** The stand-in for the preload: the contract's surface, sending each command with fetch. */
function bridgeScript(): string {
  const send = `async (name, input) => {
    const response = await fetch('${CALL_PREFIX}' + encodeURIComponent(name), {
      method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ input }),
    })
    return response.json()
  }`
  // esbuild's keepNames may wrap functions in __name(); give the page a harmless one.
  return `(() => { const __name = (f) => f;
  window.backroom = (${buildSurface.toString()})(${JSON.stringify(commandNames)}, ${send}) })()`
}

export async function startBrowserHost(options: {
  dispatch: Dispatch
  rendererDir: string
  port?: number
  /** Saving and opening files as downloads and uploads (the core's dialogs must be `files.dialogs`). */
  files?: HostFileExchange
}): Promise<BrowserHost> {
  /** Tokens printed and not yet used: each opens the app once. */
  const tokens = new Set<string>()
  /** Session ids this host issued: the only cookie values it accepts. */
  const sessions = new Set<string>()
  const root = resolve(options.rendererDir)
  let origin = ''
  let allowedHosts: string[] = []
  // Cookies ignore ports: name the cookie per port so two hosts in one browser keep their own.
  let sessionCookie = ''

  function send(res: ServerResponse, status: number, body: string | Buffer, type = 'text/plain; charset=utf-8', cache = 'no-store') {
    res.writeHead(status, {
      'content-type': type,
      'content-security-policy': CONTENT_SECURITY_POLICY,
      'x-content-type-options': 'nosniff',
      'cache-control': cache,
    })
    res.end(body)
  }

  async function serveFile(res: ServerResponse, pathname: string) {
    const file = normalize(join(root, pathname === '/' ? 'index.html' : decodeURIComponent(pathname)))
    if (file !== root && !file.startsWith(root + sep)) return send(res, 404, 'Not found')
    let body: Buffer
    try {
      body = await readFile(file)
    } catch {
      return send(res, 404, 'Not found')
    }
    if (extname(file) === '.html') {
      const html = body.toString('utf8').replace('<script', '<script src="/__backroom/bridge.js"></script>\n    <script')
      return send(res, 200, html, TYPES['.html'])
    }
    // The build names every file under assets/ by a hash of its content: a changed file is a new
    // name, so the browser may keep them. A page reloaded (or a screen's code loaded again) then
    // takes them from its profile's cache, with the compiled code V8 keeps beside them, instead of
    // fetching and compiling ~4 MB again: about half of a reload's CPU in the browser tests.
    // index.html, the bridge and the commands stay no-store. (The app:// handler sends no cache
    // header at all.)
    const hashed = pathname.startsWith('/assets/')
    send(res, 200, body, TYPES[extname(file)] ?? 'application/octet-stream', hashed ? 'max-age=31536000, immutable' : 'no-store')
  }

  async function handle(req: IncomingMessage, res: ServerResponse) {
    if (!allowedHosts.includes(req.headers.host ?? '')) return send(res, 403, 'Forbidden host')
    const url = new URL(req.url ?? '/', origin)
    const jar = cookies(req)
    const token = url.searchParams.get('token')
    if (token !== null && tokens.delete(token)) {
      const session = randomBytes(24).toString('hex')
      sessions.add(session)
      res.writeHead(302, { 'set-cookie': `${sessionCookie}=${session}; HttpOnly; SameSite=Strict; Path=/`, location: '/' })
      return res.end()
    }
    const session = jar[sessionCookie] ?? ''
    if (!sessions.has(session)) {
      return send(res, 403, 'Open an address the browser host printed (each works once).')
    }
    if (url.pathname === '/__backroom/bridge.js') {
      return send(res, 200, bridgeScript() + (options.files ? `;\n${FILE_BRIDGE}` : '') + (options.files ? `;\n${EXPORT_BRIDGE}` : ''), TYPES['.js'])
    }
    if (options.files && (await exchangeFile(req, res, url, options.files, session))) return
    if (url.pathname.startsWith(CALL_PREFIX)) {
      if (req.method !== 'POST' || req.headers.origin !== `http://${req.headers.host}`) return send(res, 403, 'Forbidden')
      let input: unknown
      try {
        input = (JSON.parse(await readBody(req)) as { input?: unknown }).input
      } catch {
        return send(res, 400, 'Bad request')
      }
      const name = decodeURIComponent(url.pathname.slice(CALL_PREFIX.length))
      const dispatch = () => options.dispatch(name, input, `browser:${session}`)
      // The dialogs a command opens (save as a download, open an upload) are its session's.
      const envelope = await (options.files ? options.files.asSession(session, dispatch) : dispatch())
      return send(res, 200, JSON.stringify(envelope), TYPES['.json'])
    }
    if (req.method !== 'GET') return send(res, 405, 'Method not allowed')
    await serveFile(res, url.pathname)
  }

  const server = createServer((req, res) => {
    handle(req, res).catch(() => send(res, 500, 'Internal error'))
  })
  await new Promise<void>((ready) => server.listen(options.port ?? 0, '127.0.0.1', ready))
  const { port } = server.address() as AddressInfo
  origin = `http://127.0.0.1:${port}`
  allowedHosts = [`127.0.0.1:${port}`, `localhost:${port}`]
  sessionCookie = `backroom_session_${port}`
  const issueUrl = () => {
    const token = randomBytes(24).toString('hex')
    tokens.add(token)
    return `${origin}/?token=${token}`
  }
  return {
    url: issueUrl(),
    origin,
    issueUrl,
    close: () =>
      new Promise((done) => {
        server.closeAllConnections()
        server.close(() => done())
      }),
  }
}
