import { cjkFontFor, familiesFor, type Families } from '../../pdf/cjk-fonts'
import { useFont } from '../../pdf/font-file'
import { bodyFont, type Weight } from '../../pdf/unicode-font'

/** What the PDF writer needs of pdfkit's embedded font (its `_font`, not in the typings). */
export interface EmbeddedFont {
  id: string
  ascender: number
  /** Font units to the 1000-unit em. */
  scale: number
  ref(): unknown
  /** The glyphs used, by subset id: their widths and characters go into the PDF at its end. */
  subset: { includeGlyph(glyphId: number): number }
  widths: number[]
  unicode: number[][]
  font: { hasGlyphForCodePoint(codePoint: number): boolean; glyphForCodePoint(codePoint: number): { id: number; advanceWidth: number } }
}

/** A character as the PDF writes it: in which font, its two-byte code there, its width in 1000ths of the size. */
export interface Glyph {
  font: EmbeddedFont
  hex: string
  width: number
}

/**
 * The export's characters as glyphs of the document's embedded fonts: DejaVu Sans, and for what
 * it lacks the Noto Sans file that has it (pdf/cjk-fonts.ts, asked in the order the text's
 * language suggests). A character's glyph is looked up once per font and added to the embedded
 * subset (with its width and character, so a reader can copy the text out); no shaping is
 * needed for the alphabets covered. Tabs and line breaks print as spaces, a character no font
 * has as "?".
 */
export function exportGlyphs(doc: PDFKit.PDFDocument) {
  const embedded = new Map<string, EmbeddedFont>()
  const fontNamed = (name: string): EmbeddedFont => {
    let font = embedded.get(name)
    if (!font) embedded.set(name, (font = (doc.font(name) as unknown as { _font: EmbeddedFont })._font))
    return font
  }
  const body = { regular: fontNamed(useFont(doc, bodyFont('regular'))), bold: fontNamed(useFont(doc, bodyFont('bold'))) }

  const glyphIn = (font: EmbeddedFont, codePoint: number): Glyph => {
    const found = font.font.glyphForCodePoint(codePoint)
    const id = font.subset.includeGlyph(found.id)
    const width = found.advanceWidth * font.scale
    font.widths[id] ??= width
    font.unicode[id] ??= [codePoint]
    return { font, hex: id.toString(16).padStart(4, '0'), width }
  }

  /** By character; null where DejaVu lacks it (then by the first family asked and the character). */
  const cache = { regular: new Map<string, Glyph | null>(), bold: new Map<string, Glyph | null>() }
  const glyphOf = (c: string, weight: Weight, families: () => Families): Glyph => {
    const glyphs = cache[weight]
    let glyph = glyphs.get(c)
    if (glyph === undefined) {
      const codePoint = c.codePointAt(0)!
      if (/[\n\r\t]/.test(c) || (/\s/.test(c) && !body[weight].font.hasGlyphForCodePoint(codePoint))) glyph = glyphOf(' ', weight, families)
      else glyph = body[weight].font.hasGlyphForCodePoint(codePoint) ? glyphIn(body[weight], codePoint) : null
      glyphs.set(c, glyph)
    }
    if (glyph) return glyph
    const order = families()
    const key = `${order[0]} ${c}`
    let fallback = glyphs.get(key)
    if (fallback === undefined) {
      const codePoint = c.codePointAt(0)!
      const file = cjkFontFor(codePoint, weight, order)
      fallback = file ? glyphIn(fontNamed(useFont(doc, file)), codePoint) : glyphOf('?', weight, families)
      glyphs.set(key, fallback)
    }
    return fallback!
  }

  return {
    body: (weight: Weight) => body[weight],
    /** The text's glyphs, in order. */
    of(text: string, weight: Weight): Glyph[] {
      let order: Families | undefined
      const families = () => (order ??= familiesFor(text))
      const out: Glyph[] = []
      for (const c of text) out.push(glyphOf(c, weight, families))
      return out
    },
    ellipsis: (weight: Weight) => glyphOf('…', weight, () => familiesFor('')),
  }
}
