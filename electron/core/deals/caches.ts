import type { Knex } from 'knex'
import { DEAL_MOVES, type DealStatus } from '../../contract/deals'

/**
 * A deal's assigned staff is the latest (by HLC, id) of its events that set it: a plain field.
 *
 * Its status is not: the status and the dates that go with it (sold, delivered, lost) are one
 * state, moved along DEAL_MOVES. Two stores can move one deal apart before they sync (reopened
 * after a loss at one, delivered at the other), so taking the latest status and each date on its
 * own could leave a deal open with a delivery date. Instead the status events are replayed in
 * (HLC, id) order from the deal's opening, and an event the deal could not make at that point
 * (delivering a deal another store had meanwhile marked lost) is passed over: every store ends on
 * the same state, one the deal could reach by moves made one after another.
 */
const LATEST_ASSIGNED = `(SELECT e.assigned_user_id FROM deal_events AS e WHERE e.deal_id = deals.id AND e.assigned_user_id IS NOT NULL ORDER BY e.hlc DESC, e.id DESC LIMIT 1)`

export interface StatusEvent {
  id: string
  hlc: string
  status: DealStatus
  note: string | null
  created_at: string
}

/** The status cache columns of a deal row. */
export interface DealState {
  status: DealStatus
  status_note: string | null
  status_at: string | null
  sold_at: string | null
  delivered_at: string | null
  lost_at: string | null
}

const DATE_OF: Partial<Record<DealStatus, 'sold_at' | 'delivered_at' | 'lost_at'>> = { sold: 'sold_at', delivered: 'delivered_at', lost: 'lost_at' }

/** A deal's state from its status events, in any order: the first opens it, each later one moves it if it can. */
export function settleDealState(events: readonly StatusEvent[]): DealState {
  const state: DealState = { status: 'open', status_note: null, status_at: null, sold_at: null, delivered_at: null, lost_at: null }
  const ordered = [...events].sort((a, b) => (a.hlc < b.hlc || (a.hlc === b.hlc && a.id < b.id) ? -1 : 1))
  for (const [index, event] of ordered.entries()) {
    if (index > 0 && !DEAL_MOVES[state.status].includes(event.status)) continue
    state.status = event.status
    state.status_note = event.note
    state.status_at = event.created_at
    const date = DATE_OF[event.status]
    if (date) state[date] = event.created_at
  }
  return state
}

const STATE_COLUMNS: (keyof DealState)[] = ['status', 'status_note', 'status_at', 'sold_at', 'delivered_at', 'lost_at']

/** Recomputes the caches of every deal of these customers (at most a few hundred ids a call). */
export async function rebuildDealCaches(db: Knex, customerIds: readonly string[]): Promise<void> {
  if (customerIds.length === 0) return
  const ids = [...customerIds]
  await db.raw(`UPDATE deals SET assigned_user_id = ${LATEST_ASSIGNED} WHERE customer_id IN (${ids.map(() => '?').join(', ')})`, ids)
  const deals: (DealState & { id: string })[] = await db('deals').select('id', ...STATE_COLUMNS).whereIn('customer_id', ids)
  if (deals.length === 0) return
  const events: (StatusEvent & { deal_id: string })[] = await db('deal_events')
    .select('id', 'deal_id', 'hlc', 'status', 'note', 'created_at')
    .whereIn('deal_id', db('deals').select('id').whereIn('customer_id', ids))
    .whereNotNull('status')
  const byDeal = new Map<string, StatusEvent[]>()
  for (const event of events) {
    const mine = byDeal.get(event.deal_id)
    if (mine) mine.push(event)
    else byDeal.set(event.deal_id, [event])
  }
  for (const deal of deals) {
    const state = settleDealState(byDeal.get(deal.id) ?? [])
    if (STATE_COLUMNS.every((column) => deal[column] === state[column])) continue
    await db('deals').where({ id: deal.id }).update(state)
  }
}
