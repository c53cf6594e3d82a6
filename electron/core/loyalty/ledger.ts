import type { Knex } from 'knex'
import type { LoyaltyEntry, LoyaltyEntryKind } from '../../contract/loyalty'
import type { Writer } from '../db/changelog'
import { newId } from '../ids'

export interface LedgerRow {
  id: string
  store_id: string
  customer_id: string
  kind: LoyaltyEntryKind
  /** Signed: added points are positive, removed ones negative. */
  points: number
  reason: string
  receipt_id: string | null
  user_id: string | null
  approver_id: string | null
  created_at: string
  hlc: string
}

export type NewLedgerEntry = Pick<LedgerRow, 'customer_id' | 'kind' | 'points' | 'reason' | 'receipt_id' | 'approver_id'>

/** A new entry by the writer's user, store and time; its HLC stamp orders it among every store's entries. */
export function newLedgerRow(w: Writer, entry: NewLedgerEntry): LedgerRow {
  return { id: newId(), store_id: w.storeId, user_id: w.userId, created_at: w.at, hlc: w.tick(), ...entry }
}

/** The balance by definition: the sum of the ledger. */
export async function ledgerBalance(db: Knex, customerId: string): Promise<number> {
  const row = await db('loyalty_ledger').where({ customer_id: customerId }).sum<{ total: number | null }>({ total: 'points' }).first()
  return Number(row?.total ?? 0)
}

interface LedgerPageRow extends LedgerRow {
  balance_after: number
  user_name: string | null
  approver_name: string | null
  receipt_number: string | null
}

/** The ledger's rows of one customer, each with the running balance right after it in ledger (HLC) order. */
function runningLedger(db: Knex, customerId: string) {
  return db('loyalty_ledger')
    .select('*', db.raw('SUM(points) OVER (ORDER BY hlc, id ROWS UNBOUNDED PRECEDING) AS balance_after'))
    .where({ customer_id: customerId })
    .as('l')
}

function namedLedger(db: Knex, customerId: string) {
  return db
    .from(runningLedger(db, customerId))
    .leftJoin('users as u', 'u.id', 'l.user_id')
    .leftJoin('users as a', 'a.id', 'l.approver_id')
    .leftJoin('receipts as r', 'r.id', 'l.receipt_id')
    .select('l.*', 'u.display_name as user_name', 'a.display_name as approver_name', 'r.number as receipt_number')
}

/** One entry as the history shows it (a repeated loyalty:adjust answers with it), if it is still there. */
export async function ledgerEntry(db: Knex, id: string): Promise<LedgerPageRow | undefined> {
  const row: { customer_id: string } | undefined = await db('loyalty_ledger').where({ id }).first('customer_id')
  return row && namedLedger(db, row.customer_id).where('l.id', id).first()
}

/**
 * Newest first, after the keyset (hlc, id) of the previous page, each entry with the running
 * balance right after it in ledger (HLC) order.
 */
export function ledgerPage(db: Knex, customerId: string, after: string[] | null, limit: number): Promise<LedgerPageRow[]> {
  const q = namedLedger(db, customerId)
  if (after) q.whereRaw('(l.hlc, l.id) < (?, ?)', after)
  return q.orderBy([
    { column: 'l.hlc', order: 'desc' },
    { column: 'l.id', order: 'desc' },
  ]).limit(limit + 1)
}

export function toLoyaltyEntry(row: LedgerPageRow): LoyaltyEntry {
  return {
    id: row.id,
    at: row.created_at,
    kind: row.kind,
    points: row.points,
    balanceAfter: Number(row.balance_after),
    reason: row.reason,
    user: row.user_name,
    approver: row.approver_name,
    receipt: row.receipt_id && row.receipt_number ? { id: row.receipt_id, number: row.receipt_number } : null,
  }
}
