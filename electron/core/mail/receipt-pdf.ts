import PDFDocument from 'pdfkit'
import { writeText } from '../pdf/font-runs'
import { registerUnicodeFonts, UNICODE_FONTS, type Weight } from '../pdf/unicode-font'
import type { Line, ReceiptDocument } from './receipt-document'

const PAGE = { size: 'A4', margin: 50 } as const
const WIDTH = 595.28 - 2 * PAGE.margin

/**
 * The receipt as a one-page PDF (A4), attached to the email so the customer can keep or print
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

  const row = (label: string, value: string, bold = false) => {
    const y = pdf.y
    font(bold, 10)
    typed(label, { x: PAGE.margin, y }, { width: WIDTH * 0.7 })
    const after = pdf.y
    typed(value, { x: PAGE.margin, y }, { width: WIDTH, align: 'right' })
    pdf.y = Math.max(after, pdf.y) + 2
  }
  const section = (title: string) => {
    pdf.moveDown(0.8)
    font(true, 12).text(title, PAGE.margin, pdf.y).moveDown(0.3)
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
    row(item.name, item.amount)
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
