import type { Knex } from 'knex'
import type { SessionUser } from '../../contract/auth'
import type { Deal, DealStatus } from '../../contract/deals'
import { insertTrackedRows, type Writer } from '../db/changelog'
import type { Rows } from '../db/prepared'
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

export async function findDeal(rows: Rows, id: string): Promise<DealRow | undefined> {
  return (await rows<DealRow>('SELECT * FROM deals WHERE id = ?', [id]))[0]
}

const BY_AGE = 'ORDER BY created_at DESC, id DESC'

/** A customer's deals, newest first: all, or only the active ones (open or sold). */
export function dealsOfCustomer(rows: Rows, customerId: string, only?: 'active'): Promise<DealRow[]> {
  if (only === 'active') return rows<DealRow>(`SELECT * FROM deals WHERE customer_id = ? AND status IN ('open', 'sold') ${BY_AGE}`, [customerId])
  return rows<DealRow>(`SELECT * FROM deals WHERE customer_id = ? ${BY_AGE}`, [customerId])
}

/** Whoever is assigned to a deal may work on it; so may anyone who sees all deals. */
export function mayWorkOn(user: SessionUser | null, deal: Pick<DealRow, 'assigned_user_id'>): boolean {
  return Boolean(user && (user.permissions.includes('see_all_deals') || deal.assigned_user_id === user.id))
}

/**
 * A new deal (open, assigned), as its row and its first event. The row is written with the
 * caches that one event gives (deals/caches.ts would compute the same), so nothing is rebuilt.
 */
/** The names of the staff the deals are assigned to, by name: who can still sign in, and who no longer can. */
export async function staffOfDeals(db: Knex, deals: readonly DealRow[]): Promise<{ active: string[]; gone: string[] }> {
  const ids = [...new Set(deals.map((deal) => deal.assigned_user_id).filter((v): v is string => Boolean(v)))]
  const staff: { display_name: string; active: number }[] = await db('users').whereIn('id', ids).orderBy('display_name').select('display_name', 'active')
  return { active: staff.filter((user) => user.active).map((user) => user.display_name), gone: staff.filter((user) => !user.active).map((user) => user.display_name) }
}

export async function insertDeal(w: Writer, customerId: string, assignedUserId: string, note: string): Promise<string> {
  const id = newId()
  const deal = { id, store_id: w.storeId, customer_id: customerId, created_by: w.userId, created_at: w.at }
  const caches = { status: 'open', assigned_user_id: assignedUserId, status_note: note || null, status_at: w.at }
  const event = dealEventRow(w, { deal_id: id, customer_id: customerId, status: 'open', assigned_user_id: assignedUserId, note: note || null })
  await insertTrackedRows(w, [
    { table: 'deals', rows: [{ ...deal, ...caches }] },
    { table: 'deal_events', rows: [event] },
  ])
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
  await insertTrackedRows(w, [{ table: 'deal_events', rows: [dealEventRow(w, change)] }])
}

function dealEventRow(w: Writer, change: DealChange) {
  return {
    id: newId(),
    store_id: w.storeId,
    status: null,
    assigned_user_id: null,
    note: null,
    ...change,
    user_id: w.userId,
    hlc: w.tick(),
    created_at: w.at,
  }
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
