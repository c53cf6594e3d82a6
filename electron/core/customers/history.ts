import type { ParsedInput } from '../../contract'
import { CUSTOMER_FIELD_LABELS, type CustomerFieldName } from '../../contract/customers'
import type { CommandContext } from '../context'
import { fieldOfColumn } from './columns'
import { requireCustomer } from './lookup'
import { formatPhone } from './phone'
import { localStore } from './present'
import { storeNames, userNames } from './repo'

interface LogRow {
  table_name: string
  field: string
  old_value: string | null
  new_value: string | null
  created_at: string
  user_name: string | null
}

/** Markers for values the log never holds: it records that they changed, not what they are. */
const MARKED: Record<string, { field: string; label: string; marker: string }> = {
  'customers.password_hash': { field: 'password', label: CUSTOMER_FIELD_LABELS.password, marker: '[hidden]' },
  'customer_photos.photo': { field: 'photo', label: CUSTOMER_FIELD_LABELS.photo, marker: '[photo]' },
}
const STATUS: Record<string, { field: string; label: string }> = {
  'customers.active': { field: 'active', label: 'Active' },
  'customers.erased_at': { field: 'erased', label: 'Erased' },
}

type Show = (json: string | null) => string | null

/** A logged list column: the log holds the column's JSON text, itself encoded as JSON. */
const loggedIds = (json: string | null): string[] => (json === null ? [] : (JSON.parse(JSON.parse(json) as string) as string[]))

/** Turns one logged value (JSON) into what a person reads: names for ids, Yes/No, the phone as written. */
async function valueReaders(ctx: CommandContext, rows: LogRow[]) {
  const staffIds = rows.filter((r) => r.field === 'assigned_staff_ids').flatMap((r) => [...loggedIds(r.old_value), ...loggedIds(r.new_value)])
  const [staff, stores, store] = await Promise.all([userNames(ctx.db, staffIds), storeNames(ctx.db), localStore(ctx)])
  const plain: Show = (json) => {
    if (json === null) return null
    const value: unknown = JSON.parse(json)
    return typeof value === 'boolean' ? (value ? 'Yes' : 'No') : String(value)
  }
  const listOf =
    (names: Map<string, string>): Show =>
    (json) =>
      json === null ? null : loggedIds(json).map((id) => names.get(id) ?? 'Unknown').join(', ')
  const phone: Show = (json) => (json === null ? null : formatPhone(JSON.parse(json) as string, store.country))
  return { plain, byField: { assignedStaffIds: listOf(staff), storeIds: listOf(stores), phone } as Record<string, Show> }
}

/**
 * The change-history tab: who changed which field when, from the change log, newest first.
 * Columns nobody types (ids, numbers, derived keys) are left out, and so are empty fields of a
 * new customer.
 */
export async function history(ctx: CommandContext, input: ParsedInput<'customers:history'>) {
  await requireCustomer(ctx.db, input.id)
  const rows: LogRow[] = await ctx
    .db('change_log as c')
    .leftJoin('users as u', 'u.id', 'c.user_id')
    .select('c.table_name', 'c.field', 'c.old_value', 'c.new_value', 'c.created_at', 'u.display_name as user_name')
    .whereIn('c.table_name', ['customers', 'customer_photos'])
    .andWhere('c.row_id', input.id)
    .orderBy('c.hlc', 'desc')
  const read = await valueReaders(ctx, rows)
  return rows.flatMap((row) => {
    if (row.old_value === null && row.new_value === null) return []
    const key = `${row.table_name}.${row.field}`
    const base = { at: row.created_at, user: row.user_name }
    const marked = MARKED[key]
    if (marked) {
      const show = (v: string | null) => (v === null ? null : marked.marker)
      return [{ ...base, field: marked.field, label: marked.label, oldValue: show(row.old_value), newValue: show(row.new_value) }]
    }
    const status = STATUS[key]
    const field = status?.field ?? (row.table_name === 'customers' ? fieldOfColumn(row.field) : undefined)
    if (!field) return []
    const label = status?.label ?? CUSTOMER_FIELD_LABELS[field as CustomerFieldName]
    const show = read.byField[field] ?? read.plain
    return [{ ...base, field, label, oldValue: show(row.old_value), newValue: show(row.new_value) }]
  })
}
