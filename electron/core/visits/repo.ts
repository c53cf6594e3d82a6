import type { Knex } from 'knex'
import type { CustomerRef } from '../../contract/appointments'
import type { DealStatus } from '../../contract/deals'
import type { OpenVisit } from '../../contract/visits'
import { insertTracked, type Writer } from '../db/changelog'
import { newId } from '../ids'

/** A visit row with its caches (visits/caches.ts). */
export interface VisitRow {
  id: string
  store_id: string
  customer_id: string
  deal_id: string | null
  return_visit: number
  checked_in_by: string | null
  checked_in_at: string
  local_date: string
  hlc: string
  open: number
  merged_into: string | null
  checked_out_at: string | null
  checked_out_by: string | null
  checkout_kind: string | null
  checkout_hlc: string | null
  final_deal_id: string | null
}

/** The customer's open visit at this store, if they are in. */
export function openVisitOf(db: Knex, storeId: string, customerId: string): Promise<VisitRow | undefined> {
  return db<VisitRow>('visits').where({ store_id: storeId, customer_id: customerId, open: 1 }).first()
}

export async function insertVisit(w: Writer, visit: { customerId: string; dealId: string | null; returnVisit: boolean; localDate: string }): Promise<void> {
  await insertTracked(w, 'visits', {
    id: newId(),
    store_id: w.storeId,
    customer_id: visit.customerId,
    deal_id: visit.dealId,
    return_visit: visit.returnVisit ? 1 : 0,
    checked_in_by: w.userId,
    checked_in_at: w.at,
    local_date: visit.localDate,
    hlc: w.tick(),
  })
}

export async function insertCheckOut(
  w: Writer,
  visit: Pick<VisitRow, 'id' | 'customer_id'>,
  checkOut: { dealId: string | null; kind: 'manual' | 'automatic'; at: string },
): Promise<void> {
  await insertTracked(w, 'visit_checkouts', {
    id: newId(),
    visit_id: visit.id,
    customer_id: visit.customer_id,
    store_id: w.storeId,
    deal_id: checkOut.dealId,
    kind: checkOut.kind,
    checked_out_at: checkOut.at,
    user_id: w.userId,
    hlc: w.tick(),
    created_at: w.at,
  })
}

/** The columns a customer reference is read from, joined as `c`. */
export const CUSTOMER_REF_COLUMNS = ['c.first_name', 'c.last_name', 'c.flagged', 'c.flag_reason'] as const

export function toCustomerRef(row: { customer_id: string; first_name: string; last_name: string | null; flagged: number | boolean; flag_reason: string | null }): CustomerRef {
  return { id: row.customer_id, firstName: row.first_name, lastName: row.last_name, flagged: Boolean(row.flagged), flagReason: row.flagged ? row.flag_reason : null }
}

type OpenVisitRow = VisitRow & {
  first_name: string
  last_name: string | null
  flagged: number
  flag_reason: string | null
  checked_in_by_name: string | null
  deal_status: DealStatus | null
  deal_staff: string | null
  open_deals: number
}

/** Open visits at this store (all of them, or one customer's), with who they are, who checked them in and their deal. */
export async function openVisits(db: Knex, storeId: string, customerId?: string): Promise<OpenVisit[]> {
  const query = db('visits as v')
    .join('customers as c', 'c.id', 'v.customer_id')
    .leftJoin('users as u', 'u.id', 'v.checked_in_by')
    .leftJoin('deals as d', 'd.id', 'v.deal_id')
    .leftJoin('users as ds', 'ds.id', 'd.assigned_user_id')
    .select('v.*', ...CUSTOMER_REF_COLUMNS, 'u.display_name as checked_in_by_name', 'd.status as deal_status', 'ds.display_name as deal_staff')
    .select(db.raw("(SELECT COUNT(*) FROM deals AS o WHERE o.customer_id = v.customer_id AND o.status = 'open') AS open_deals"))
    .where({ 'v.store_id': storeId, 'v.open': 1 })
    .orderBy([{ column: 'v.checked_in_at' }, { column: 'v.id' }])
  if (customerId) query.where('v.customer_id', customerId)
  const rows: OpenVisitRow[] = await query
  return rows.map((row) => ({
    id: row.id,
    customer: toCustomerRef(row),
    since: row.checked_in_at,
    checkedInBy: row.checked_in_by_name,
    deal: row.deal_id && row.deal_status ? { id: row.deal_id, status: row.deal_status, assignedTo: row.deal_staff } : null,
    openDeals: Number(row.open_deals),
    returnVisit: Boolean(row.return_visit),
  }))
}
