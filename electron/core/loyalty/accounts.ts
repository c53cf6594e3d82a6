import type { Knex } from 'knex'
import { mergedAway } from '../customers/merge/merged-away'
import { formatPhone } from '../customers/phone'
import type { Writer } from '../db/changelog'
import { prepared, type Rows } from '../db/prepared'
import { fieldError, notFound } from '../errors'
import { loyaltyEnrolledAt } from './enrolled-since'

/**
 * A customer as selling and loyalty see them. The one place these domains read the
 * customers table (only the columns they need, not the whole row the customers repo reads).
 */
export interface CustomerAccount {
  id: string
  name: string
  active: boolean
  loyaltyEnrolled: boolean
  /** The cached balance, kept equal to the ledger's sum in every write transaction. */
  balance: number
  flagged: boolean
  flagReason: string | null
  /** Merged into another customer (its rows go to the survivor: customers/merge). */
  merged: boolean
  /** Erased (customers:erase): the row is a tombstone and `name` is ERASED_CUSTOMER. */
  erased: boolean
}

interface CustomerAccountRow {
  id: string
  first_name: string
  last_name: string | null
  active: number | boolean
  loyalty_enrolled: number | boolean
  loyalty_points: number
  flagged: number | boolean
  flag_reason: string | null
  merged: number
  erased_at: string | null
}

const ACCOUNT = `SELECT id, first_name, last_name, active, loyalty_enrolled, loyalty_points, flagged, flag_reason,
  merged_into IS NOT NULL AS merged, erased_at FROM customers WHERE id = ?`

export function displayName(row: { first_name: string; last_name: string | null }): string {
  return [row.first_name, row.last_name].filter(Boolean).join(' ')
}

/** What a receipt, or a list of receipts, says in place of an erased customer's name. */
export const ERASED_CUSTOMER = 'Erased customer'

/**
 * A customer's name wherever their receipts are shown (receipts:get, receipts:search, the
 * receipts a sale or void answers with): an erased customer's tombstone has no name left.
 */
export function customerName(row: { first_name: string | null; last_name: string | null; erased_at: string | null }): string {
  return row.erased_at ? ERASED_CUSTOMER : displayName({ first_name: row.first_name ?? '', last_name: row.last_name })
}

export async function findCustomerAccount(db: Knex, id: string): Promise<CustomerAccount | undefined> {
  const [row] = await prepared<CustomerAccountRow>(db, ACCOUNT, [id])
  if (!row) return undefined
  return {
    id: row.id,
    name: customerName(row),
    active: Boolean(row.active),
    loyaltyEnrolled: Boolean(row.loyalty_enrolled),
    balance: row.loyalty_points,
    flagged: Boolean(row.flagged),
    flagReason: row.flag_reason,
    merged: Boolean(row.merged),
    erased: Boolean(row.erased_at),
  }
}

/**
 * The customer a sale, adjustment, feedback, deal or appointment is for: it must exist and be
 * active. Erased and merged customers are inactive too, but cannot be restored: an erased one
 * is not found (as customers:get says), a merged one is refused naming the customer it lives
 * on in (merged-away.ts).
 */
export async function requireActiveCustomer(db: Knex, id: string, field = 'customerId'): Promise<CustomerAccount> {
  const account = await findCustomerAccount(db, id)
  if (!account || account.erased) throw notFound('Customer')
  if (account.merged) throw await mergedAway(db, id)
  if (!account.active) throw fieldError(field, 'This customer is inactive; restore them first')
  return account
}

/**
 * Keeps the customers table's caches of the ledger (its sum, and its latest entry's reason,
 * for sorting and the table's Reason column) in step, in the same transaction. Plain
 * writes on purpose: a cache is recomputed from the synced ledger rows by every store, so it
 * never enters the change log (see the customers migration).
 */
export async function cacheBalance(w: Writer, customerId: string, balance: number, reason: string): Promise<void> {
  await prepared(w.trx, 'UPDATE customers SET loyalty_points = ?, last_loyalty_reason = ? WHERE id = ?', [balance, reason, customerId])
}

interface CustomerHeaderRow extends Omit<CustomerAccountRow, 'merged' | 'erased_at'> {
  email: string | null
  phone: string | null
  address_line1: string | null
  address_line2: string | null
  city: string | null
  state: string | null
  zip: string | null
  country: string | null
  created_at: string
}

/**
 * The metrics page header: who the customer is and how to reach them, the phone as the store
 * writes it, since when they are a customer and since when in the loyalty programme. None for an
 * erased customer (whose page is gone, as metrics:customerTotals says).
 */
export async function findCustomerHeader(rows: Rows, id: string, storeCountry: string) {
  const [[row], enrolledAt] = await Promise.all([
    rows<CustomerHeaderRow>(
      `SELECT id, first_name, last_name, active, loyalty_enrolled, loyalty_points, flagged, flag_reason,
              email, phone, address_line1, address_line2, city, state, zip, country, created_at
       FROM customers WHERE id = ? AND erased_at IS NULL`,
      [id],
    ),
    loyaltyEnrolledAt(rows, id),
  ])
  if (!row) return undefined
  const cityLine = [row.city, [row.state, row.zip].filter(Boolean).join(' ')].filter(Boolean).join(', ')
  return {
    id: row.id,
    name: displayName(row),
    address: [row.address_line1, row.address_line2, cityLine, row.country].filter((line): line is string => Boolean(line)),
    phone: row.phone ? formatPhone(row.phone, storeCountry) : null,
    email: row.email,
    customerSince: row.created_at,
    loyaltyEnrolled: Boolean(row.loyalty_enrolled),
    loyaltyEnrolledAt: row.loyalty_enrolled ? enrolledAt : null,
    flagged: Boolean(row.flagged),
    flagReason: row.flag_reason,
    balance: row.loyalty_points,
  }
}
