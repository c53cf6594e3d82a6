import type { Knex } from 'knex'
import type { SessionUser } from '../../contract/auth'
import type { Deal, DealStatus } from '../../contract/deals'
import { insertTracked, type Writer } from '../db/changelog'
import { newId } from '../ids'

/** A deal with its caches (status, staff, dates), as deals/caches.ts keeps them. */
export interface DealRow {
  id: string
  store_id: string
  customer_id: string
  created_by: string | null
  created_at: string
  status: DealStatus
  assigned_user_id: string | null
  status_note: string | null
  status_at: string | null
  sold_at: string | null
  delivered_at: string | null
  lost_at: string | null
}

/** Deals still in play: open, or sold and not yet delivered (a visit then is a return visit). */
export const ACTIVE_STATUSES: readonly DealStatus[] = ['open', 'sold']

export function findDeal(db: Knex, id: string): Promise<DealRow | undefined> {
  return db<DealRow>('deals').where({ id }).first()
}

/** A customer's deals, newest first. */
export function dealsOfCustomer(db: Knex, customerId: string, statuses?: readonly DealStatus[]): Promise<DealRow[]> {
  const query = db<DealRow>('deals').where({ customer_id: customerId })
  if (statuses) query.whereIn('status', statuses)
  return query.orderBy([
    { column: 'created_at', order: 'desc' },
    { column: 'id', order: 'desc' },
  ])
}

/** Whoever is assigned to a deal may work on it; so may anyone who sees all deals. */
export function mayWorkOn(user: SessionUser | null, deal: Pick<DealRow, 'assigned_user_id'>): boolean {
  return Boolean(user && (user.permissions.includes('see_all_deals') || deal.assigned_user_id === user.id))
}

/** A new deal (open, assigned), as its row and its first event. Caches are the caller's to rebuild. */
export async function insertDeal(w: Writer, customerId: string, assignedUserId: string, note: string): Promise<string> {
  const id = newId()
  await insertTracked(w, 'deals', { id, store_id: w.storeId, customer_id: customerId, created_by: w.userId, created_at: w.at })
  await insertDealEvent(w, { deal_id: id, customer_id: customerId, status: 'open', assigned_user_id: assignedUserId, note: note || null })
  return id
}

export interface DealChange {
  deal_id: string
  customer_id: string
  status?: DealStatus | null
  assigned_user_id?: string | null
  note?: string | null
}

export async function insertDealEvent(w: Writer, change: DealChange): Promise<void> {
  await insertTracked(w, 'deal_events', {
    id: newId(),
    store_id: w.storeId,
    status: null,
    assigned_user_id: null,
    note: null,
    ...change,
    user_id: w.userId,
    hlc: w.tick(),
    created_at: w.at,
  })
}

/** The deals of a customer as the Deals tab shows them, with names and visit counts. */
export async function presentDeals(db: Knex, rows: DealRow[], user: SessionUser | null): Promise<Deal[]> {
  if (rows.length === 0) return []
  const userIds = [...new Set(rows.flatMap((r) => [r.assigned_user_id, r.created_by]).filter((v): v is string => Boolean(v)))]
  const names = new Map<string, string>((await db('users').select('id', 'display_name').whereIn('id', userIds)).map((u: { id: string; display_name: string }) => [u.id, u.display_name]))
  const stores = new Map<string, string>((await db('stores').select('id', 'name')).map((s: { id: string; name: string }) => [s.id, s.name]))
  const counts: { deal: string; n: number }[] = await db('visits')
    .select('final_deal_id as deal')
    .count({ n: '*' })
    .where({ customer_id: rows[0].customer_id })
    .whereNull('merged_into')
    .whereIn('final_deal_id', rows.map((r) => r.id))
    .groupBy('final_deal_id')
  const visits = new Map(counts.map((c) => [c.deal, Number(c.n)]))
  return rows.map((row) => ({
    id: row.id,
    customerId: row.customer_id,
    storeName: stores.get(row.store_id) ?? '',
    status: row.status,
    statusNote: row.status_note,
    assignedTo: row.assigned_user_id ? { id: row.assigned_user_id, name: names.get(row.assigned_user_id) ?? '' } : null,
    openedAt: row.created_at,
    openedBy: row.created_by ? (names.get(row.created_by) ?? null) : null,
    soldAt: row.sold_at,
    deliveredAt: row.delivered_at,
    lostAt: row.lost_at,
    visits: visits.get(row.id) ?? 0,
    canChange: mayWorkOn(user, row),
  }))
}
