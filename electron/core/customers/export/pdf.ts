import { createWriteStream } from 'node:fs'
import { once } from 'node:events'
import PDFDocument from 'pdfkit'
import type { CellValue, ExportColumn } from './columns'
import { storeFormat, type StoreFormat } from './store-format'
import type { ReportHeading, ReportWriter } from './writer'

const MARGIN = 36
/** A4 landscape. */
const PAGE = { width: 841.89, height: 595.28 }
const FONT_SIZE = 8
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
 * The standard PDF fonts cover Windows-1252 only; a character outside it would print as a
 * wrong glyph, so it shows as "?" (the CSV and workbook keep every character).
 */
const WIN_ANSI_EXTRA = '€‚ƒ„…†‡ˆ‰Š‹ŒŽ‘’“”•–—˜™š›œžŸ'
const WIN_ANSI_BYTES = [0x80, 0x82, 0x83, 0x84, 0x85, 0x86, 0x87, 0x88, 0x89, 0x8a, 0x8b, 0x8c, 0x8e, 0x91, 0x92, 0x93, 0x94, 0x95, 0x96, 0x97, 0x98, 0x99, 0x9a, 0x9b, 0x9c, 0x9e, 0x9f]
/** Windows-1252 bytes of printable text, as a PDF hex string's digits. */
function winAnsiHex(text: string): string {
  let hex = ''
  for (const c of text) {
    const extra = WIN_ANSI_EXTRA.indexOf(c)
    const byte = extra >= 0 ? WIN_ANSI_BYTES[extra] : c.charCodeAt(0)
    hex += byte.toString(16).padStart(2, '0')
  }
  return hex
}

function printable(text: string): string {
  return text.replace(/[^\x20-\x7e\xa0-\xff]/g, (c) => (WIN_ANSI_EXTRA.includes(c) ? c : c === '\n' || c === '\r' || c === '\t' ? ' ' : '?'))
}

/**
 * A paginated table (A4 landscape) streamed with pdfkit: each page is written out when it is
 * full. Every page carries the store's name, the report's title, the list's filters, when it
 * was made and its page number, then the column headings again.
 */
export function pdfWriter(file: string, columns: readonly ExportColumn[], heading: ReportHeading): ReportWriter {
  const out = createWriteStream(file, { flags: 'wx' })
  const failed = once(out, 'error')
  failed.catch(() => {})
  // Reported through `failed`; a write after an abort must not become an uncaught error.
  out.on('error', () => {})
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

  // pdfkit's text() lays out every call (about a quarter of a millisecond each): a million rows
  // would take hours. A row is instead one text object written straight into the page, each
  // cell placed and cut to its column with the font's own character widths, measured once.
  type Font = { id: string; ascender: number; ref(): unknown }
  const fontOf = (bold: boolean): Font => (doc.font(bold ? 'Helvetica-Bold' : 'Helvetica').fontSize(FONT_SIZE) as unknown as { _font: Font })._font
  const widths = new Map<string, number>()
  const widthOf = (text: string, bold: boolean) => {
    let sum = 0
    for (const c of text) {
      const key = bold ? `b${c}` : c
      let w = widths.get(key)
      if (w === undefined) {
        fontOf(bold)
        widths.set(key, (w = doc.widthOfString(c)))
      }
      sum += w
    }
    return sum
  }
  /** As much of the text as fits the column, with "…" when cut. */
  const fit = (text: string, room: number, bold: boolean): { shown: string; width: number } => {
    const full = widthOf(text, bold)
    if (full <= room) return { shown: text, width: full }
    const ellipsis = widthOf('…', bold)
    let width = 0
    let shown = ''
    for (const c of text) {
      const w = widthOf(c, bold)
      if (width + w + ellipsis > room) break
      width += w
      shown += c
    }
    return { shown: `${shown}…`, width: width + ellipsis }
  }

  const row = (texts: string[], bold: boolean) => {
    if (stripe && !bold) doc.rect(MARGIN, y, PAGE.width - 2 * MARGIN, ROW_HEIGHT).fill('#f1f3f5').fillColor('black')
    const font = fontOf(bold)
    const page = doc.page as unknown as { fonts: Record<string, unknown>; height: number }
    page.fonts[font.id] ??= font.ref()
    const baseline = page.height - (y + 3) - (font.ascender / 1000) * FONT_SIZE
    const ops = [`q 1 0 0 -1 0 ${page.height} cm BT /${font.id} ${FONT_SIZE} Tf`]
    let x = MARGIN
    PDF_COLUMNS.forEach((column, i) => {
      const { shown, width } = fit(printable(texts[i]), column.width - 4, bold)
      if (shown !== '') {
        const at = column.align === 'right' ? x + column.width - 2 - width : x + 2
        ops.push(`1 0 0 1 ${at.toFixed(2)} ${baseline.toFixed(2)} Tm <${winAnsiHex(shown)}> Tj`)
      }
      x += column.width
    })
    ops.push('ET Q')
    doc.addContent(ops.join('\n'))
    y += ROW_HEIGHT
  }

  const newPage = () => {
    doc.addPage()
    page += 1
    doc.font('Helvetica-Bold').fontSize(14).text(printable(heading.storeName), MARGIN, MARGIN, { lineBreak: false })
    doc.font('Helvetica').fontSize(9).text(`Page ${page}`, MARGIN, MARGIN + 4, { width: PAGE.width - 2 * MARGIN, align: 'right', lineBreak: false })
    doc.font('Helvetica-Bold').fontSize(11).text(printable(heading.title), MARGIN, MARGIN + 20, { lineBreak: false })
    doc.font('Helvetica').fontSize(9).text(printable(`${heading.filters} · Made ${heading.madeAt}`), MARGIN, MARGIN + 36, { lineBreak: false })
    y = HEADING_BOTTOM - ROW_HEIGHT - 4
    stripe = false
    row(PDF_COLUMNS.map((c) => c.label), true)
    doc.moveTo(MARGIN, y).lineTo(PAGE.width - MARGIN, y).lineWidth(0.5).stroke()
  }

  return {
    async write(rows) {
      for (const values of rows) {
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
        doc.font('Helvetica').fontSize(FONT_SIZE).text('No customers match these filters.', MARGIN + 2, y + 6, { lineBreak: false })
      }
      doc.end()
      await Promise.race([once(out, 'finish'), failed])
    },
    async abort() {
      doc.unpipe(out)
      out.destroy()
      if (!out.closed) await once(out, 'close').catch(() => {})
    },
  }
}
