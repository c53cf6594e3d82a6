import { readFileSync } from 'node:fs'
import { inflateSync } from 'node:zlib'

/**
 * The font of every PDF the app makes (the customer export, the emailed receipt): DejaVu Sans (Bitstream Vera licence with public-domain DejaVu
 * changes; the files come from the @fontsource/dejavu-sans package). It covers Latin, Greek,
 * Cyrillic and more, where the standard PDF fonts cover Windows-1252 only.
 *
 * The package carries WOFF files. fontkit reads WOFF, but inflates a table again on every
 * access: embedding the glyphs of one short line took 11 s. So each file is turned back into
 * the plain TrueType font it wraps (its tables inflated once), once per process.
 */
const FILES = {
  regular: '@fontsource/dejavu-sans/files/dejavu-sans-latin-400-normal.woff',
  bold: '@fontsource/dejavu-sans/files/dejavu-sans-latin-700-normal.woff',
}

type Weight = keyof typeof FILES

/** The names under which registerUnicodeFonts puts the two weights into a pdfkit document. */
export const UNICODE_FONTS: Record<Weight, string> = { regular: 'Body', bold: 'Body-Bold' }

const cache = new Map<Weight, Buffer>()

export function unicodeFont(weight: Weight): Buffer {
  let font = cache.get(weight)
  if (!font) cache.set(weight, (font = woffToSfnt(readFileSync(require.resolve(FILES[weight])))))
  return font
}

/** Makes both weights usable in a pdfkit document, by the names of UNICODE_FONTS (embedded as subsets of the glyphs used). */
export function registerUnicodeFonts(doc: PDFKit.PDFDocument): void {
  for (const weight of Object.keys(FILES) as Weight[]) doc.registerFont(UNICODE_FONTS[weight], unicodeFont(weight))
}

/** WOFF 1.0 (W3C): a 44-byte header, 20-byte table entries, each table zlib-compressed unless that would not be smaller. */
export function woffToSfnt(woff: Buffer): Buffer {
  if (woff.toString('latin1', 0, 4) !== 'wOFF') throw new Error('not a WOFF font')
  const flavor = woff.readUInt32BE(4)
  const count = woff.readUInt16BE(12)
  const tables: { tag: number; checksum: number; data: Buffer }[] = []
  for (let i = 0; i < count; i++) {
    const entry = 44 + i * 20
    const offset = woff.readUInt32BE(entry + 4)
    const compLength = woff.readUInt32BE(entry + 8)
    const origLength = woff.readUInt32BE(entry + 12)
    const stored = woff.subarray(offset, offset + compLength)
    tables.push({ tag: woff.readUInt32BE(entry), checksum: woff.readUInt32BE(entry + 16), data: compLength < origLength ? inflateSync(stored) : stored })
  }
  // The sfnt offset table, then its 16-byte table records, then each table 4-byte aligned.
  const pad = (n: number) => (n + 3) & ~3
  let size = 12 + 16 * count
  for (const table of tables) size += pad(table.data.length)
  const out = Buffer.alloc(size)
  const power = 2 ** Math.floor(Math.log2(count))
  out.writeUInt32BE(flavor, 0)
  out.writeUInt16BE(count, 4)
  out.writeUInt16BE(power * 16, 6)
  out.writeUInt16BE(Math.log2(power), 8)
  out.writeUInt16BE(count * 16 - power * 16, 10)
  let at = 12 + 16 * count
  tables.forEach((table, i) => {
    const record = 12 + i * 16
    out.writeUInt32BE(table.tag, record)
    out.writeUInt32BE(table.checksum, record + 4)
    out.writeUInt32BE(at, record + 8)
    out.writeUInt32BE(table.data.length, record + 12)
    table.data.copy(out, at)
    at += pad(table.data.length)
  })
  return out
}

/**
 * The text as the document's current font can show it: a character the font lacks (Chinese,
 * emoji…) becomes "?", as in the customer export, rather than an empty box.
 */
export function printable(doc: PDFKit.PDFDocument, text: string): string {
  const { font } = (doc as unknown as { _font: { font: { hasGlyphForCodePoint(codePoint: number): boolean } } })._font
  let out = ''
  for (const c of text) out += /\s/.test(c) || font.hasGlyphForCodePoint(c.codePointAt(0)!) ? c : '?'
  return out
}
