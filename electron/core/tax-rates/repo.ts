import type { Knex } from 'knex'
import type { TaxRate } from '../../contract/tax-rates'
import { insertTracked, updateTracked, type Writer } from '../db/changelog'
import { prepared } from '../db/prepared'
import type { TaxRateSnapshot } from '../../contract/money/sale-totals'

export interface TaxRateRow {
  id: string
  store_id: string
  name: string
  rate_millipercent: number
  active: number | boolean
  created_at: string
  updated_at: string
}

export function toTaxRate(row: TaxRateRow): TaxRate {
  return { id: row.id, name: row.name, ratePercent: row.rate_millipercent / 1000, active: Boolean(row.active) }
}

export function toSnapshot(row: TaxRateRow): TaxRateSnapshot {
  return { id: row.id, name: row.name, rateMillipercent: row.rate_millipercent }
}

export function listTaxRates(db: Knex, storeId: string): Promise<TaxRateRow[]> {
  return db<TaxRateRow>('tax_rates')
    .where({ store_id: storeId })
    .orderBy([{ column: 'active', order: 'desc' }, 'name'])
}

export function findTaxRate(db: Knex, storeId: string, id: string): Promise<TaxRateRow | undefined> {
  return db<TaxRateRow>('tax_rates').where({ store_id: storeId, id }).first()
}

/** The store's active rates among `ids`, by id: what a new sale may use. */
export async function activeTaxRatesById(db: Knex, storeId: string, ids: string[]): Promise<Map<string, TaxRateRow>> {
  if (ids.length === 0) return new Map()
  // One text per number of rates named (a sale names a few): each kept prepared.
  const sql = `SELECT * FROM tax_rates WHERE store_id = ? AND active = 1 AND id IN (${ids.map(() => '?').join(', ')})`
  const rows = await prepared<TaxRateRow>(db, sql, [storeId, ...ids])
  return new Map(rows.map((row) => [row.id, row]))
}

export async function insertTaxRate(w: Writer, row: TaxRateRow): Promise<void> {
  await insertTracked(w, 'tax_rates', { ...row })
}

export async function updateTaxRate(w: Writer, id: string, patch: Partial<TaxRateRow>): Promise<TaxRateRow | undefined> {
  return (await updateTracked(w, 'tax_rates', id, patch)) as TaxRateRow | undefined
}
