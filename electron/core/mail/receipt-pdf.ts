import PDFDocument from 'pdfkit'
import type { Line, ReceiptDocument } from './receipt-document'

const PAGE = { size: 'A4', margin: 50 } as const
const WIDTH = 595.28 - 2 * PAGE.margin

/**
 * The receipt as a one-page PDF (A4) with pdfkit's built-in Helvetica, attached to the email so
 * the customer can keep or print it. Built from the same document as the email's bodies.
 */
export function receiptPdf(doc: ReceiptDocument, createdAt: Date): Promise<Buffer> {
  const pdf = new PDFDocument({ ...PAGE, info: { Title: doc.title, Author: doc.storeName, CreationDate: createdAt } })
  const chunks: Buffer[] = []
  const done = new Promise<Buffer>((resolve, reject) => {
    pdf.on('data', (chunk: Buffer) => chunks.push(chunk))
    pdf.on('end', () => resolve(Buffer.concat(chunks)))
    pdf.on('error', reject)
  })

  const row = (label: string, value: string, bold = false) => {
    const y = pdf.y
    pdf.font(bold ? 'Helvetica-Bold' : 'Helvetica').fontSize(10)
    pdf.text(label, PAGE.margin, y, { width: WIDTH * 0.7 })
    const after = pdf.y
    pdf.text(value, PAGE.margin, y, { width: WIDTH, align: 'right' })
    pdf.y = Math.max(after, pdf.y) + 2
  }
  const section = (title: string) => {
    pdf.moveDown(0.8).font('Helvetica-Bold').fontSize(12).text(title, PAGE.margin, pdf.y).moveDown(0.3)
  }
  const rows = (lines: Line[], boldLast = false) => lines.forEach(([l, v], i) => row(l, v, boldLast && i === lines.length - 1))

  pdf.font('Helvetica-Bold').fontSize(16).text(doc.storeName)
  pdf.font('Helvetica').fontSize(10)
  for (const line of doc.storeAddress) pdf.text(line)
  pdf.moveDown(0.5).font('Helvetica-Bold').fontSize(14).text(doc.title)

  section('Receipt summary')
  rows(doc.receiptSummary)
  section('Order summary')
  for (const item of doc.order) {
    row(item.name, item.amount)
    pdf.font('Helvetica').fontSize(9).fillColor('#555555').text(item.detail, PAGE.margin + 10, pdf.y).fillColor('black').moveDown(0.2)
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
