import { request } from 'node:http'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { startBrowserHost, type BrowserHost } from './browserHost'
import { RENDERER_DIR } from '../support/browser'
import { startTestCore, type TestCore } from '../support/core'

/** Raw HTTP, so the test can send the Host and Origin headers a hostile page would. */
function send(url: string, options: { method?: string; headers?: Record<string, string>; body?: string } = {}) {
  return new Promise<{ status: number; headers: Record<string, string | string[] | undefined>; body: string }>((resolve, reject) => {
    const req = request(url, { method: options.method ?? 'GET', headers: options.headers }, (res) => {
      let body = ''
      res.on('data', (chunk) => (body += chunk))
      res.on('end', () => resolve({ status: res.statusCode ?? 0, headers: res.headers, body }))
    })
    req.on('error', reject)
    req.end(options.body)
  })
}

describe('browser host (test and development tooling)', () => {
  let core: TestCore
  let host: BrowserHost
  let cookie: string

  beforeAll(async () => {
    core = await startTestCore()
    host = await startBrowserHost({ dispatch: core.dispatch, rendererDir: RENDERER_DIR })
    const opened = await send(host.url)
    cookie = (opened.headers['set-cookie'] as string[]).map((c) => c.split(';')[0]).join('; ')
  })
  afterAll(async () => {
    await host.close()
    await core.cleanup()
  })

  const call = (headers: Record<string, string>) =>
    send(`${host.origin}/__backroom/call/auth:status`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', ...headers },
      body: JSON.stringify({ input: {} }),
    })

  it('turns the token in a printed URL into an HttpOnly, SameSite=Strict session cookie', async () => {
    const opened = await send(host.issueUrl())
    expect(opened.status).toBe(302)
    expect(String(opened.headers['set-cookie'])).toMatch(/HttpOnly; SameSite=Strict/)
  })

  it('takes each token once: the same address opened again gets no session', async () => {
    const url = host.issueUrl()
    expect((await send(url)).status).toBe(302)
    const again = await send(url)
    expect(again.status).toBe(403)
    expect(again.headers['set-cookie']).toBeUndefined()
    // The address printed at start was used by beforeAll.
    expect((await send(host.url)).status).toBe(403)
  })

  it('accepts only session ids it issued, not a cookie value the client chose', async () => {
    const name = cookie.split('=')[0]
    for (const forged of ['x', 'a'.repeat(48), '', cookie.split('=')[1].replace(/.$/, (c) => (c === '0' ? '1' : '0'))]) {
      expect((await call({ cookie: `${name}=${forged}`, origin: host.origin })).status).toBe(403)
      expect((await send(`${host.origin}/`, { headers: { cookie: `${name}=${forged}` } })).status).toBe(403)
    }
  })

  it('refuses a page and a command without the token', async () => {
    expect((await send(`${host.origin}/`)).status).toBe(403)
    expect((await call({ origin: host.origin })).status).toBe(403)
  })

  it('refuses a foreign Host header (DNS rebinding) and a foreign Origin', async () => {
    expect((await send(`${host.origin}/`, { headers: { cookie, host: 'attacker.example' } })).status).toBe(403)
    expect((await call({ cookie, origin: 'http://attacker.example' })).status).toBe(403)
  })

  it('forwards a command from its own origin to the core dispatch', async () => {
    const answer = await call({ cookie, origin: host.origin })
    expect(answer.status).toBe(200)
    expect(JSON.parse(answer.body)).toEqual({ ok: true, data: { needsSetup: true, user: null, locked: null } })
  })

  it('answers a page opened as localhost too, but not a localhost page calling the 127.0.0.1 origin', async () => {
    const local = `localhost:${new URL(host.origin).port}`
    expect((await call({ cookie, host: local, origin: `http://${local}` })).status).toBe(200)
    expect((await call({ cookie, host: local, origin: host.origin })).status).toBe(403)
  })

  it('serves the built page with the app CSP and the bridge before the app script', async () => {
    const page = await send(`${host.origin}/`, { headers: { cookie } })
    expect(page.headers['content-security-policy']).toContain("script-src 'self'")
    expect(page.body.indexOf('/__backroom/bridge.js')).toBeLessThan(page.body.indexOf('type="module"'))
    // An encoded slash survives URL parsing and is decoded by the host: it must not climb out.
    expect((await send(`${host.origin}/..%2f..%2fpackage.json`, { headers: { cookie } })).status).toBe(404)
  })
})
