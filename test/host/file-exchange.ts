import { AsyncLocalStorage } from 'node:async_hooks'
import { randomBytes } from 'node:crypto'
import { createWriteStream, existsSync, mkdirSync } from 'node:fs'
import type { IncomingMessage } from 'node:http'
import { basename, join } from 'node:path'
import { pipeline } from 'node:stream/promises'
import type { FileDialogs } from '../../electron/core/platform'

/** At most this much per upload: a backup of a very large store still fits. */
const MAX_UPLOAD_BYTES = 16 * 1024 ** 3

/** A name safe in any folder: no path, no separators, no leading dots. */
function safeName(name: string): string {
  return basename(name).replace(/[^\p{L}\p{N} ._-]+/gu, '_').replace(/^\.+/, '').slice(0, 120) || 'file'
}

/** What one host session (one browser profile's cookie) saved and uploaded. */
interface ExchangeSession {
  /** Its own folder under `downloads` (a random name, not its cookie): two sessions saving one name keep their own file. */
  folder: string
  /** Files main saved in a dialog of this session, by the name the page downloads them under: each served once. */
  saved: Map<string, string>
  /** The file this session uploaded last, for its next open dialog. */
  uploaded: string | null
}

/**
 * The browser host's file dialogs (development tooling): there is no native dialog in a browser,
 * so saving a file is a download (main writes it into `<folder>/downloads/<session's folder>`,
 * the page then downloads it) and opening one is an upload (the page picks it with the browser's
 * own file input and sends it into `<folder>/uploads`; its next open dialog answers with it).
 * Choosing a folder answers a folder of the session's own under `<folder>/folders`.
 *
 * Everything belongs to the host session whose command opened the dialog, or that sent the
 * upload, as a window's dialogs belong to that window: a file is downloaded only by the session
 * it was saved for (once), and an upload answers only that session's dialog. Another browser
 * profile on the host, signed in or not, gets neither. The host runs each command inside
 * `asSession`, which is how a dialog knows whose it is; a dialog outside any is cancelled.
 */
export class HostFileExchange {
  readonly dialogs: FileDialogs
  private readonly sessions = new Map<string, ExchangeSession>()
  private readonly current = new AsyncLocalStorage<string>()

  constructor(readonly folder: string) {
    for (const sub of ['downloads', 'uploads', 'folders']) mkdirSync(join(folder, sub), { recursive: true })
    this.dialogs = {
      chooseSaveFile: async ({ defaultName }) => {
        const session = this.currentSession()
        if (!session) return null
        const name = safeName(defaultName)
        const file = join(session.folder, name)
        session.saved.set(name, file)
        return file
      },
      chooseOpenFile: async () => {
        const session = this.currentSession()
        if (!session) return null
        const file = session.uploaded
        session.uploaded = null
        return file
      },
      // A page cannot hand main a folder of its PC: the session gets one of its own on the host's
      // side (`<folder>/folders/<session's folder>`), so a backup copy folder can be tried out.
      chooseFolder: async () => {
        const session = this.currentSession()
        if (!session) return null
        const folder = join(this.folder, 'folders', basename(session.folder))
        mkdirSync(folder, { recursive: true })
        return folder
      },
    }
  }

  /** Runs one command of host session `sessionId`: the dialogs it opens are that session's. */
  asSession<T>(sessionId: string, work: () => Promise<T>): Promise<T> {
    return this.current.run(sessionId, work)
  }

  private session(sessionId: string): ExchangeSession {
    let session = this.sessions.get(sessionId)
    if (!session) {
      const folder = join(this.folder, 'downloads', randomBytes(9).toString('hex'))
      mkdirSync(folder, { recursive: true })
      session = { folder, saved: new Map(), uploaded: null }
      this.sessions.set(sessionId, session)
    }
    return session
  }

  private currentSession(): ExchangeSession | null {
    const sessionId = this.current.getStore()
    return sessionId === undefined ? null : this.session(sessionId)
  }

  /**
   * The file `sessionId` asks to download as `name`: one main saved in a dialog of that session
   * and has written by now. Served once; null for anything else.
   */
  download(sessionId: string, name: string): string | null {
    const session = this.sessions.get(sessionId)
    const key = safeName(name)
    const file = session?.saved.get(key)
    if (!session || !file || !existsSync(file)) return null
    session.saved.delete(key)
    return file
  }

  /** Streams an upload of `sessionId` to disk; that session's next open dialog answers with it. */
  async receive(req: IncomingMessage, name: string, sessionId: string): Promise<void> {
    const declared = Number(req.headers['content-length'] ?? Number.NaN)
    if (!(declared >= 0 && declared <= MAX_UPLOAD_BYTES)) throw new Error('upload size unknown or too large')
    // A folder per upload keeps the file's own name, which the app shows (an import names its file).
    const folder = join(this.folder, 'uploads', `${Date.now()}-${Math.random().toString(36).slice(2, 8)}`)
    mkdirSync(folder, { recursive: true })
    const file = join(folder, safeName(name))
    await pipeline(req, createWriteStream(file))
    this.session(sessionId).uploaded = file
  }
}

/**
 * Added to the bridge script when the host exchanges files: backups.create downloads the copy
 * main wrote, backups.pickFile first lets the user pick a file with the browser's file input and
 * uploads it (as the customer and receipt imports' pickFile do). Self-contained: it runs in the page.
 */
export const FILE_BRIDGE = `(() => {
  const surface = window.backroom
  const pick = (accept = '.backroom,.sqlite') => new Promise((resolve) => {
    const input = document.createElement('input')
    input.type = 'file'
    input.accept = accept
    input.addEventListener('change', () => resolve((input.files && input.files[0]) || null))
    input.addEventListener('cancel', () => resolve(null))
    input.click()
  })
  const backups = Object.freeze({
    ...surface.backups,
    async pickFile(input) {
      const file = await pick()
      if (!file) return { ok: true, data: { file: null } }
      const sent = await fetch('/__backroom/upload?name=' + encodeURIComponent(file.name), { method: 'POST', body: file })
      if (!sent.ok) return { ok: false, error: { code: 'BACKUP_FAILED', message: 'The file could not be uploaded' } }
      return surface.backups.pickFile(input)
    },
    async create(input) {
      const answer = await surface.backups.create(input)
      if (answer.ok && answer.data.file) {
        const name = answer.data.file.split(/[\\\\/]/).pop()
        const link = document.createElement('a')
        link.href = '/__backroom/download/' + encodeURIComponent(name)
        link.download = name
        link.click()
      }
      return answer
    },
  })
  const download = (file) => {
    const name = file.split(/[\\\\/]/).pop()
    const link = document.createElement('a')
    link.href = '/__backroom/download/' + encodeURIComponent(name)
    link.download = name
    link.click()
  }
  // Customer import: the file comes in as an upload, the report goes out as a download.
  const imports = Object.freeze({
    ...surface.imports,
    async pickFile(input) {
      const file = await pick('.csv,.txt,.tsv,.xlsx')
      if (!file) return { ok: true, data: { file: null } }
      const sent = await fetch('/__backroom/upload?name=' + encodeURIComponent(file.name), { method: 'POST', body: file })
      if (!sent.ok) return { ok: false, error: { code: 'VALIDATION', message: 'The file could not be uploaded' } }
      return surface.imports.pickFile(input)
    },
    async saveReport(input) {
      const answer = await surface.imports.saveReport(input)
      if (answer.ok && answer.data.file) download(answer.data.file)
      return answer
    },
  })
  // Receipt import: the register's file comes in as an upload too, its report goes out as a download.
  const receiptImports = Object.freeze({
    ...surface.receiptImports,
    async pickFile(input) {
      const file = await pick('.csv,.txt,.tsv,.xlsx')
      if (!file) return { ok: true, data: { file: null } }
      const sent = await fetch('/__backroom/upload?name=' + encodeURIComponent(file.name), { method: 'POST', body: file })
      if (!sent.ok) return { ok: false, error: { code: 'VALIDATION', message: 'The file could not be uploaded' } }
      return surface.receiptImports.pickFile(input)
    },
    async saveReport(input) {
      const answer = await surface.receiptImports.saveReport(input)
      if (answer.ok && answer.data.file) download(answer.data.file)
      return answer
    },
  })
  window.backroom = Object.freeze({ ...surface, backups, imports, receiptImports })
})()`
