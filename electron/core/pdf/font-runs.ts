import { cjkFontFor, familiesFor, type Families } from './cjk-fonts'
import { useFont, type FontFile } from './font-file'
import { bodyFont, type Weight } from './unicode-font'

/** A piece of a text that one font shows. */
export interface Run {
  file: FontFile
  text: string
}

/**
 * The text cut into runs of one font each: DejaVu Sans where it has the character, else the Noto
 * Sans file that has it (pdf/cjk-fonts.ts); a space stays in the run it falls in (a plain space
 * where that font lacks it). A character
 * no font has becomes "?" (in DejaVu) rather than an empty box. Latin text is one run, as fast
 * as before: only a character DejaVu lacks asks for another font.
 */
export function fontRuns(text: string, weight: Weight): Run[] {
  const body = bodyFont(weight)
  const runs: Run[] = []
  let families: Families | undefined
  for (let c of text) {
    const codePoint = c.codePointAt(0)!
    const last = runs.at(-1)
    let file = body
    if (/\s/.test(c)) {
      file = last?.file.font.hasGlyphForCodePoint(codePoint) ? last.file : body
      // A space the font lacks (U+3000 between Latin words) is a plain space, as in the export's PDF, not an empty box.
      if (!/[\n\r\t]/.test(c) && !file.font.hasGlyphForCodePoint(codePoint)) c = ' '
    } else if (!body.font.hasGlyphForCodePoint(codePoint)) {
      const found = cjkFontFor(codePoint, weight, (families ??= familiesFor(text)))
      if (found) file = found
      else c = '?'
    }
    if (last?.file === file) last.text += c
    else runs.push({ file, text: c })
  }
  return runs
}

/** pdfkit's embedded font, as far as the lines need it (its `_font`, not in the typings). */
interface Metrics {
  _font: { ascender: number }
  _fontSize: number
}

/**
 * pdfkit's `text()` for a text that may need several fonts, set at the current size: the runs
 * are written one after the other (`continued`), so the text wraps as one. pdfkit would put
 * each run's top at the line's top, and right-align each run on its own: here every run sits on
 * DejaVu's baseline, a line takes DejaVu's height whatever font ended it, and a right-aligned
 * text that fits the width ends at its right edge. Leaves DejaVu the current font.
 */
export function writeText(doc: PDFKit.PDFDocument, text: string, weight: Weight, at?: { x: number; y: number }, options: PDFKit.Mixins.TextOptions = {}): void {
  const runs = fontRuns(text, weight)
  const body = useFont(doc, bodyFont(weight))
  doc.font(body)
  const only = runs.length === 0 ? '' : runs.length === 1 && runs[0].file.name === body ? runs[0].text : null
  if (only !== null) {
    if (at) doc.text(only, at.x, at.y, options)
    else doc.text(only, options)
    return
  }
  const metrics = doc as unknown as Metrics
  const baseline = -(metrics._font.ascender / 1000) * metrics._fontSize
  const lineHeight = doc.currentLineHeight(true)
  const startX = at?.x ?? doc.x
  let x = at?.x
  let align = options.align
  if (align === 'right' && options.width) {
    const width = runs.reduce((sum, run) => sum + doc.font(useFont(doc, run.file)).widthOfString(run.text), 0)
    align = 'left'
    if (width <= options.width) x = startX + options.width - width
  }
  runs.forEach((run, i) => {
    doc.font(useFont(doc, run.file))
    const lineGap = (options.lineGap ?? 0) + lineHeight - doc.currentLineHeight(true)
    const runOptions = { ...options, align, baseline, lineGap, continued: i < runs.length - 1 }
    if (i === 0 && x !== undefined) doc.text(run.text, x, at?.y ?? doc.y, runOptions)
    else doc.text(run.text, runOptions)
  })
  doc.font(body)
  doc.x = startX
}
