import type { ParsedInput } from '../../contract'
import { CUSTOMER_FIELD_LABELS, type CustomerFieldName } from '../../contract/customers'
import type { CommandContext } from '../context'
import { fieldOfColumn } from './columns'
import { pageCustomerId } from './lookup'
import { mergedInto, mergedMap } from './merge/family'
import { formatPhone } from './phone'
import { localStore } from './present'
import { storeNames, userNames } from './repo'

interface LogRow {
  op: string
  table_name: string
  field: string | null
  old_value: string | null
  value: string | null
  created_at: string
  user_name: string | null
}

/** One line of the change-history tab before its values are put into words. */
interface Change {
  at: string
  user: string | null
  table: string
  column: string
  old: unknown
  new: unknown
}

/** Markers for values the tab never shows: it says that they changed, not what they are. */
const MARKED: Record<string, { field: string; label: string; marker: string }> = {
  'customers.password_hash': { field: 'password', label: CUSTOMER_FIELD_LABELS.password, marker: '[hidden]' },
  'customer_photos.photo_hash': { field: 'photo', label: CUSTOMER_FIELD_LABELS.photo, marker: '[photo]' },
  // Entries written before photos were content-addressed.
  'customer_photos.photo': { field: 'photo', label: CUSTOMER_FIELD_LABELS.photo, marker: '[photo]' },
}
const STATUS: Record<string, { field: string; label: string }> = {
  'customers.active': { field: 'active', label: 'Active' },
  'customers.erased_at': { field: 'erased', label: 'Erased' },
}
/** A set's add or remove, shown as the form's list field. */
const SET_FIELDS: Record<string, 'storeIds' | 'assignedStaffIds'> = { customer_stores: 'storeIds', customer_staff: 'assignedStaffIds' }
const LIST_COLUMNS: Record<string, 'storeIds' | 'assignedStaffIds'> = { store_ids: 'storeIds', assigned_staff_ids: 'assignedStaffIds' }
const BOOLEAN_COLUMNS = new Set(['sms_opt_in', 'email_opt_in', 'loyalty_enrolled', 'active'])

const parse = (json: string | null): unknown => (json === null ? null : JSON.parse(json))

/** The entries as lines of the tab: an insert as one line per field it set, a set's add or remove as a list change. */
function toChanges(row: LogRow): Change[] {
  const base = { at: row.created_at, user: row.user_name, table: row.table_name }
  if (row.op === 'insert' || row.op === 'snapshot') {
    const value = (parse(row.value) ?? {}) as Record<string, unknown>
    return Object.entries(value).flatMap(([column, v]) => {
      if (SET_FIELDS[column]) return (v as string[]).map((id) => ({ ...base, table: column, column: SET_FIELDS[column], old: null, new: [id] }))
      return [{ ...base, column, old: null, new: v }]
    })
  }
  if (row.op === 'add' || row.op === 'remove') {
    const member = [row.field]
    return [{ ...base, column: SET_FIELDS[row.table_name], old: row.op === 'remove' ? member : null, new: row.op === 'add' ? member : null }]
  }
  if (row.op === 'update') return [{ ...base, column: row.field!, old: parse(row.old_value), new: parse(row.value) }]
  if (row.op === 'legacy') {
    // Before sync: one entry per field, lists as JSON text inside JSON.
    const list = LIST_COLUMNS[row.field ?? '']
    const ids = (json: string | null) => (json === null ? null : (JSON.parse(JSON.parse(json) as string) as string[]))
    if (list) return [{ ...base, column: list, old: ids(row.old_value), new: ids(row.value) }]
    return [{ ...base, column: row.field ?? '', old: parse(row.old_value), new: parse(row.value) }]
  }
  return []
}

/** Turns one logged value into what a person reads: names for ids, Yes/No, the phone as written. */
async function valueReaders(ctx: CommandContext, changes: Change[]) {
  const staffIds = changes.filter((c) => c.column === 'assignedStaffIds').flatMap((c) => [...((c.old as string[]) ?? []), ...((c.new as string[]) ?? [])])
  const [staff, stores, store] = await Promise.all([userNames(ctx.db, staffIds), storeNames(ctx.db), localStore(ctx)])
  const listOf = (names: Map<string, string>) => (ids: unknown) => (ids === null ? null : (ids as string[]).map((id) => names.get(id) ?? 'Unknown').join(', '))
  return (change: Change, value: unknown): string | null => {
    if (value === null || value === undefined) return null
    if (change.column === 'assignedStaffIds') return listOf(staff)(value)
    if (change.column === 'storeIds') return listOf(stores)(value)
    if (change.column === 'phone') return formatPhone(String(value), store.country)
    if (typeof value === 'boolean' || BOOLEAN_COLUMNS.has(change.column)) return value === true || value === 1 ? 'Yes' : 'No'
    return String(value)
  }
}

/** Columns nobody types (ids, numbers, dates the app sets) are left out of the tab. */
function labelOf(change: Change): { field: string; label: string; marker?: string } | undefined {
  const key = `${change.table}.${change.column}`
  if (MARKED[key]) return MARKED[key]
  if (STATUS[key]) return STATUS[key]
  if (change.column === 'storeIds' || change.column === 'assignedStaffIds') return { field: change.column, label: CUSTOMER_FIELD_LABELS[change.column] }
  const field = change.table === 'customers' ? fieldOfColumn(change.column) : undefined
  return field ? { field, label: CUSTOMER_FIELD_LABELS[field as CustomerFieldName] } : undefined
}

/**
 * The change-history tab: who changed which field when, from the change log, newest first,
 * whichever store made the change. Empty fields of a new customer are left out.
 */
export async function history(ctx: CommandContext, input: ParsedInput<'customers:history'>) {
  // A merged customer's history is its survivor's, as its page is; that includes every customer merged into it.
  const id = await pageCustomerId(ctx.db, input.id)
  const ids = [id, ...mergedInto(await mergedMap(ctx.db), id)]
  const rows: LogRow[] = await ctx
    .db('change_log as c')
    .leftJoin('users as u', 'u.id', 'c.user_id')
    .select('c.op', 'c.table_name', 'c.field', 'c.old_value', 'c.value', 'c.created_at', 'u.display_name as user_name')
    .whereIn('c.row_id', ids)
    .whereIn('c.table_name', ['customers', 'customer_photos', 'customer_stores', 'customer_staff'])
    .orderBy([
      { column: 'c.hlc', order: 'desc' },
      { column: 'c.id', order: 'desc' },
    ])
  const changes = rows.flatMap(toChanges)
  const show = await valueReaders(ctx, changes)
  return changes.flatMap((change) => {
    if (change.old === null && change.new === null) return []
    const label = labelOf(change)
    if (!label) return []
    const read = (value: unknown) => (label.marker ? (value === null ? null : label.marker) : show(change, value))
    return [{ at: change.at, user: change.user, field: label.field, label: label.label, oldValue: read(change.old), newValue: read(change.new) }]
  })
}
