import PDFDocument from 'pdfkit'
import { printable, registerUnicodeFonts, UNICODE_FONTS } from '../pdf/unicode-font'
import type { Line, ReceiptDocument } from './receipt-document'

const PAGE = { size: 'A4', margin: 50 } as const
const WIDTH = 595.28 - 2 * PAGE.margin

/**
 * The receipt as a one-page PDF (A4), attached to the email so the customer can keep or print
 * it. Built from the same document as the email's bodies. Its font is the export's DejaVu Sans
 * (pdf/unicode-font.ts), embedded: pdfkit's built-in Helvetica covers Windows-1252 only, and
 * printed "Łukasz Żółć", Greek or Cyrillic names and items as garbage.
 */
export function receiptPdf(doc: ReceiptDocument, createdAt: Date): Promise<Buffer> {
  const pdf = new PDFDocument({ ...PAGE, info: { Title: doc.title, Author: doc.storeName, CreationDate: createdAt } })
  registerUnicodeFonts(pdf)
  const font = (bold: boolean, size: number) => pdf.font(bold ? UNICODE_FONTS.bold : UNICODE_FONTS.regular).fontSize(size)
  const chunks: Buffer[] = []
  const done = new Promise<Buffer>((resolve, reject) => {
    pdf.on('data', (chunk: Buffer) => chunks.push(chunk))
    pdf.on('end', () => resolve(Buffer.concat(chunks)))
    pdf.on('error', reject)
  })

  const row = (label: string, value: string, bold = false) => {
    const y = pdf.y
    font(bold, 10)
    pdf.text(printable(pdf, label), PAGE.margin, y, { width: WIDTH * 0.7 })
    const after = pdf.y
    pdf.text(printable(pdf, value), PAGE.margin, y, { width: WIDTH, align: 'right' })
    pdf.y = Math.max(after, pdf.y) + 2
  }
  const section = (title: string) => {
    pdf.moveDown(0.8)
    font(true, 12).text(title, PAGE.margin, pdf.y).moveDown(0.3)
  }
  const rows = (lines: Line[], boldLast = false) => lines.forEach(([l, v], i) => row(l, v, boldLast && i === lines.length - 1))

  font(true, 16).text(printable(pdf, doc.storeName))
  font(false, 10)
  for (const line of doc.storeAddress) pdf.text(printable(pdf, line))
  pdf.moveDown(0.5)
  font(true, 14).text(printable(pdf, doc.title))

  section('Receipt summary')
  rows(doc.receiptSummary)
  section('Order summary')
  for (const item of doc.order) {
    row(item.name, item.amount)
    font(false, 9).fillColor('#555555').text(printable(pdf, item.detail), PAGE.margin + 10, pdf.y).fillColor('black').moveDown(0.2)
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
