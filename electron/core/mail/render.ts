import type { Line, ReceiptDocument } from './receipt-document'

const ESCAPES: Record<string, string> = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' }
const esc = (text: string) => text.replace(/[&<>"']/g, (c) => ESCAPES[c])

const CELL = 'padding:4px 8px;border-bottom:1px solid #e5e7eb;'
const NUM = `${CELL}text-align:right;white-space:nowrap;`

function heading(title: string): string {
  return `<h2 style="font-size:16px;margin:20px 0 6px;">${esc(title)}</h2>`
}

function lineRows(lines: Line[], strongLast = false): string {
  return lines
    .map(([label, value], i) => {
      const weight = strongLast && i === lines.length - 1 ? 'font-weight:bold;' : ''
      return `<tr><th scope="row" style="${CELL}text-align:left;font-weight:normal;${weight}">${esc(label)}</th><td style="${NUM}${weight}">${esc(value)}</td></tr>`
    })
    .join('')
}

const table = (body: string) => `<table role="presentation" style="border-collapse:collapse;width:100%;max-width:560px;">${body}</table>`

/** The receipt as an email's HTML part: inline styles only (mail readers drop style sheets). */
export function receiptHtml(doc: ReceiptDocument, intro: string): string {
  const order = doc.order
    .map((item) => `<tr><td style="${CELL}">${esc(item.name)}<br><span style="color:#6b7280;font-size:13px;">${esc(item.detail)}</span></td><td style="${NUM}">${esc(item.amount)}</td></tr>`)
    .join('')
  const taxes = doc.taxes.length
    ? doc.taxes.map((t) => `<tr><td style="${CELL}">${esc(t.name)}</td><td style="${NUM}">${esc(t.taxable)}</td><td style="${NUM}">${esc(t.tax)}</td></tr>`).join('')
    : `<tr><td style="${CELL}" colspan="3">No tax on this receipt</td></tr>`
  return [
    '<!doctype html><html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width">',
    `<title>${esc(doc.title)}</title></head>`,
    '<body style="font-family:Arial,Helvetica,sans-serif;color:#111827;margin:0;padding:16px;">',
    `<h1 style="font-size:20px;margin:0 0 4px;">${esc(doc.storeName)}</h1>`,
    doc.storeAddress.map((line) => `<div style="color:#4b5563;">${esc(line)}</div>`).join(''),
    `<p style="margin:16px 0;">${esc(intro)}</p>`,
    heading('Receipt summary'),
    table(lineRows(doc.receiptSummary)),
    heading('Order summary'),
    table(order + lineRows(doc.orderTotals, true)),
    heading('Tax summary'),
    table(`<tr><th style="${CELL}text-align:left;">Rate</th><th style="${NUM}">Taxable</th><th style="${NUM}">Tax</th></tr>${taxes}`),
    heading('Payment summary'),
    table(lineRows(doc.payments) + lineRows(doc.paymentTotals)),
    '</body></html>',
  ].join('\n')
}

const pad = (label: string, value: string, width = 44) => `${label}${' '.repeat(Math.max(2, width - label.length - value.length))}${value}`

/** The receipt as the plain-text part, for readers that show no HTML. */
export function receiptText(doc: ReceiptDocument, intro: string): string {
  const section = (title: string, lines: string[]) => [``, title.toUpperCase(), ...lines]
  return [
    doc.storeName,
    ...doc.storeAddress,
    '',
    intro,
    ...section('Receipt summary', doc.receiptSummary.map(([l, v]) => pad(l, v))),
    ...section('Order summary', [...doc.order.flatMap((item) => [pad(item.name, item.amount), `  ${item.detail}`]), ...doc.orderTotals.map(([l, v]) => pad(l, v))]),
    ...section('Tax summary', doc.taxes.length ? doc.taxes.map((t) => pad(`${t.name} on ${t.taxable}`, t.tax)) : ['No tax on this receipt']),
    ...section('Payment summary', [...doc.payments, ...doc.paymentTotals].map(([l, v]) => pad(l, v))),
    '',
  ].join('\n')
}
