import { fontFile, useFont, type FontFile } from './font-file'

/**
 * The main font of every PDF the app makes (the customer export, the emailed receipt): DejaVu
 * Sans (Bitstream Vera licence with public-domain DejaVu changes; the files come from the
 * @fontsource/dejavu-sans package). It covers Latin, Greek, Cyrillic and more, where the
 * standard PDF fonts cover Windows-1252 only. What it lacks, Chinese, Japanese and Korean, comes
 * from Noto Sans (pdf/cjk-fonts.ts), a run of text at a time (pdf/font-runs.ts).
 */
const FILES = {
  regular: '@fontsource/dejavu-sans/files/dejavu-sans-latin-400-normal.woff',
  bold: '@fontsource/dejavu-sans/files/dejavu-sans-latin-700-normal.woff',
}

export type Weight = keyof typeof FILES

/** The names under which the two weights go into a pdfkit document. */
export const UNICODE_FONTS: Record<Weight, string> = { regular: 'Body', bold: 'Body-Bold' }

export function bodyFont(weight: Weight): FontFile {
  return fontFile(UNICODE_FONTS[weight], FILES[weight])
}

/** Makes both weights usable in a pdfkit document, by the names of UNICODE_FONTS (embedded as subsets of the glyphs used). */
export function registerUnicodeFonts(doc: PDFKit.PDFDocument): void {
  for (const weight of Object.keys(FILES) as Weight[]) useFont(doc, bodyFont(weight))
}
