import { openReportFile } from './report-file'
import { once } from 'node:events'
import PDFDocument from 'pdfkit'
import type { Weight } from '../../pdf/unicode-font'
import type { CellValue, ExportColumn, ExportContext } from './columns'
import { exportGlyphs, type EmbeddedFont, type Glyph } from './pdf-glyphs'
import { storeFormat, type StoreFormat } from './store-format'
import type { ReportHeading, ReportWriter } from './writer'

const MARGIN = 36
/** A4 landscape. */
const PAGE = { width: 841.89, height: 595.28 }
/** DejaVu Sans is about 11% wider than Helvetica: 7.2 pt holds what 8 pt Helvetica did per column (and reads as large: its letters are taller). */
const FONT_SIZE = 7.2
const ROW_HEIGHT = 13
const HEADING_BOTTOM = MARGIN + 62

/** A row's values by column key ('firstName'); a key not exported reads as blank. */
interface Values {
  get(key: string): CellValue
}

interface PdfColumn {
  label: string
  width: number
  align?: 'right'
  text(values: Values, format: StoreFormat): string
}

const join = (parts: CellValue[], separator: string) => parts.filter((p) => p !== null && p !== '').join(separator)

/**
 * What fits across a printed page, readable: the contact fields together (name, phone, email,
 * the address on one line) and what the table shows beside them. The CSV and workbook carry
 * every column on its own.
 */
const PDF_COLUMNS: PdfColumn[] = [
  { label: 'No.', width: 42, align: 'right', text: (v) => String(v.get('customerNumber') ?? '') },
  { label: 'Name', width: 120, text: (v) => join([v.get('firstName'), v.get('lastName')], ' ') + (v.get('nickname') ? ` (${v.get('nickname')})` : '') },
  { label: 'Phone', width: 86, text: (v) => String(v.get('phone') ?? '') },
  { label: 'Email', width: 148, text: (v) => String(v.get('email') ?? '') },
  {
    label: 'Address',
    width: 196,
    text: (v) => join([v.get('addressLine1'), v.get('addressLine2'), v.get('city'), join([v.get('state'), v.get('zip')], ' '), v.get('country')], ', '),
  },
  { label: 'Points', width: 44, align: 'right', text: (v, f) => f.number(Number(v.get('loyaltyPoints') ?? 0)) },
  { label: 'Registered', width: 56, text: (v, f) => (v.get('registered') ? f.date(String(v.get('registered')).slice(0, 10)) : '') },
  { label: 'Status', width: 78, text: (v) => join([v.get('status'), v.get('flagged') ? 'Flagged' : null], ', ') },
]

/**
 * The report's fonts, embedded as subsets of the glyphs used (see pdf/unicode-font.ts): the
 * standard PDF fonts cover Windows-1252 only, so "Łukasz", "Αλέξης", "Дмитрий" or "山田" printed
 * as "?". A character no font has (an emoji…) still prints as "?" rather than a box.
 */

/** One piece of text on a line: where it starts (or ends, right-aligned) and how wide it may be. */
interface Placed {
  text: string
  x: number
  align?: 'right'
  room?: number
}

/**
 * A paginated table (A4 landscape) streamed with pdfkit: each page is written out when it is
 * full. Every page carries the store's name, the report's title, the list's filters, when it
 * was made and its page number, then the column headings again.
 */
export function pdfWriter(file: string, columns: readonly ExportColumn[], heading: ReportHeading, context: ExportContext): ReportWriter {
  const report = openReportFile(file)
  const { out, failed } = report
  const format = storeFormat(heading.locale)
  const doc = new PDFDocument({
    size: 'A4',
    layout: 'landscape',
    margin: MARGIN,
    autoFirstPage: false,
    info: { Title: `${heading.title} — ${heading.storeName}`, Author: heading.storeName, Subject: heading.filters },
  })
  doc.pipe(out)
  const index = new Map(columns.map((c, i) => [c.key, i]))
  let page = 0
  let y = 0
  let stripe = false

  const glyphs = exportGlyphs(doc)
  const weightOf = (bold: boolean): Weight => (bold ? 'bold' : 'regular')

  // pdfkit's text() lays out every call (about a quarter of a millisecond each, and shaping
  // with DejaVu's kerning tables costs more): a million rows would take hours. Each line is
  // instead one text object written straight into the page, each piece placed and cut to its
  // room, in the glyphs of pdf-glyphs.ts.
  const widthOf = (shown: readonly Glyph[], size: number) => {
    let sum = 0
    for (const glyph of shown) sum += glyph.width
    return (sum * size) / 1000
  }
  /** As much of the text as fits the room, with "…" when cut. */
  const fit = (text: string, room: number, bold: boolean, size: number): { shown: Glyph[]; width: number } => {
    const all = glyphs.of(text, weightOf(bold))
    const full = widthOf(all, size)
    if (full <= room) return { shown: all, width: full }
    const ellipsis = glyphs.ellipsis(weightOf(bold))
    let width = 0
    const shown: Glyph[] = []
    for (const glyph of all) {
      const w = (glyph.width * size) / 1000
      if (width + w + (ellipsis.width * size) / 1000 > room) break
      width += w
      shown.push(glyph)
    }
    shown.push(ellipsis)
    return { shown, width: width + (ellipsis.width * size) / 1000 }
  }

  /** Writes one line of text whose top is at `top` (from the page's top), on DejaVu's baseline in whichever fonts its glyphs are. */
  const line = (pieces: Placed[], top: number, size: number, bold: boolean) => {
    const body = glyphs.body(weightOf(bold))
    const current = doc.page as unknown as { fonts: Record<string, unknown>; height: number }
    const select = (font: EmbeddedFont) => {
      current.fonts[font.id] ??= font.ref()
      return `/${font.id} ${size} Tf`
    }
    const baseline = current.height - top - (body.ascender / 1000) * size
    const ops = [`q 1 0 0 -1 0 ${current.height} cm BT ${select(body)}`]
    let font = body
    for (const piece of pieces) {
      const { shown, width } = fit(piece.text, piece.room ?? PAGE.width - MARGIN - piece.x, bold, size)
      if (shown.length === 0) continue
      const at = piece.align === 'right' ? piece.x - width : piece.x
      ops.push(`1 0 0 1 ${at.toFixed(2)} ${baseline.toFixed(2)} Tm`)
      // A Tj moves on by its glyphs' widths: the next one, in another font, follows it.
      let hex = ''
      for (const glyph of shown) {
        if (glyph.font !== font) {
          if (hex) ops.push(`<${hex}> Tj`)
          hex = ''
          ops.push(select((font = glyph.font)))
        }
        hex += glyph.hex
      }
      ops.push(`<${hex}> Tj`)
    }
    ops.push('ET Q')
    doc.addContent(ops.join('\n'))
  }

  const row = (texts: string[], bold: boolean) => {
    if (stripe && !bold) doc.rect(MARGIN, y, PAGE.width - 2 * MARGIN, ROW_HEIGHT).fill('#f1f3f5').fillColor('black')
    let x = MARGIN
    const pieces = PDF_COLUMNS.map((column, i): Placed => {
      const piece: Placed = column.align === 'right' ? { text: texts[i], x: x + column.width - 2, align: 'right', room: column.width - 4 } : { text: texts[i], x: x + 2, room: column.width - 4 }
      x += column.width
      return piece
    })
    line(pieces, y + 3, FONT_SIZE, bold)
    y += ROW_HEIGHT
  }

  const newPage = () => {
    doc.addPage()
    page += 1
    line([{ text: heading.storeName, x: MARGIN, room: PAGE.width - 2 * MARGIN - 80 }], MARGIN, 14, true)
    line([{ text: `Page ${page}`, x: PAGE.width - MARGIN, align: 'right', room: 80 }], MARGIN + 4, 9, false)
    line([{ text: heading.title, x: MARGIN }], MARGIN + 20, 11, true)
    line([{ text: `${heading.filters} · Made ${heading.madeAt}`, x: MARGIN }], MARGIN + 36, 9, false)
    y = HEADING_BOTTOM - ROW_HEIGHT - 4
    stripe = false
    row(PDF_COLUMNS.map((c) => c.label), true)
    doc.moveTo(MARGIN, y).lineTo(PAGE.width - MARGIN, y).lineWidth(0.5).stroke()
  }

  return {
    async write(rows) {
      // A file that failed (a full disk) is destroyed and never asks for a drain again.
      report.throwIfFailed()
      for (const stored of rows) {
        const values = columns.map((column) => column.value(stored, context))
        if (page === 0 || y + ROW_HEIGHT > PAGE.height - MARGIN) newPage()
        const byKey: Values = { get: (key) => values[index.get(key) ?? -1] ?? null }
        row(
          PDF_COLUMNS.map((c) => c.text(byKey, format)),
          false,
        )
        stripe = !stripe
      }
      if (out.writableNeedDrain) await Promise.race([once(out, 'drain'), failed])
    },
    async finish() {
      if (page === 0) {
        newPage()
        line([{ text: 'No customers match these filters.', x: MARGIN + 2 }], y + 6, FONT_SIZE, false)
      }
      doc.end()
      await report.closed()
    },
    async abort() {
      doc.unpipe(out)
      await report.destroy()
    },
  }
}
