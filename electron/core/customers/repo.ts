import type { Knex } from 'knex'
import { insertTracked, updateTracked, type Writer } from '../db/changelog'
import { DERIVED_COLUMNS } from './derived'
import type { FieldColumn } from './columns'

type Flag = number | boolean
type TextColumn = Exclude<FieldColumn, 'first_name' | 'sms_opt_in' | 'email_opt_in' | 'loyalty_enrolled' | 'assigned_staff_ids' | 'store_ids'>

/** One row of `customers`, as SQLite returns it (booleans as 0/1). */
export type CustomerRow = { [C in TextColumn]: string | null } & {
  local_rowid?: number
  id: string
  store_id: string
  customer_number: number
  first_name: string
  sms_opt_in: Flag
  email_opt_in: Flag
  loyalty_enrolled: Flag
  password_hash: string | null
  assigned_staff_ids: string
  store_ids: string
  active: Flag
  erased_at: string | null
  created_at: string
  updated_at: string
  name_key: string
  last_key: string | null
  nickname_key: string | null
  search_text: string
  loyalty_points: number
  last_loyalty_reason: string | null
  flagged: Flag
  flag_reason: string | null
}

/** The password hash enters the change log only as a marker; derived columns not at all. */
/** How a customer row enters the change log: the password only as a marker, derived search keys not at all. */
export const CUSTOMER_TRACKING = { secret: ['password_hash'], untracked: DERIVED_COLUMNS }

export function findCustomer(db: Knex, id: string): Promise<CustomerRow | undefined> {
  return db<CustomerRow>('customers').where({ id }).first()
}

export function findCustomerByUsername(db: Knex, username: string): Promise<Pick<CustomerRow, 'id'> | undefined> {
  // The column is COLLATE NOCASE: "JSmith" and "jsmith" are the same username.
  return db<CustomerRow>('customers').select('id').where({ username }).first()
}

/** The next human number in this store: numbers are unique per store, so stores never clash. */
export async function nextCustomerNumber(db: Knex, storeId: string): Promise<number> {
  const row = await db('customers').where({ store_id: storeId }).max<{ n: number | null }>({ n: 'customer_number' }).first()
  return (row?.n ?? 0) + 1
}

/** Columns left out of a new row keep their defaults (null, 0, '[]'). */
export async function insertCustomer(w: Writer, row: Partial<CustomerRow> & Pick<CustomerRow, 'id'>): Promise<void> {
  await insertTracked(w, 'customers', { ...row }, CUSTOMER_TRACKING)
}

export async function updateCustomer(w: Writer, id: string, patch: Partial<CustomerRow>): Promise<CustomerRow | undefined> {
  return (await updateTracked(w, 'customers', id, patch, CUSTOMER_TRACKING)) as CustomerRow | undefined
}

/** Display names of users by id (assigned staff, who changed what), in one query. */
export async function userNames(db: Knex, ids: readonly string[]): Promise<Map<string, string>> {
  if (ids.length === 0) return new Map()
  const rows = await db('users').select('id', 'display_name').whereIn('id', [...new Set(ids)])
  return new Map(rows.map((r: { id: string; display_name: string }) => [r.id, r.display_name]))
}

export async function activeUserIds(db: Knex, ids: readonly string[]): Promise<Set<string>> {
  if (ids.length === 0) return new Set()
  const rows = await db('users').select('id').whereIn('id', [...ids]).where({ active: true })
  return new Set(rows.map((r: { id: string }) => r.id))
}

export async function storeNames(db: Knex): Promise<Map<string, string>> {
  const rows = await db('stores').select('id', 'name')
  return new Map(rows.map((r: { id: string; name: string }) => [r.id, r.name]))
}
