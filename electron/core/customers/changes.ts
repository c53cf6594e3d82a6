import type { Knex } from 'knex'
import type { CustomerFieldName } from '../../contract/customers'
import { FIELD_COLUMNS, LIST_FIELDS, type StoredField } from './columns'
import type { CustomerFieldsInput } from './form'
import type { CustomerRow } from './repo'

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

/**
 * What a save writes: only the fields the user changed since the form was loaded, so a form
 * opened before another store's edit arrived does not put the old value back. A list (stores,
 * staff) changes by the members added and removed in the form, applied to the list as it is
 * now. Without `loaded` (a caller that does not say what it loaded), every field is written.
 */
export function changedSince(
  typed: CustomerFieldsInput,
  loaded: Partial<Record<CustomerFieldName, unknown>> | undefined,
  columns: Partial<CustomerRow>,
  now: Record<ListColumn, string[]>,
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
      if (added.length || removed.size) out[list] = JSON.stringify([...new Set([...now[list].filter((id) => !removed.has(id)), ...added])])
      continue
    }
    if (!(field in loaded) || !same(typed[field], loaded[field])) (out as Record<string, unknown>)[column] = columns[column]
  }
  return out
}
