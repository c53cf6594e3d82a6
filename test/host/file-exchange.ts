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

/**
 * The browser host's file dialogs (development tooling): there is no native dialog in a browser,
 * so saving a file is a download (main writes it into `<folder>/downloads`, the page then
 * downloads it) and opening one is an upload (the page picks it with the browser's own file
 * input and sends it into `<folder>/uploads`; the next open dialog answers with it).
 */
export class HostFileExchange {
  readonly dialogs: FileDialogs
  private uploaded: string | null = null

  constructor(readonly folder: string) {
    for (const sub of ['downloads', 'uploads']) mkdirSync(join(folder, sub), { recursive: true })
    this.dialogs = {
      chooseSaveFile: async ({ defaultName }) => join(this.folder, 'downloads', safeName(defaultName)),
      chooseOpenFile: async () => {
        const file = this.uploaded
        this.uploaded = null
        return file
      },
    }
  }

  /** The file a download asks for, if main wrote one of that name. */
  download(name: string): string | null {
    const file = join(this.folder, 'downloads', safeName(name))
    return existsSync(file) ? file : null
  }

  /** Streams an upload to disk; the next open dialog answers with it. */
  async receive(req: IncomingMessage, name: string): Promise<void> {
    const declared = Number(req.headers['content-length'] ?? Number.NaN)
    if (!(declared >= 0 && declared <= MAX_UPLOAD_BYTES)) throw new Error('upload size unknown or too large')
    // A folder per upload keeps the file's own name, which the app shows (an import names its file).
    const folder = join(this.folder, 'uploads', `${Date.now()}-${Math.random().toString(36).slice(2, 8)}`)
    mkdirSync(folder, { recursive: true })
    const file = join(folder, safeName(name))
    await pipeline(req, createWriteStream(file))
    this.uploaded = file
  }
}

/**
 * Added to the bridge script when the host exchanges files: backups.create downloads the copy
 * main wrote, backups.pickFile first lets the user pick a file with the browser's file input and
 * uploads it. Self-contained: it runs in the page.
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
  window.backroom = Object.freeze({ ...surface, backups, imports })
})()`
