import { request } from 'node:http'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { startBrowserHost, type BrowserHost } from './browserHost'
import { HostFileExchange } from './file-exchange'
import { RENDERER_DIR } from '../support/browser'
import { OWNER, STORE, startTestCore, tempDir, type TestCore } from '../support/core'

/** Raw HTTP with a session's cookie, as another browser profile on the same PC would send it. */
function send(url: string, o: { method?: string; headers?: Record<string, string>; body?: string } = {}) {
  return new Promise<{ status: number; headers: Record<string, string | string[] | undefined>; body: Buffer }>((resolve, reject) => {
    const req = request(url, { method: o.method ?? 'GET', headers: o.headers }, (res) => {
      const chunks: Buffer[] = []
      res.on('data', (chunk: Buffer) => chunks.push(chunk))
      res.on('end', () => resolve({ status: res.statusCode ?? 0, headers: res.headers, body: Buffer.concat(chunks) }))
    })
    req.on('error', reject)
    req.end(o.body)
  })
}

/**
 * The browser host's file exchange (security review F2, F3): what main saves through a session's
 * dialog is downloaded by that session only, once; what a session uploads answers that session's
 * open dialog only.
 */
describe('browser host: saved files and uploads belong to the session that made them', () => {
  let core: TestCore
  let host: BrowserHost
  let files: HostFileExchange

  beforeAll(async () => {
    files = new HostFileExchange(join(tempDir(), 'files'))
    core = await startTestCore({ dialogs: files.dialogs, automaticBackups: false })
    host = await startBrowserHost({ dispatch: core.dispatch, rendererDir: RENDERER_DIR, files })
  })
  afterAll(async () => {
    await host.close()
    await core.cleanup()
  })

  /** A browser profile that opened a printed address: its session cookie. */
  async function openSession(): Promise<string> {
    const opened = await send(host.issueUrl())
    return (opened.headers['set-cookie'] as string[]).map((c) => c.split(';')[0]).join('; ')
  }
  async function call(cookie: string, name: string, input: unknown) {
    const answer = await send(`${host.origin}/__backroom/call/${name}`, {
      method: 'POST',
      headers: { cookie, origin: host.origin, 'content-type': 'application/json' },
      body: JSON.stringify({ input }),
    })
    return JSON.parse(answer.body.toString())
  }
  const download = (cookie: string, name: string) => send(`${host.origin}/__backroom/download/${encodeURIComponent(name)}`, { headers: { cookie } })
  const upload = (cookie: string, name: string, body: string) =>
    send(`${host.origin}/__backroom/upload?name=${encodeURIComponent(name)}`, {
      method: 'POST',
      headers: { cookie, origin: host.origin, 'content-length': String(Buffer.byteLength(body)) },
      body,
    })

  let owner: string
  it('a backup saved to a file downloads in the session that saved it, once, and in no other', async () => {
    owner = await openSession()
    expect((await call(owner, 'auth:setup', { store: STORE, owner: OWNER })).ok).toBe(true)
    const made = await call(owner, 'backups:create', { destination: 'file', passphrase: '' })
    expect(made.ok).toBe(true)
    const name = (made.data.file as string).split('/').pop()!

    // Another profile on the host: never signed in, then signed in as the owner too.
    const stranger = await openSession()
    expect((await download(stranger, name)).status).toBe(404)
    expect((await call(stranger, 'auth:login', { username: OWNER.username, password: OWNER.password })).ok).toBe(true)
    expect((await download(stranger, name)).status).toBe(404)

    const got = await download(owner, name)
    expect(got.status).toBe(200)
    expect(got.body.subarray(0, 15).toString()).toBe('SQLite format 3')
    expect((await download(owner, name)).status).toBe(404)
  })

  it('two sessions saving the same file name each get their own file', async () => {
    const other = await openSession()
    expect((await call(other, 'auth:login', { username: OWNER.username, password: OWNER.password })).ok).toBe(true)
    const first = await call(owner, 'backups:create', { destination: 'file', passphrase: '' })
    const second = await call(other, 'backups:create', { destination: 'file', passphrase: '' })
    // The store's name and the day: one name, two files.
    const name = (first.data.file as string).split('/').pop()!
    expect((second.data.file as string).split('/').pop()).toBe(name)
    expect(first.data.file).not.toBe(second.data.file)
    for (const session of [owner, other]) {
      expect((await download(session, name)).body.subarray(0, 15).toString()).toBe('SQLite format 3')
      expect((await download(session, name)).status).toBe(404)
    }
  })

  it('an upload answers the open dialog of the session that sent it, not another’s', async () => {
    const a = await openSession()
    expect((await call(a, 'auth:login', { username: OWNER.username, password: OWNER.password })).ok).toBe(true)
    // B never signed in to the app: its upload must not reach A's restore.
    const b = await openSession()
    expect((await upload(b, 'evil.sqlite', 'hello')).status).toBe(204)
    expect(await call(a, 'backups:pickFile', {})).toEqual({ ok: true, data: { file: null } })

    expect((await upload(a, 'mine.sqlite', 'not a backup either')).status).toBe(204)
    const picked = await call(a, 'backups:pickFile', {})
    expect(picked).toMatchObject({ ok: true, data: { file: { fileName: 'mine.sqlite' } } })
    // Taken once: the next dialog has nothing waiting.
    expect(await call(a, 'backups:pickFile', {})).toEqual({ ok: true, data: { file: null } })
  })

  it('choosing a folder for backup copies gives each session a folder of its own, which main accepts', async () => {
    const first = await call(owner, 'backups:chooseCopyFolder', {})
    expect(first).toMatchObject({ ok: true, data: { chosen: true, copy: { folder: expect.stringContaining(join(files.folder, 'folders')) } } })
    const other = await openSession()
    expect((await call(other, 'auth:login', { username: OWNER.username, password: OWNER.password })).ok).toBe(true)
    const second = await call(other, 'backups:chooseCopyFolder', {})
    expect(second.data.copy.folder).not.toBe(first.data.copy.folder)
    expect((await call(other, 'backups:stopCopying', {})).ok).toBe(true)
  })

  it('a dialog opened outside any host session’s command is cancelled', async () => {
    expect(await files.dialogs.chooseSaveFile({ title: 'Save', defaultName: 'x.csv', filters: [] })).toBeNull()
    expect(await files.dialogs.chooseOpenFile({ title: 'Open', filters: [] })).toBeNull()
    expect(await files.dialogs.chooseFolder({ title: 'Choose a folder' })).toBeNull()
  })
})
