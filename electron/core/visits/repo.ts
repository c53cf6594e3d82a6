import type { CustomerRef } from '../../contract/appointments'
import type { DealStatus } from '../../contract/deals'
import type { OpenVisit } from '../../contract/visits'
import { insertTrackedRows, type Writer } from '../db/changelog'
import { prepared, type Rows } from '../db/prepared'
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
export async function openVisitOf(rows: Rows, storeId: string, customerId: string): Promise<VisitRow | undefined> {
  return (await rows<VisitRow>('SELECT * FROM visits WHERE store_id = ? AND customer_id = ? AND open = 1', [storeId, customerId]))[0]
}

/**
 * A check-in made here, when the customer has no open visit at this store. Its caches are
 * written with it: what visits/settle.ts would work out, since its stamp is later than any this
 * store has seen and the customer's last visit here is closed, so it is a visit of its own, open,
 * of the deal found at check-in; the customer's other visits do not change.
 */
export async function insertVisit(w: Writer, visit: { customerId: string; dealId: string | null; returnVisit: boolean; localDate: string }): Promise<void> {
  const row = {
    id: newId(),
    store_id: w.storeId,
    customer_id: visit.customerId,
    deal_id: visit.dealId,
    return_visit: visit.returnVisit ? 1 : 0,
    checked_in_by: w.userId,
    checked_in_at: w.at,
    local_date: visit.localDate,
    hlc: w.tick(),
  }
  await insertTrackedRows(w, [{ table: 'visits', rows: [{ ...row, open: 1, final_deal_id: visit.dealId }] }])
}

/** How a visit ended: checked out by someone, or at the start of a later day (the table's CHECK). */
export const CHECKOUT_KINDS = ['manual', 'automatic'] as const
export type CheckOutKind = (typeof CHECKOUT_KINDS)[number]

/**
 * A check-out of the visit, dated `at` but never before the check-in: the PC checking out may
 * run a few minutes behind the one that checked in, and a visit must not end before it began.
 */
export async function insertCheckOut(
  w: Writer,
  visit: Pick<VisitRow, 'id' | 'customer_id' | 'checked_in_at'>,
  checkOut: { dealId: string | null; kind: CheckOutKind; at: string },
): Promise<CheckOutRow> {
  const row: CheckOutRow = {
    id: newId(),
    visit_id: visit.id,
    customer_id: visit.customer_id,
    store_id: w.storeId,
    deal_id: checkOut.dealId,
    kind: checkOut.kind,
    checked_out_at: checkOut.at < visit.checked_in_at ? visit.checked_in_at : checkOut.at,
    user_id: w.userId,
    hlc: w.tick(),
    created_at: w.at,
  }
  await insertTrackedRows(w, [{ table: 'visit_checkouts', rows: [row] }])
  return row
}

type CheckOutRow = {
  id: string
  visit_id: string
  customer_id: string
  store_id: string
  deal_id: string | null
  kind: CheckOutKind
  checked_out_at: string
  user_id: string | null
  hlc: string
  created_at: string
}

/**
 * A check-out made here of the customer's open visit: its caches change as visits/settle.ts
 * would change them (the first check-out of an open visit is this one, and the visits merged
 * into it keep their state), so the row is updated directly instead of settled again.
 */
export async function closeVisit(w: Writer, visit: Pick<VisitRow, 'id' | 'deal_id'>, out: CheckOutRow): Promise<void> {
  await prepared(
    w.trx,
    'UPDATE visits SET open = 0, checked_out_at = ?, checked_out_by = ?, checkout_kind = ?, checkout_hlc = ?, final_deal_id = ? WHERE id = ?',
    [out.checked_out_at, out.user_id, out.kind, out.hlc, out.deal_id ?? visit.deal_id, visit.id],
  )
}

/** The columns a customer reference is read from, joined as `c`. */
export const CUSTOMER_REF_SQL = 'c.first_name, c.last_name, c.flagged, c.flag_reason'

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

const OPEN_VISITS = `SELECT v.*, ${CUSTOMER_REF_SQL}, u.display_name AS checked_in_by_name, d.status AS deal_status, ds.display_name AS deal_staff,
    (SELECT COUNT(*) FROM deals AS o WHERE o.customer_id = v.customer_id AND o.status = 'open') AS open_deals
  FROM visits AS v JOIN customers AS c ON c.id = v.customer_id LEFT JOIN users AS u ON u.id = v.checked_in_by
  LEFT JOIN deals AS d ON d.id = v.deal_id LEFT JOIN users AS ds ON ds.id = d.assigned_user_id
  WHERE v.store_id = ? AND v.open = 1`
const BY_ARRIVAL = 'ORDER BY v.checked_in_at, v.id'

/** Open visits at this store (all of them, or one customer's), with who they are, who checked them in and their deal. */
export async function openVisits(read: Rows, storeId: string, customerId?: string): Promise<OpenVisit[]> {
  const rows = customerId
    ? await read<OpenVisitRow>(`${OPEN_VISITS} AND v.customer_id = ? ${BY_ARRIVAL}`, [storeId, customerId])
    : await read<OpenVisitRow>(`${OPEN_VISITS} ${BY_ARRIVAL}`, [storeId])
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
