import type { Knex } from 'knex'
import type { CoreServices } from '../context'
import { notFound } from '../errors'
import { localDateOf, type LocalDate } from '../time/local-dates'
import { effectiveReceiptPrefix } from './prefixes'
import { findStore, type StoreRow } from './repo'

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

function toStoreTerms(row: StoreRow): StoreTerms {
  return {
    id: row.id,
    name: row.name,
    currency: row.currency,
    timeZone: row.time_zone,
    country: row.country,
    loyaltyPointsPerUnit: row.loyalty_points_per_unit,
    loyaltyValuePerPointMinor: row.loyalty_value_per_point_minor,
    receiptPrefix: effectiveReceiptPrefix(row),
    address: row.address,
  }
}

/** The terms as a transaction sees them (`db` is its `trx`): what it writes depends on them. */
export async function loadStoreTerms(db: Knex, storeId: string): Promise<StoreTerms> {
  const row = await findStore(db, storeId)
  if (!row) throw notFound('Store')
  return toStoreTerms(row)
}

/** Every store's row (a handful: this one and those sync brought), through the read cache. */
export function storeRows(ctx: Pick<CoreServices, 'db' | 'readCache'>): Promise<readonly StoreRow[]> {
  return ctx.readCache.get('stores', () => ctx.db<StoreRow>('stores').select())
}

/** A store's row for a read-only command, through the read cache. */
export async function cachedStore(ctx: Pick<CoreServices, 'db' | 'readCache'>, storeId: string): Promise<StoreRow> {
  const row = (await storeRows(ctx)).find((store) => store.id === storeId)
  if (!row) throw notFound('Store')
  return row
}

/** The terms for a read-only command (a page, a receipt shown), through the read cache. */
export function storeTerms(ctx: Pick<CoreServices, 'db' | 'readCache'>, storeId: string): Promise<StoreTerms> {
  return ctx.readCache.get(`terms:${storeId}`, async () => toStoreTerms(await cachedStore(ctx, storeId)))
}

/**
 * The latest store-local day any store this one knows (itself and those sync brought) is on at
 * `moment`: at 20:30 in New York a store in Tokyo is on tomorrow already, and what it sells is
 * dated so. A zone this platform's Intl has no rules for is passed over.
 */
export async function latestStoreDay(ctx: Pick<CoreServices, 'db' | 'readCache'>, moment: Date, ownZone: string): Promise<LocalDate> {
  let latest = localDateOf(moment, ownZone)
  for (const store of await storeRows(ctx)) {
    try {
      const day = localDateOf(moment, store.time_zone)
      if (day > latest) latest = day
    } catch {
      // RangeError: an unknown zone; its receipts still carry their own day.
    }
  }
  return latest
}
