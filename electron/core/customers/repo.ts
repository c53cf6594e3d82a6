import type { Knex } from 'knex'
import { insertMembers, insertTracked, setMembers, updateTracked, type LogEntry, type Writer } from '../db/changelog'
import { CLAIM_COLUMN, CLAIM_KINDS, setClaim } from './claims'
import type { FieldColumn } from './columns'
import { refreshMemberCaches } from './members'

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
  /** Set by a merge: the customer this one was merged into (customers/merge). */
  merged_into?: string | null
  merged_text?: string | null
}

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

/**
 * The join tables behind the `store_ids` and `assigned_staff_ids` caches: a write names the
 * whole list, the writer logs one add or remove per member that changed.
 */
async function writeMembers(w: Writer, id: string, lists: Partial<Pick<CustomerRow, 'store_ids' | 'assigned_staff_ids'>>) {
  if (lists.store_ids !== undefined) await setMembers(w, 'customer_stores', id, JSON.parse(lists.store_ids) as string[])
  if (lists.assigned_staff_ids !== undefined) await setMembers(w, 'customer_staff', id, JSON.parse(lists.assigned_staff_ids) as string[])
  if (lists.store_ids !== undefined || lists.assigned_staff_ids !== undefined) await refreshMemberCaches(w.trx, id)
}

/** A username or gift card number just written becomes the customer's claim on it (see claims.ts). */
async function writeClaims(w: Writer, id: string, written: Partial<CustomerRow>, entries: readonly LogEntry[]) {
  for (const kind of CLAIM_KINDS) {
    const column = CLAIM_COLUMN[kind]
    if (!(column in written)) continue
    const entry = [...entries].reverse().find((e) => e.row_id === id && (e.field === column || (e.op === 'insert' && e.table_name === 'customers')))
    if (!entry) continue
    await setClaim(w.trx, kind, id, written[column] ?? null, { hlc: entry.hlc, entryId: entry.id, at: w.at })
  }
}

/**
 * Columns left out of a new row keep their defaults (null, 0, '[]'). The first stores and
 * staff travel in the insert entry (one entry for a new customer) and go to their join tables.
 */
export async function insertCustomer(w: Writer, row: Partial<CustomerRow> & Pick<CustomerRow, 'id'>): Promise<void> {
  const { store_ids, assigned_staff_ids, ...columns } = row
  const stores = JSON.parse(store_ids ?? '[]') as string[]
  const staff = JSON.parse(assigned_staff_ids ?? '[]') as string[]
  const entry = await insertTracked(w, 'customers', { ...columns }, { customer_stores: stores, customer_staff: staff })
  await insertMembers(w, 'customer_stores', row.id, stores, entry)
  await insertMembers(w, 'customer_staff', row.id, staff, entry)
  await refreshMemberCaches(w.trx, row.id)
  await writeClaims(w, row.id, columns, [entry])
}

export async function updateCustomer(w: Writer, id: string, patch: Partial<CustomerRow>): Promise<CustomerRow | undefined> {
  const { store_ids, assigned_staff_ids, ...columns } = patch
  const after = (await updateTracked(w, 'customers', id, columns)) as CustomerRow | undefined
  if (!after) return undefined
  await writeMembers(w, id, { store_ids, assigned_staff_ids })
  await writeClaims(w, id, columns, w.entries)
  return findCustomer(w.trx, id)
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
