import { readFileSync } from 'node:fs'
import { create, type Font } from 'fontkit'
import { woffToSfnt } from './woff'

/** A font file of the PDFs, read once per process. */
export interface FontFile {
  /** Its name in a pdfkit document (registered there when first used: see useFont). */
  name: string
  /** The plain TrueType font that pdfkit embeds (a subset of the glyphs used). */
  sfnt: Buffer
  /** fontkit's reading of it, to ask which characters it has. */
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
    const sfnt = woffToSfnt(readFileSync(require.resolve(woffModule)))
    files.set(name, (file = { name, sfnt, font: create(sfnt) }))
  }
  return file
}

const registered = new WeakMap<PDFKit.PDFDocument, Set<string>>()

/** Makes the file usable in the document by its name (pdfkit embeds only fonts a text used). */
export function useFont(doc: PDFKit.PDFDocument, file: FontFile): string {
  let names = registered.get(doc)
  if (!names) registered.set(doc, (names = new Set()))
  if (!names.has(file.name)) {
    doc.registerFont(file.name, file.sfnt)
    names.add(file.name)
  }
  return file.name
}
