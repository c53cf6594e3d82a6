import type { Knex } from 'knex'
import { MAX_ASSIGNED_STAFF, type CustomerFieldName } from '../../contract/customers'
import { fieldError } from '../errors'
import { FIELD_COLUMNS, LIST_FIELDS, type StoredField } from './columns'
import type { CustomerFieldsInput } from './form'
import { userNames, type CustomerRow } from './repo'

type ListColumn = 'store_ids' | 'assigned_staff_ids'
const LIST_COLUMN: Record<(typeof LIST_FIELDS)[number], ListColumn> = { storeIds: 'store_ids', assignedStaffIds: 'assigned_staff_ids' }

/** The customer's stores and staff as they are now (the join tables), which may differ from what the form loaded. */
export async function currentMembers(db: Knex, customerId: string): Promise<Record<ListColumn, string[]>> {
  const [stores, staff] = await Promise.all([
    db('customer_stores').where({ customer_id: customerId }).pluck('store_id'),
    db('customer_staff').where({ customer_id: customerId }).pluck('user_id'),
  ])
  return { store_ids: stores, assigned_staff_ids: staff }
}

const same = (a: unknown, b: unknown) => JSON.stringify(a ?? '') === JSON.stringify(b ?? '')
const sameMembers = (a: readonly string[], b: readonly string[]) => a.length === b.length && a.every((id) => b.includes(id))

/** The stores and staff the customer's row shows now (its caches of the join tables). */
export function shownMembers(row: Pick<CustomerRow, ListColumn>): Record<ListColumn, string[]> {
  const list = (stored: unknown) => (typeof stored === 'string' ? (JSON.parse(stored) as string[]) : [])
  return { store_ids: list(row.store_ids), assigned_staff_ids: list(row.assigned_staff_ids) }
}

/**
 * Refuses a save whose lists, once another user's edit made meanwhile is taken into account,
 * would break the form's own rules: no store left (each form removed the store the other
 * kept), or more staff than a customer has (each form added its own). The user is told what
 * the list is now and chooses again; nothing is written.
 */
export async function guardMergedLists(db: Knex, changed: Partial<CustomerRow>, shown: Record<ListColumn, string[]>): Promise<void> {
  if (changed.store_ids !== undefined && (JSON.parse(changed.store_ids) as string[]).length === 0) {
    throw fieldError('storeIds', "Another user changed this customer's stores meanwhile, and together the two edits leave none. Choose the stores again.", 'CONFLICT')
  }
  if (changed.assigned_staff_ids !== undefined && (JSON.parse(changed.assigned_staff_ids) as string[]).length > MAX_ASSIGNED_STAFF) {
    const names = await userNames(db, shown.assigned_staff_ids)
    const assigned = shown.assigned_staff_ids.map((id) => names.get(id) ?? 'Unknown')
    const now = assigned.length === 0 ? 'no one is assigned now' : `${assigned.join(' and ')} ${assigned.length === 1 ? 'is' : 'are'} assigned now`
    throw fieldError(
      'assignedStaffIds',
      `Another user changed the assigned staff meanwhile: ${now}. Choose at most ${MAX_ASSIGNED_STAFF} again.`,
      'CONFLICT',
    )
  }
}

/**
 * What a save writes: only the fields the user changed since the form was loaded, so a form
 * opened before another store's edit arrived does not put the old value back. A list (stores,
 * staff) changes by the members added and removed in the form, applied to the list as it is
 * now. A form that loaded the list exactly as it is shown now (the staff row shows the first
 * two of the join table) applies to that list: what the user saw is what they chose from, so
 * a member hidden beyond the first two goes when the user changes the staff.
 * Without `loaded` (a caller that does not say what it loaded), every field is written.
 */
export function changedSince(
  typed: CustomerFieldsInput,
  loaded: Partial<Record<CustomerFieldName, unknown>> | undefined,
  columns: Partial<CustomerRow>,
  now: Record<ListColumn, string[]>,
  shown: Record<ListColumn, string[]> = now,
): Partial<CustomerRow> {
  if (!loaded) return columns
  const out: Partial<CustomerRow> = {}
  for (const [field, column] of Object.entries(FIELD_COLUMNS) as [StoredField, keyof CustomerRow][]) {
    if (!(column in columns)) continue
    const list = LIST_COLUMN[field as keyof typeof LIST_COLUMN]
    if (list) {
      const before = Array.isArray(loaded[field]) ? (loaded[field] as string[]) : []
      const after = typed[field] as string[]
      const added = after.filter((id) => !before.includes(id))
      const removed = new Set(before.filter((id) => !after.includes(id)))
      const base = sameMembers(before, shown[list]) ? shown[list] : now[list]
      if (added.length || removed.size) out[list] = JSON.stringify([...new Set([...base.filter((id) => !removed.has(id)), ...added])])
      continue
    }
    if (!(field in loaded) || !same(typed[field], loaded[field])) (out as Record<string, unknown>)[column] = columns[column]
  }
  return out
}
