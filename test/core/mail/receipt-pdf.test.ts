import { afterEach, describe, expect, it } from 'vitest'
import { receiptDocument, type ReceiptDocument } from '../../../electron/core/mail/receipt-document'
import { receiptPdf } from '../../../electron/core/mail/receipt-pdf'
import { fontRuns } from '../../../electron/core/pdf/font-runs'
import type { TestCore } from '../../support/core'
import { startMailCore } from '../../support/mail'
import { pdfPages } from '../../support/pdf-text'

let core: TestCore | undefined
afterEach(async () => {
  await core?.cleanup()
  core = undefined
})

describe('the receipt PDF', () => {
  it('prints names and items in Polish, Greek, Cyrillic and Chinese as typed', async () => {
    core = await startMailCore()
    const [store] = await core.ok('stores:list', {})
    const customer = await core.ok('customers:create', { firstName: 'Łukasz', lastName: 'Żółć', email: 'l@example.com', storeIds: [store!.id] })
    const receipt = await core.ok('sales:create', {
      customerId: customer.id,
      items: [{ name: 'Αλέξης кофе 咖啡', quantity: 1, unitPriceMinor: 500, taxRateId: null }],
      payments: [{ method: 'cash', amountMinor: 500 }],
    })

    const [page] = pdfPages(await receiptPdf(receiptDocument(receipt, 'America/New_York'), new Date()))
    expect(page).toContain('Łukasz Żółć')
    // DejaVu Sans has no Chinese: the two characters come from Noto Sans, in the same line.
    expect(page.join('')).toContain('Αλέξης кофе 咖啡')
    expect(page).toContain(`Receipt ${receipt.number}`)
  })

  it('says what a void gives back: the cash less the change the customer kept, not the cash handed over', async () => {
    core = await startMailCore()
    // $15.00 paid with $5.00 by card and a $20 note: $10.00 change.
    const sale = await core.ok('sales:create', {
      customerId: null,
      items: [{ name: 'Scarf', quantity: 1, unitPriceMinor: 1500, taxRateId: null }],
      payments: [
        { method: 'card', amountMinor: 500 },
        { method: 'cash', amountMinor: 2000 },
      ],
    })
    expect(receiptDocument(sale, 'America/New_York')).toMatchObject({
      payments: [['Card', '$5.00'], ['Cash', '$20.00']],
      paymentTotals: [['Paid', '$25.00'], ['Change', '$10.00']],
    })
    const { reversal } = await core.ok('sales:void', { receiptId: sale.id, reason: 'Changed her mind' })
    expect(reversal.changeMinor).toBe(-1000) // stored (and synced) as the sale's, negated
    const document = receiptDocument(reversal, 'America/New_York')
    expect(document.payments).toEqual([['Card', '-$5.00'], ['Cash', '-$10.00']])
    expect(document.paymentTotals).toEqual([['Refund', '-$15.00']])
    expect(pdfPages(await receiptPdf(document, new Date()))[0]).toContain('Refund')
  })

  it('runs a long receipt over pages, each item with its amount and its detail line on the same page', async () => {
    const order = Array.from({ length: 60 }, (_, i) => ({ name: `Item ${i + 1}`, detail: `${i + 1} × $1.00`, amount: `$${i + 1}.00` }))
    const document: ReceiptDocument = {
      title: 'Receipt R-0060',
      storeName: 'Corner Shop',
      storeAddress: [],
      receiptSummary: [['Customer', 'Walk-in']],
      order,
      orderTotals: [['Total', '$1,830.00']],
      taxes: [],
      payments: [['Cash', '$1,830.00']],
      paymentTotals: [['Paid', '$1,830.00'], ['Change', '$0.00']],
    }
    const pages = pdfPages(await receiptPdf(document, new Date()))
    expect(pages.length).toBeGreaterThan(1)
    for (const item of order) {
      const page = pages.find((lines) => lines.includes(item.name))
      expect(page, item.name).toBeDefined()
      expect(page, `${item.name}'s amount`).toContain(item.amount)
      expect(page, `${item.name}'s detail`).toContain(item.detail)
    }
    // The section titles are never left alone at the foot of a page.
    for (const lines of pages) expect(['Order summary', 'Tax summary', 'Payment summary']).not.toContain(lines.at(-1))
  })

  it('prints Japanese, Chinese and Korean names as typed beside Latin ones, and only a character no font has as "?"', async () => {
    const document: ReceiptDocument = {
      title: 'Receipt R-0042',
      storeName: '山田商店 Tokyo',
      storeAddress: ['東京都千代田区 1-1', '서울특별시 중구'],
      receiptSummary: [
        ['Customer', '山田 太郎'],
        ['Cashier', '김민준'],
      ],
      order: [
        { name: '王小明的绿茶', detail: '1 × $5.00', amount: '$5.00' },
        { name: 'Łukasz Żółć gift card 🧡', detail: '1 × $20.00', amount: '$20.00' },
      ],
      orderTotals: [['Total', '$25.00']],
      taxes: [],
      payments: [['Cash (김민준 · 山田)', '$25.00']],
      paymentTotals: [['Change', '$0.00']],
    }
    const [page] = pdfPages(await receiptPdf(document, new Date()))
    // A line in two alphabets is written in runs of one font each: read as one text.
    const text = page.join('')
    for (const shown of ['山田商店 Tokyo', '東京都千代田区 1-1', '서울특별시 중구', 'Customer山田 太郎', 'Cashier김민준', '王小明的绿茶', 'Cash (김민준 · 山田)$25.00']) {
      expect(text).toContain(shown)
    }
    // No font has the emoji (DejaVu lacks it, Noto Sans CJK too): "?" rather than an empty box.
    expect(page).toContain('Łukasz Żółć gift card ?')
  })
})

describe('the PDF font runs', () => {
  it('writes a space the font lacks (an ideographic space between Latin words) as a plain space, and keeps line breaks', () => {
    expect(fontRuns('Ana\u3000Lopez', 'regular').map((run) => run.text)).toEqual(['Ana Lopez'])
    expect(fontRuns('Ana\nLopez', 'regular').map((run) => run.text)).toEqual(['Ana\nLopez'])
    // Between CJK characters too, where the file that had the character before it lacks it.
    expect(fontRuns('山田\u3000太郎', 'regular').map((run) => run.text).join('')).toBe('山田 太郎')
  })
})
