import type { Knex } from 'knex'
import { rebuildCaches } from '../sync/caches'

/**
 * The customer row's `store_ids` and `assigned_staff_ids` caches, recomputed from the join
 * tables (the synced truth). Stores in id order; staff in the order they were added (the add's
 * HLC, then id), the first two only: when two stores each added one offline and the customer
 * now has three, every store shows the same two.
 */
export function refreshMemberCaches(db: Knex, customerId: string): Promise<void> {
  return rebuildCaches(db, ['members'], [customerId])
}
