import { requireStoreId, transact, type CommandContext } from '../context'
import type { Writer } from '../db/changelog'
import { AppError } from '../errors'
import { insertFeedback } from '../feedback/repo'
import { newId } from '../ids'
import { findCustomerAccount } from '../loyalty/accounts'
import { postPoints } from '../loyalty/points'
import { computeSaleTotals, type TaxRateSnapshot } from '../../contract/money/sale-totals'
import { loadStoreTerms, type StoreTerms } from '../stores/terms'
import { insertTaxRate, listTaxRates, toSnapshot } from '../tax-rates/repo'
import { localDateOf } from '../time/local-dates'
import { writeSale, writeVoid } from '../sales/write'
import { loadReceipt } from '../sales/repo'
import { PRODUCTS } from './catalogue'
import { createDemoCustomers } from './customers'
import { demoPayments, planDemo, type DemoEvent } from './plan'

/** The store's first active tax rate, or a typical sales tax when it has none yet. */
async function demoTaxRate(w: Writer, storeId: string): Promise<TaxRateSnapshot> {
  const active = (await listTaxRates(w.trx, storeId)).find((rate) => rate.active)
  if (active) return toSnapshot(active)
  const row = { id: newId(), store_id: storeId, name: 'Sales tax', rate_millipercent: 8875, active: true, created_at: w.at, updated_at: w.at }
  await insertTaxRate(w, row)
  return toSnapshot(row)
}

function saleInput(event: Extract<DemoEvent, { type: 'sale' }>, customerId: string, tax: TaxRateSnapshot) {
  const priced = event.items.map(({ product, quantity }) => ({
    name: PRODUCTS[product].name,
    quantity,
    unitPriceMinor: PRODUCTS[product].priceMinor,
    tax: PRODUCTS[product].taxed ? tax : null,
  }))
  const { totalMinor } = computeSaleTotals(priced)
  return {
    customerId,
    items: priced.map((item) => ({ name: item.name, quantity: item.quantity, unitPriceMinor: item.unitPriceMinor, taxRateId: item.tax?.id ?? null })),
    payments: demoPayments(totalMinor, event.paidBy).map((payment) => ({ ...payment, reference: '', points: null })),
    expectedTotalMinor: totalMinor,
  }
}

/**
 * Fills an empty store with a year of demo customers, sales (a few voided), points and
 * feedback, in one transaction, through the same writes the desk uses: every receipt is
 * priced, taxed, numbered and earns points by the store's rules, and all of it is in the
 * change log. A store that already has customers or sales is refused, so real data is never mixed in.
 */
export async function fill(ctx: CommandContext) {
  const storeId = requireStoreId(ctx)
  const now = ctx.now()
  return transact(ctx, storeId, async (w) => {
    for (const table of ['customers', 'receipts', 'loyalty_ledger', 'feedback']) {
      if (await w.trx(table).first('id')) {
        throw new AppError('CONFLICT', 'Demo data can only fill an empty store: this one already has customers or sales')
      }
    }
    const terms: StoreTerms = await loadStoreTerms(w.trx, storeId)
    const tax = await demoTaxRate(w, storeId)
    const plan = planDemo(localDateOf(now, terms.timeZone), terms.timeZone)
    const customerIds = await createDemoCustomers(ctx, w, plan.customers)
    const saleIds = new Map<number, string>()
    const lastSale = new Map<number, string>()
    const counts = { customers: customerIds.length, receipts: 0, loyaltyEntries: 0, feedback: 0 }
    for (const event of plan.events.filter((e) => e.at <= now)) {
      const at: Writer = { ...w, at: event.at.toISOString() }
      const customerId = customerIds[event.customer]
      const account = (await findCustomerAccount(w.trx, customerId))!
      if (event.type === 'sale') {
        const sale = await writeSale(at, terms, account, saleInput(event, customerId, tax))
        counts.receipts += 1
        counts.loyaltyEntries += sale.receipt.loyalty_points > 0 ? 1 : 0
        saleIds.set(event.key, sale.receipt.id)
        lastSale.set(event.customer, sale.receipt.id)
      } else if (event.type === 'void') {
        const reversal = await writeVoid(at, terms, (await loadReceipt(w.trx, saleIds.get(event.saleKey)!))!, event.reason)
        counts.receipts += 1
        counts.loyaltyEntries += reversal.receipt.loyalty_points < 0 ? 1 : 0
      } else if (event.type === 'bonus') {
        await postPoints(at, account, { kind: 'adjustment', points: event.points, reason: event.reason, receipt_id: null, approver_id: null })
        counts.loyaltyEntries += 1
      } else {
        await insertFeedback(at, {
          id: newId(),
          store_id: storeId,
          customer_id: customerId,
          receipt_id: event.onLastSale ? (lastSale.get(event.customer) ?? null) : null,
          sentiment: event.sentiment,
          comment: event.comment || null,
          user_id: w.userId,
          created_at: at.at,
          local_date: localDateOf(event.at, terms.timeZone),
        })
        counts.feedback += 1
      }
    }
    return counts
  })
}
