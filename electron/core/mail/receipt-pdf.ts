import PDFDocument from 'pdfkit'
import { writeText } from '../pdf/font-runs'
import { registerUnicodeFonts, UNICODE_FONTS, type Weight } from '../pdf/unicode-font'
import type { Line, ReceiptDocument } from './receipt-document'

const PAGE = { size: 'A4', margin: 50 } as const
const WIDTH = 595.28 - 2 * PAGE.margin

/**
 * The receipt as a PDF (A4; a long one runs over pages), attached to the email so the customer can keep or print
 * it. Built from the same document as the email's bodies. Its font is the export's DejaVu Sans
 * (pdf/unicode-font.ts), embedded: pdfkit's built-in Helvetica covers Windows-1252 only, and
 * printed "Łukasz Żółć", Greek or Cyrillic names and items as garbage. Chinese, Japanese and
 * Korean ("山田 太郎", "김민준") come from Noto Sans, in runs within the line (pdf/font-runs.ts).
 */
export function receiptPdf(doc: ReceiptDocument, createdAt: Date): Promise<Buffer> {
  const pdf = new PDFDocument({ ...PAGE, info: { Title: doc.title, Author: doc.storeName, CreationDate: createdAt } })
  registerUnicodeFonts(pdf)
  let weight: Weight = 'regular'
  const font = (bold: boolean, size: number) => {
    weight = bold ? 'bold' : 'regular'
    return pdf.font(UNICODE_FONTS[weight]).fontSize(size)
  }
  /** A text the store or customer typed, in whichever fonts its characters need. */
  const typed = (text: string, at?: { x: number; y: number }, options?: PDFKit.Mixins.TextOptions) => writeText(pdf, text, weight, at, options)
  const chunks: Buffer[] = []
  const done = new Promise<Buffer>((resolve, reject) => {
    pdf.on('data', (chunk: Buffer) => chunks.push(chunk))
    pdf.on('end', () => resolve(Buffer.concat(chunks)))
    pdf.on('error', reject)
  })

  /**
   * A new page unless `height` more fits on this one. A row's label and amount are written at one
   * height: left to pdfkit, a label reaching the foot went on to the next page and its amount was
   * written at the old height there, apart from it. So a row, an item with its detail line, and a
   * section's title with its first row, go over together.
   */
  const room = (height: number) => {
    if (pdf.y + height > pdf.page.height - pdf.page.margins.bottom) pdf.addPage()
  }
  const row = (label: string, value: string, bold = false, keepWith = 0) => {
    font(bold, 10)
    room(pdf.heightOfString(label || ' ', { width: WIDTH * 0.7 }) + 2 + keepWith)
    const y = pdf.y
    typed(label, { x: PAGE.margin, y }, { width: WIDTH * 0.7 })
    const after = pdf.y
    typed(value, { x: PAGE.margin, y }, { width: WIDTH, align: 'right' })
    pdf.y = Math.max(after, pdf.y) + 2
  }
  const section = (title: string) => {
    pdf.moveDown(0.8)
    font(true, 12)
    // The title, and room for a first row under it.
    room(pdf.currentLineHeight(true) * 1.3 + 30)
    pdf.text(title, PAGE.margin, pdf.y).moveDown(0.3)
  }
  const rows = (lines: Line[], boldLast = false) => lines.forEach(([l, v], i) => row(l, v, boldLast && i === lines.length - 1))

  font(true, 16)
  typed(doc.storeName)
  font(false, 10)
  for (const line of doc.storeAddress) typed(line)
  pdf.moveDown(0.5)
  font(true, 14)
  typed(doc.title)

  section('Receipt summary')
  rows(doc.receiptSummary)
  section('Order summary')
  for (const item of doc.order) {
    font(false, 9)
    row(item.name, item.amount, false, pdf.heightOfString(item.detail, { width: WIDTH - 10 }) + pdf.currentLineHeight() * 0.2)
    font(false, 9).fillColor('#555555')
    typed(item.detail, { x: PAGE.margin + 10, y: pdf.y })
    pdf.fillColor('black').moveDown(0.2)
  }
  rows(doc.orderTotals, true)
  section('Tax summary')
  if (doc.taxes.length === 0) row('No tax on this receipt', '')
  for (const tax of doc.taxes) row(`${tax.name} on ${tax.taxable}`, tax.tax)
  section('Payment summary')
  rows([...doc.payments, ...doc.paymentTotals])

  pdf.end()
  return done
}
