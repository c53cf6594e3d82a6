import { readFileSync } from 'node:fs'
import { create, type Font } from 'fontkit'
import { woffToSfnt } from './woff'

/** A font file of the PDFs, read once per process. */
export interface FontFile {
  /** Its name in a pdfkit document (registered there when first used: see useFont). */
  name: string
  /** fontkit's reading of it: to ask which characters it has, and what pdfkit embeds (a subset of the glyphs used). */
  font: Font
}

const files = new Map<string, FontFile>()

/**
 * The font in a package's WOFF file (`@fontsource/…/files/….woff`), turned back into plain
 * TrueType: fontkit reads WOFF, but inflates a table again on every access (embedding the
 * glyphs of one short line took 11 s). Kept for the process: each PDF reuses it.
 */
export function fontFile(name: string, woffModule: string): FontFile {
  let file = files.get(name)
  if (!file) {
    files.set(name, (file = { name, font: create(woffToSfnt(readFileSync(require.resolve(woffModule)))) }))
  }
  return file
}

const registered = new WeakMap<PDFKit.PDFDocument, Set<string>>()

/**
 * Makes the file usable in the document by its name (pdfkit embeds only fonts a text used).
 * pdfkit is given the font fontkit already read, not its bytes: from bytes it read the font
 * again for each document, and decoded its layout tables (GSUB, GPOS…) again on the first line,
 * some 80 ms of CPU per emailed receipt. The font is only read from: each document keeps its
 * own subset of the glyphs it used (pdfkit's EmbeddedFont), so documents share it safely.
 */
export function useFont(doc: PDFKit.PDFDocument, file: FontFile): string {
  let names = registered.get(doc)
  if (!names) registered.set(doc, (names = new Set()))
  if (!names.has(file.name)) {
    // pdfkit takes a fontkit font (it checks for `layout`); its typings know only paths and bytes.
    doc.registerFont(file.name, file.font as unknown as PDFKit.Mixins.PDFFontSource)
    names.add(file.name)
  }
  return file.name
}
