import type { Envelope } from '../../../electron/contract'
import type { SyncStore } from './cluster'

/**
 * The convergence schedule's sale paid partly with the buyer's points (steps.ts runs it): as many
 * as they hold, up to 40, the rest in cash. The redeemed entry travels in the sale's unit; two
 * stores spending the same points offline take the balance below zero everywhere alike. Refused
 * when the buyer holds none. A customer holding points when there is one: most customers of a
 * schedule hold none, so `customer` (the step's pick) is only the fallback.
 */
export async function salePointsCommand(store: SyncStore, step: { pick: number; text: number }, customer: string | undefined): Promise<Envelope<unknown> | undefined> {
  const { pick, text } = step
  const storeId = store.core.services.localStoreId()!
  const holders: string[] = await store.core.services
    .db('customers')
    .where({ active: 1, loyalty_enrolled: 1 })
    .whereNull('erased_at')
    .where('loyalty_points', '>', 0)
    .orderBy('id')
    .pluck('id')
  const payer = holders.length ? holders[pick % holders.length] : customer
  if (!payer) return undefined
  const [buyer, shop] = await Promise.all([
    store.core.services.db('customers').where({ id: payer }).first('loyalty_points'),
    store.core.services.db('stores').where({ id: storeId }).first('loyalty_value_per_point_minor'),
  ])
  const points = Math.max(1, Math.min(Number(buyer?.loyalty_points ?? 0), 1 + (pick % 40)))
  const perPoint = Number(shop?.loyalty_value_per_point_minor ?? 1)
  const unitPriceMinor = Math.max(points * perPoint, 100 + (pick % 5000))
  const payments: { method: 'loyalty_points' | 'cash'; amountMinor: number; points?: number }[] = [{ method: 'loyalty_points', amountMinor: points * perPoint, points }]
  if (unitPriceMinor > points * perPoint) payments.push({ method: 'cash', amountMinor: 1_000_000 })
  return store.call('sales:create', {
    customerId: payer,
    items: [{ name: `Item ${text}`, quantity: 1, unitPriceMinor, taxRateId: null }],
    payments,
  })
}
