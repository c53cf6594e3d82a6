import { newId } from '../../electron/core/ids'
import type { TestCore } from './core'

/**
 * A customer to sell to, earn and adjust points for. Made directly in the table until the
 * customers commands land (TODO: customers:create).
 */
export async function addShopper(core: TestCore, options: { firstName?: string; lastName?: string; loyaltyEnrolled?: boolean } = {}) {
  const id = newId()
  const number = Number((await core.services.db('customers').max({ n: 'customer_number' }).first())?.n ?? 0) + 1
  await core.services.db('customers').insert({
    id,
    store_id: core.services.localStoreId(),
    customer_number: number,
    name_key: (options.firstName ?? 'Ada').toLowerCase(),
    updated_at: core.services.now().toISOString(),
    first_name: options.firstName ?? 'Ada',
    last_name: options.lastName ?? 'Lovelace',
    loyalty_enrolled: options.loyaltyEnrolled ?? true,
    loyalty_points: 0,
    active: true,
    created_at: core.services.now().toISOString(),
  })
  return { id, name: `${options.firstName ?? 'Ada'} ${options.lastName ?? 'Lovelace'}` }
}

/** Changes only the loyalty rule, whatever other settings the store has. */
export async function setLoyaltyRule(core: TestCore, rule: { loyaltyPointsPerUnit?: number; loyaltyValuePerPointMinor?: number }) {
  const settings = await core.ok('settings:get', {})
  return core.ok('settings:update', { ...settings, ...rule })
}

/** The balance by definition (the ledger's sum) and the cached one the customer table sorts by. */
export async function balances(core: TestCore, customerId: string) {
  const ledger = await core.services.db('loyalty_ledger').where({ customer_id: customerId }).sum<{ s: number | null }[]>({ s: 'points' }).first()
  const cached = await core.services.db('customers').where({ id: customerId }).first()
  return { ledger: Number(ledger?.s ?? 0), cached: Number(cached.loyalty_points) }
}
