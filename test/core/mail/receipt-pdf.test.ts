import { afterEach, describe, expect, it } from 'vitest'
import { receiptDocument } from '../../../electron/core/mail/receipt-document'
import { receiptPdf } from '../../../electron/core/mail/receipt-pdf'
import type { TestCore } from '../../support/core'
import { startMailCore } from '../../support/mail'
import { pdfPages } from '../../support/pdf-text'

let core: TestCore | undefined
afterEach(async () => {
  await core?.cleanup()
  core = undefined
})

describe('the receipt PDF', () => {
  it('prints names and items in Polish, Greek and Cyrillic as typed, and a character its font lacks as "?"', async () => {
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
    // DejaVu Sans has no Chinese: "?" as in the customer export, not an empty box.
    expect(page).toContain('Αλέξης кофе ??')
    expect(page).toContain(`Receipt ${receipt.number}`)
  })
})
