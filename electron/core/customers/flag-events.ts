import type { Knex } from 'knex'
import type { CustomerDetail } from '../../contract/customers'
import { insertTracked, type Writer } from '../db/changelog'
import { newId } from '../ids'
import { rebuildCaches } from '../sync/caches'

export type FlagAction = 'flagged' | 'unflagged'

export interface FlagEventRow {
  id: string
  customer_id: string
  action: FlagAction
  reason: string | null
  user_id: string | null
  store_id: string
  hlc: string
  created_at: string
}

type FlagEventWithUser = FlagEventRow & { user_name: string | null }

/** A customer's flag events, newest first, with the name of who wrote each. */
export function flagEvents(db: Knex, customerId: string) {
  return db<FlagEventRow>('flag_events as f')
    .leftJoin('users as u', 'u.id', 'f.user_id')
    .select<FlagEventWithUser[]>('f.*', 'u.display_name as user_name')
    .where('f.customer_id', customerId)
    .orderBy([
      { column: 'f.hlc', order: 'desc' },
      { column: 'f.id', order: 'desc' },
    ])
}

/** The current flag state is the latest event by HLC, whichever store wrote it. */
export async function flagState(db: Knex, customerId: string): Promise<CustomerDetail['flag']> {
  const latest = await flagEvents(db, customerId).first()
  if (!latest) return { flagged: false, reason: null, by: null, at: null }
  return { flagged: latest.action === 'flagged', reason: latest.reason, by: latest.user_name, at: latest.created_at }
}

/**
 * The row's `flagged`/`flag_reason` cache (for the table, its red rows and the flagged-only
 * filter), recomputed from the events: sync calls this too after pulling flag events.
 */
export function refreshFlagCache(db: Knex, customerId: string): Promise<void> {
  return rebuildCaches(db, ['flags'], [customerId])
}

/** A new event by the writer's user, store and time; its HLC stamp orders it among every store's events. */
export function newFlagEvent(w: Writer, customerId: string, action: FlagAction, reason: string): FlagEventRow {
  return {
    id: newId(),
    customer_id: customerId,
    action,
    reason: reason === '' ? null : reason,
    user_id: w.userId,
    store_id: w.storeId,
    hlc: w.tick(),
    created_at: w.at,
  }
}

/** Appends a flag event and brings the row's cache up to date, in the writer's transaction. */
export async function appendFlagEvent(w: Writer, customerId: string, action: FlagAction, reason: string): Promise<string> {
  const event = newFlagEvent(w, customerId, action, reason)
  await insertTracked(w, 'flag_events', { ...event })
  await refreshFlagCache(w.trx, customerId)
  return event.id
}

