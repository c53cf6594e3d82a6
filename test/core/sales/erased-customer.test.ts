import { afterEach, describe, expect, it } from 'vitest'
import { startSetUpCore, type TestCore } from '../../support/core'
import { simpleSale } from '../../support/sales'
import { addShopper } from '../../support/shoppers'

let core: TestCore | undefined
afterEach(async () => {
  await core?.cleanup()
  core = undefined
})

/**
 * An erased customer's receipts stay in the store's books with no name on them: every answer
 * that shows such a receipt says "Erased customer" (not a blank name), and their metrics page
 * is gone as their totals are (review of the sales work, item 4).
 */
describe("an erased customer's receipts", () => {
  it('say "Erased customer" wherever they are shown, and the metrics page answers NOT_FOUND like the totals', async () => {
    core = await startSetUpCore()
    const ada = await addShopper(core)
    const sale = await core.ok('sales:create', simpleSale(ada.id, 2500))
    const kept = await core.ok('sales:create', simpleSale(ada.id, 1000))
    expect(sale.customer).toEqual({ id: ada.id, name: ada.name, flagged: false, flagReason: null, erased: false })
    await core.ok('customers:erase', { id: ada.id })

    const erased = { id: ada.id, name: 'Erased customer', flagged: false, flagReason: null, erased: true }
    expect((await core.ok('receipts:get', { id: sale.id })).customer).toEqual(erased)
    const [row] = (await core.ok('receipts:search', { number: sale.number })).rows
    expect(row!.customer).toEqual({ id: ada.id, name: 'Erased customer', flagged: false, flagReason: null })
    const { original, reversal } = await core.ok('sales:void', { receiptId: kept.id, reason: 'Returned' })
    expect(original.customer).toEqual(erased)
    expect(reversal.customer).toEqual(erased)

    const notFound = { ok: false, error: { code: 'NOT_FOUND', message: 'Customer was not found' } }
    expect(await core.call('metrics:customerTotals', { customerId: ada.id })).toMatchObject(notFound)
    expect(await core.call('metrics:customer', { customerId: ada.id, period: 'thisYear' })).toMatchObject(notFound)
  })
})
