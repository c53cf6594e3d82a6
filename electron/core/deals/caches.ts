import type { Knex } from 'knex'

/**
 * A deal's status, note and assigned staff are the latest (by HLC, id) of its events that set
 * them; sold, delivered and lost dates are when the latest event giving that status was made.
 */
const latest = (column: string, where: string) =>
  `(SELECT e.${column} FROM deal_events AS e WHERE e.deal_id = deals.id AND ${where} ORDER BY e.hlc DESC, e.id DESC LIMIT 1)`

const DEAL_CACHES = `
  status = COALESCE(${latest('status', 'e.status IS NOT NULL')}, 'open'),
  status_note = ${latest('note', 'e.status IS NOT NULL')},
  status_at = ${latest('created_at', 'e.status IS NOT NULL')},
  assigned_user_id = ${latest('assigned_user_id', 'e.assigned_user_id IS NOT NULL')},
  sold_at = ${latest('created_at', "e.status = 'sold'")},
  delivered_at = ${latest('created_at', "e.status = 'delivered'")},
  lost_at = ${latest('created_at', "e.status = 'lost'")}`

/** Recomputes the caches of every deal of these customers (at most a few hundred ids a call). */
export async function rebuildDealCaches(db: Knex, customerIds: readonly string[]): Promise<void> {
  if (customerIds.length === 0) return
  await db.raw(`UPDATE deals SET ${DEAL_CACHES} WHERE customer_id IN (${customerIds.map(() => '?').join(', ')})`, [...customerIds])
}
