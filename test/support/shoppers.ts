import type { TestCore } from './core'

/** A customer to sell to, earn and adjust points for, made through customers:create. */
export async function addShopper(core: TestCore, options: { firstName?: string; lastName?: string; loyaltyEnrolled?: boolean } = {}) {
  const firstName = options.firstName ?? 'Ada'
  const lastName = options.lastName ?? 'Lovelace'
  const created = await core.ok('customers:create', {
    firstName,
    lastName,
    loyaltyEnrolled: options.loyaltyEnrolled ?? true,
    storeIds: [core.services.localStoreId()!],
  })
  return { id: created.id, name: `${firstName} ${lastName}` }
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
