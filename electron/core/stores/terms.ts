import type { Knex } from 'knex'
import { notFound } from '../errors'
import { defaultReceiptPrefix } from '../sales/receipt-number'
import { findStore } from './repo'

/** What selling, earning points and bucketing days by the store's clock need to know. */
export interface StoreTerms {
  id: string
  name: string
  currency: string
  timeZone: string
  /** Phones are shown as this country writes them. */
  country: string
  loyaltyPointsPerUnit: number
  loyaltyValuePerPointMinor: number
  receiptPrefix: string
  /** Printed and emailed under the store's name on every receipt. */
  address: string
}

export async function loadStoreTerms(db: Knex, storeId: string): Promise<StoreTerms> {
  const row = await findStore(db, storeId)
  if (!row) throw notFound('Store')
  return {
    id: row.id,
    name: row.name,
    currency: row.currency,
    timeZone: row.time_zone,
    country: row.country,
    loyaltyPointsPerUnit: row.loyalty_points_per_unit,
    loyaltyValuePerPointMinor: row.loyalty_value_per_point_minor,
    receiptPrefix: row.receipt_prefix || defaultReceiptPrefix(row.name),
    address: row.address,
  }
}
