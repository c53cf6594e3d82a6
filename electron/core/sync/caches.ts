import type { Knex } from 'knex'
import { derivedColumns, DERIVED_COLUMNS, type DerivedFrom } from '../customers/derived'
import { MAX_ASSIGNED_STAFF } from '../../contract/customers'
import { updateInChunks } from '../db/chunks'

/**
 * The caches on a customer row, made again from what they summarise (the synced rows), for
 * many customers at once: a statement per chunk of customers, not per customer.
 *
 * - loyalty_points, last_loyalty_reason: the ledger's sum, and the reason of its latest entry
 *   by (HLC, id). A balance made of two stores' offline spending may be below zero: it shows.
 * - flagged, flag_reason: the latest flag event by (HLC, id).
 * - store_ids, assigned_staff_ids: the join tables (stores in id order; the first two staff in
 *   the order they were added).
 */
const CHUNK = 500

const LEDGER = `
  loyalty_points = COALESCE((SELECT SUM(l.points) FROM loyalty_ledger AS l WHERE l.customer_id = customers.id), 0),
  last_loyalty_reason = (SELECT l.reason FROM loyalty_ledger AS l WHERE l.customer_id = customers.id ORDER BY l.hlc DESC, l.id DESC LIMIT 1)`
const FLAGS = `
  flagged = COALESCE((SELECT f.action = 'flagged' FROM flag_events AS f WHERE f.customer_id = customers.id ORDER BY f.hlc DESC, f.id DESC LIMIT 1), 0),
  flag_reason = (SELECT CASE WHEN f.action = 'flagged' THEN f.reason END FROM flag_events AS f WHERE f.customer_id = customers.id ORDER BY f.hlc DESC, f.id DESC LIMIT 1)`
const MEMBERS = `
  store_ids = (SELECT json_group_array(store_id) FROM (SELECT s.store_id FROM customer_stores AS s WHERE s.customer_id = customers.id ORDER BY s.store_id)),
  assigned_staff_ids = (SELECT json_group_array(user_id) FROM (SELECT a.user_id FROM customer_staff AS a WHERE a.customer_id = customers.id ORDER BY a.hlc, a.user_id LIMIT ${MAX_ASSIGNED_STAFF}))`

export type CacheKind = 'ledger' | 'flags' | 'members'
const SQL: Record<CacheKind, string> = { ledger: LEDGER, flags: FLAGS, members: MEMBERS }

async function inChunks(ids: readonly string[], work: (chunk: string[]) => Promise<unknown>): Promise<void> {
  const unique = [...new Set(ids)]
  for (let i = 0; i < unique.length; i += CHUNK) await work(unique.slice(i, i + CHUNK))
}

/** Recomputes the named caches of these customers (erased ones keep theirs: zero and empty). */
export async function rebuildCaches(db: Knex, kinds: readonly CacheKind[], customerIds: readonly string[]): Promise<void> {
  if (kinds.length === 0 || customerIds.length === 0) return
  const set = kinds.map((kind) => SQL[kind]).join(',')
  await inChunks(customerIds, (chunk) =>
    db.raw(`UPDATE customers SET ${set} WHERE erased_at IS NULL AND id IN (${chunk.map(() => '?').join(', ')})`, chunk),
  )
}

/** The search and sort columns of these customers, computed again from their fields. */
export async function rebuildDerived(db: Knex, customerIds: readonly string[]): Promise<void> {
  await inChunks(customerIds, async (chunk) => {
    const rows: (DerivedFrom & { id: string } & Record<string, unknown>)[] = await db('customers')
      .select('id', 'first_name', 'last_name', 'nickname', 'email', 'username', 'phone', 'customer_number', 'merged_text', ...DERIVED_COLUMNS)
      .whereIn('id', chunk)
      .whereNull('erased_at')
    const changed = rows
      .map((row) => ({ row, derived: derivedColumns(row) }))
      .filter(({ row, derived }) => DERIVED_COLUMNS.some((column) => derived[column] !== row[column]))
    await updateInChunks(db, 'customers', 'id', changed.map(({ row, derived }) => ({ id: row.id, ...derived })))
  })
}
