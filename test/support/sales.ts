import type { CommandInput } from '../../electron/contract'
import type { TestCore } from './core'

export type SaleInput = CommandInput<'sales:create'>

/** The store's tax rate, created through taxRates:save by the owner. */
/** The store's active rate of that name and percent: made if it has none (two active rates may not share a name). */
export async function addTaxRate(core: TestCore, name = 'State tax', ratePercent = 8.875) {
  const same = (await core.ok('taxRates:list', {})).find((rate) => rate.active && rate.name === name && rate.ratePercent === ratePercent)
  return same ?? core.ok('taxRates:save', { id: null, name, ratePercent, active: true })
}

/** A sale of one untaxed item, paid exactly by card: the simplest thing to ring up. */
export function simpleSale(customerId: string | null, unitPriceMinor = 1000, quantity = 1): SaleInput {
  return {
    customerId,
    items: [{ name: 'Notebook', quantity, unitPriceMinor, taxRateId: null }],
    payments: [{ method: 'card', amountMinor: unitPriceMinor * quantity }],
  }
}

/** Row counts of every table a sale writes, to prove a refused sale wrote nothing. */
export async function salesRowCounts(core: TestCore) {
  const counts: Record<string, number> = {}
  for (const table of ['receipts', 'receipt_items', 'receipt_payments', 'loyalty_ledger', 'change_log']) {
    const row = await core.services.db(table).count<{ n: number }[]>({ n: '*' }).first()
    counts[table] = Number(row?.n ?? 0)
  }
  return counts
}
