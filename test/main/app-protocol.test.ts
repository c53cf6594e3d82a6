import { mkdirSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { beforeAll, describe, expect, it } from 'vitest'
import { APP_INDEX_URL, APP_SCHEME_PRIVILEGES, appProtocolHandler, appUrlToPath, contentTypeFor } from '../../electron/main/app-protocol'
import { CONTENT_SECURITY_POLICY } from '../../electron/main/csp'
import { tempDir } from '../support/core'

/**
 * The app:// handler against a real folder laid out like out/renderer, with a secret beside it
 * (as the data folder or any other file on the PC would be). Requests are built as Electron
 * hands them to protocol.handle's handler; Electron itself is not run here.
 */
let root: string
let rendererDir: string
let handler: (request: Request) => Promise<Response>
const INDEX = '<!doctype html><html><head><script type="module" src="./assets/index-abc.js"></script></head></html>'

beforeAll(() => {
  root = tempDir('backroom-app-protocol-')
  rendererDir = join(root, 'out', 'renderer')
  mkdirSync(join(rendererDir, 'assets', 'fonts'), { recursive: true })
  writeFileSync(join(rendererDir, 'index.html'), INDEX)
  writeFileSync(join(rendererDir, 'assets', 'index-abc.js'), 'export const x = 1\n')
  writeFileSync(join(rendererDir, 'assets', 'index-abc.css'), 'body { margin: 0 }\n')
  writeFileSync(join(rendererDir, 'assets', 'primeicons.svg'), '<svg xmlns="http://www.w3.org/2000/svg"/>')
  writeFileSync(join(rendererDir, 'assets', 'fonts', 'dejavu.woff2'), Buffer.from([0x77, 0x4f, 0x46, 0x32]))
  writeFileSync(join(root, 'backroom.sqlite'), 'SQLite format 3\0 the store')
  writeFileSync(join(root, 'out', 'secret.txt'), 'next to the renderer folder')
  handler = appProtocolHandler(rendererDir)
})

const get = (url: string, init?: RequestInit) => handler(new Request(url, init))

describe('the app:// handler', () => {
  it('serves index.html as HTML with the CSP', async () => {
    const response = await get(APP_INDEX_URL)
    expect(response.status).toBe(200)
    expect(response.headers.get('content-type')).toBe('text/html; charset=utf-8')
    expect(response.headers.get('content-security-policy')).toBe(CONTENT_SECURITY_POLICY)
    expect(response.headers.get('x-content-type-options')).toBe('nosniff')
    expect(await response.text()).toBe(INDEX)
  })

  it.each([
    ['assets/index-abc.js', 'text/javascript; charset=utf-8', 'export const x = 1\n'],
    ['assets/index-abc.css', 'text/css; charset=utf-8', 'body { margin: 0 }\n'],
    ['assets/primeicons.svg', 'image/svg+xml', '<svg xmlns="http://www.w3.org/2000/svg"/>'],
  ])('serves %s as %s', async (path, type, body) => {
    const response = await get(`app://backroom/${path}?v=1#x`)
    expect(response.status).toBe(200)
    expect(response.headers.get('content-type')).toBe(type)
    expect(await response.text()).toBe(body)
  })

  it('serves a font in a sub-folder byte for byte, as font/woff2', async () => {
    const response = await get('app://backroom/assets/fonts/dejavu.woff2')
    expect(response.headers.get('content-type')).toBe('font/woff2')
    expect([...new Uint8Array(await response.arrayBuffer())]).toEqual([0x77, 0x4f, 0x46, 0x32])
  })

  it('answers HEAD with the headers only', async () => {
    const response = await get('app://backroom/assets/index-abc.js', { method: 'HEAD' })
    expect(response.status).toBe(200)
    expect(response.headers.get('content-type')).toBe('text/javascript; charset=utf-8')
    expect(await response.text()).toBe('')
  })

  it('refuses other methods', async () => {
    expect((await get(APP_INDEX_URL, { method: 'POST', body: 'x' })).status).toBe(405)
  })

  it.each([
    // Literal dot segments: the URL parser (Chromium's too, for a standard scheme) already
    // removes them, leaving a path inside the folder that does not exist.
    'app://backroom/../../etc/passwd',
    'app://backroom/../backroom.sqlite',
    'app://backroom/assets/../../secret.txt',
    // Encoded: '%2e%2e%2f' stays in the URL and only means '../' once decoded.
    'app://backroom/%2e%2e%2f%2e%2e%2fbackroom.sqlite',
    'app://backroom/%2E%2E%2F%2E%2E%2F%2E%2E%2Fetc%2Fpasswd',
    'app://backroom/..%2fsecret.txt',
    'app://backroom/assets/%2e%2e%2f%2e%2e%2fsecret.txt',
    'app://backroom/%2e%2e%5csecret.txt',
    'app://backroom/..%5c..%5cbackroom.sqlite',
    'app://backroom/assets\\..\\..\\secret.txt',
    // Absolute paths, plain and encoded.
    'app://backroom//etc/passwd',
    'app://backroom/%2fetc%2fpasswd',
    'app://backroom/%2Fetc%2Fhostname',
    'app://backroom/C:%5cWindows%5cwin.ini',
    'app://backroom/C:/Windows/win.ini',
    'app:///etc/passwd',
    // A NUL, bad percent-encoding.
    'app://backroom/index.html%00.js',
    'app://backroom/%E0%A4%A',
  ])('refuses %s with a 404', async (url) => {
    const response = await get(url)
    expect(response.status).toBe(404)
    expect(await response.text()).not.toMatch(/SQLite|next to the renderer|root:/)
  })

  it.each([
    'app://other/index.html',
    'app://backroom.evil.example/index.html',
    'app://backroom:8080/index.html',
    'app://BACKROOM/index.html',
    'other://backroom/index.html',
    'https://backroom/index.html',
  ])('refuses another host or scheme: %s', async (url) => {
    expect((await get(url)).status).toBe(404)
  })

  it('lists no folder and serves no missing file', async () => {
    for (const url of ['app://backroom/', 'app://backroom/assets', 'app://backroom/assets/', 'app://backroom/assets/fonts', 'app://backroom/missing.js']) {
      const response = await get(url)
      expect(response.status, url).toBe(404)
      expect(await response.text(), url).toBe('Not found')
    }
  })
})

describe('appUrlToPath', () => {
  it('maps a URL to the file under the renderer folder, and nothing else', () => {
    expect(appUrlToPath(rendererDir, 'app://backroom/assets/index-abc.js')).toBe(join(rendererDir, 'assets', 'index-abc.js'))
    expect(appUrlToPath(rendererDir, 'app://backroom/assets/a%20b.js')).toBe(join(rendererDir, 'assets', 'a b.js'))
    expect(appUrlToPath(rendererDir, 'app://backroom/%2e%2e%2fbackroom.sqlite')).toBeNull()
    expect(appUrlToPath(rendererDir, 'file:///etc/passwd')).toBeNull()
    expect(appUrlToPath(rendererDir, 'not a url')).toBeNull()
  })
})

describe('the app scheme', () => {
  it('is standard and secure, and does not bypass the CSP', () => {
    expect(APP_SCHEME_PRIVILEGES).toEqual({
      scheme: 'app',
      privileges: { standard: true, secure: true, supportFetchAPI: true, corsEnabled: true },
    })
  })

  it('names the content types the renderer build emits', () => {
    expect(contentTypeFor('a/index.HTML')).toBe('text/html; charset=utf-8')
    expect(contentTypeFor('x.woff')).toBe('font/woff')
    expect(contentTypeFor('x.ttf')).toBe('font/ttf')
    expect(contentTypeFor('x.eot')).toBe('application/vnd.ms-fontobject')
    expect(contentTypeFor('x.unknown')).toBe('application/octet-stream')
  })
})
