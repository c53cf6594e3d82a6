import type { Knex } from 'knex'
import { insertTracked, updateTracked, type Writer } from '../db/changelog'
import { prepared } from '../db/prepared'
import { DEFAULT_IDLE_MINUTES } from '../../contract/lock'

export interface StoreRow {
  id: string
  name: string
  currency: string
  time_zone: string
  /** ISO 3166 alpha-2: phones typed without a country code are numbers of this country. */
  country: string
  /** How dates and numbers are written on the store's screens ('en-US'). */
  locale: string
  medical_shop: number | boolean
  /** A new customer starts enrolled in the loyalty programme. */
  loyalty_enroll_by_default: number | boolean
  loyalty_points_per_unit: number
  loyalty_value_per_point_minor: number
  auto_checkout_at_day_start: number | boolean
  /** '' until the owner sets one: receipt numbers then start with the store name's initials. */
  receipt_prefix: string
  /** Postal address, a few lines; '' until the owner types one. */
  address: string
  /** The screen-lock rule (see lock/service.ts). */
  lock_idle_minutes: number
  lock_pin_unlock: number | boolean
  created_at: string
  updated_at: string
}

export async function insertStore(
  w: Writer,
  store: { id: string; name: string; currency: string; timeZone: string; receiptPrefix: string; country?: string; locale?: string },
) {
  const row: StoreRow = {
    id: store.id,
    name: store.name,
    currency: store.currency,
    time_zone: store.timeZone,
    country: store.country ?? 'US',
    locale: store.locale ?? 'en-US',
    medical_shop: false,
    loyalty_enroll_by_default: true,
    loyalty_points_per_unit: 1,
    loyalty_value_per_point_minor: 1,
    auto_checkout_at_day_start: false,
    receipt_prefix: store.receiptPrefix,
    address: '',
    lock_idle_minutes: DEFAULT_IDLE_MINUTES,
    lock_pin_unlock: true,
    created_at: w.at,
    updated_at: w.at,
  }
  await insertTracked(w, 'stores', { ...row })
}

export async function findStore(db: Knex, id: string): Promise<StoreRow | undefined> {
  const [row] = await prepared<StoreRow>(db, 'SELECT * FROM stores WHERE id = ?', [id])
  return row
}

export async function updateStore(w: Writer, id: string, patch: Partial<StoreRow>): Promise<StoreRow | undefined> {
  return (await updateTracked(w, 'stores', id, patch)) as StoreRow | undefined
}

/** Every store of the owner this database knows of (its own, and others' pulled by sync). */
export function listStores(db: Knex): Promise<Pick<StoreRow, 'id' | 'name'>[]> {
  return db<StoreRow>('stores').select('id', 'name').orderBy('name')
}

export async function readLocalStoreId(db: Knex): Promise<string | null> {
  const row = await db('meta').where({ key: 'local_store_id' }).first()
  return row ? String(row.value) : null
}
