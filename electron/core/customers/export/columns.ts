import type { CUSTOMER_TYPES, GENDERS } from '../../../contract/customers'
import { formatPhone } from '../phone'

/** The customer columns an export reads, in this order (booleans as 0/1). */
export const EXPORT_DB_COLUMNS = [
  'customer_number',
  'first_name',
  'last_name',
  'nickname',
  'phone',
  'email',
  'sms_opt_in',
  'email_opt_in',
  'address_line1',
  'address_line2',
  'city',
  'state',
  'zip',
  'country',
  'date_of_birth',
  'anniversary',
  'gender',
  'nationality',
  'customer_type',
  'username',
  'loyalty_enrolled',
  'loyalty_points',
  'last_loyalty_reason',
  'gift_card_number',
  'store_ids',
  'flagged',
  'flag_reason',
  'active',
  'created_at',
] as const

type ExportDbColumn = (typeof EXPORT_DB_COLUMNS)[number]
/**
 * One customer as the export reads it: the values of EXPORT_DB_COLUMNS in that order (a page
 * comes from SQLite as one JSON array of such arrays; see rows.ts).
 */
export type ExportDbRow = readonly (string | number | null)[]

const at = (column: ExportDbColumn) => EXPORT_DB_COLUMNS.indexOf(column)

/**
 * How a value is kept, so each format can write it as its readers expect: a CSV plain text
 * (ISO dates, which Excel and every importer read), a workbook typed cells, a PDF the store's
 * own way of writing dates and numbers.
 */
export type ColumnKind = 'text' | 'number' | 'date' | 'datetime' | 'yesNo'
/** A date is 'YYYY-MM-DD', a date-time the store's wall-clock 'YYYY-MM-DD HH:mm'. */
export type CellValue = string | number | boolean | null

export interface ExportContext {
  /** The store's country (phones in its national format) and time zone (when a customer registered). */
  country: string
  localTime: (iso: string) => string
  storeNames: Map<string, string>
}

export interface ExportColumn {
  key: string
  label: string
  kind: ColumnKind
  /** Characters wide in a workbook. */
  width: number
  value(row: ExportDbRow, context: ExportContext): CellValue
}

const GENDER_LABELS: Record<(typeof GENDERS)[number], string> = {
  female: 'Female',
  male: 'Male',
  non_binary: 'Non-binary',
  other: 'Other',
  prefer_not_to_say: 'Prefer not to say',
}
const TYPE_LABELS: Record<(typeof CUSTOMER_TYPES)[number], string> = {
  regular: 'Regular',
  vip: 'VIP',
  wholesale: 'Wholesale',
  employee: 'Employee',
  other: 'Other',
}

const str = (v: unknown) => (v === null || v === undefined || v === '' ? null : String(v))
const text = (key: string, label: string, column: ExportDbColumn, width = 18): ExportColumn => {
  const i = at(column)
  return { key, label, kind: 'text', width, value: (row) => str(row[i]) }
}
const yesNo = (key: string, label: string, column: ExportDbColumn): ExportColumn => {
  const i = at(column)
  return { key, label, kind: 'yesNo', width: 10, value: (row) => Number(row[i]) === 1 }
}
const day = (key: string, label: string, column: ExportDbColumn): ExportColumn => {
  const i = at(column)
  return { key, label, kind: 'date', width: 12, value: (row) => str(row[i]) }
}
/** A column whose value is worked out from one stored value (a label, a formatted phone). */
const shown = (key: string, label: string, kind: ColumnKind, width: number, column: ExportDbColumn, show: (value: string | number | null, context: ExportContext) => CellValue): ExportColumn => {
  const i = at(column)
  return { key, label, kind, width, value: (row, context) => show(row[i], context) }
}

/** Most customers belong to the same one or two stores: a list's names are worked out once per set of stores. */
const storeLists = new WeakMap<Map<string, string>, Map<string, string | null>>()
function storeList(json: unknown, names: Map<string, string>): string | null {
  if (typeof json !== 'string') return null
  let lists = storeLists.get(names)
  if (!lists) storeLists.set(names, (lists = new Map()))
  let list = lists.get(json)
  if (list === undefined) {
    const ids = JSON.parse(json) as string[]
    list = ids.map((id) => names.get(id) ?? 'Unknown').join('; ') || null
    if (lists.size > 10_000) lists.clear()
    lists.set(json, list)
  }
  return list
}

/**
 * Every contact field of a customer and what the table shows (PRODUCT §1.12), in the form's
 * order. Left out on purpose: the password hash and photo, notes, the gate code and the
 * identity documents (ID, driver's licence and medical numbers): a list that leaves the PC
 * carries no more personal data than reaching customers needs.
 */
export const EXPORT_COLUMNS: readonly ExportColumn[] = [
  shown('customerNumber', 'Customer number', 'number', 10, 'customer_number', (v) => Number(v)),
  text('firstName', 'First name', 'first_name'),
  text('lastName', 'Last name', 'last_name'),
  text('nickname', 'Nickname', 'nickname', 14),
  shown('phone', 'Phone', 'text', 18, 'phone', (v, c) => (v ? formatPhone(String(v), c.country) : null)),
  text('email', 'Email', 'email', 28),
  yesNo('smsOptIn', 'SMS opt-in', 'sms_opt_in'),
  yesNo('emailOptIn', 'Email opt-in', 'email_opt_in'),
  text('addressLine1', 'Address line 1', 'address_line1', 26),
  text('addressLine2', 'Address line 2', 'address_line2', 16),
  text('city', 'City', 'city', 16),
  text('state', 'State', 'state', 10),
  text('zip', 'ZIP', 'zip', 10),
  text('country', 'Country', 'country', 8),
  day('dateOfBirth', 'Date of birth', 'date_of_birth'),
  day('anniversary', 'Anniversary', 'anniversary'),
  shown('gender', 'Gender', 'text', 12, 'gender', (v) => (v ? (GENDER_LABELS[v as keyof typeof GENDER_LABELS] ?? String(v)) : null)),
  text('nationality', 'Nationality', 'nationality', 8),
  shown('customerType', 'Customer type', 'text', 12, 'customer_type', (v) => (v ? (TYPE_LABELS[v as keyof typeof TYPE_LABELS] ?? String(v)) : null)),
  text('username', 'Username', 'username', 16),
  yesNo('loyaltyEnrolled', 'Loyalty enrolled', 'loyalty_enrolled'),
  shown('loyaltyPoints', 'Loyalty points', 'number', 10, 'loyalty_points', (v) => Number(v ?? 0)),
  text('lastLoyaltyReason', 'Last loyalty reason', 'last_loyalty_reason', 20),
  text('giftCardNumber', 'Gift card number', 'gift_card_number', 16),
  shown('stores', 'Stores', 'text', 20, 'store_ids', (v, c) => storeList(v, c.storeNames)),
  yesNo('flagged', 'Flagged', 'flagged'),
  text('flagReason', 'Flag reason', 'flag_reason', 24),
  shown('status', 'Status', 'text', 10, 'active', (v) => (v === 1 ? 'Active' : 'Inactive')),
  shown('registered', 'Registered', 'datetime', 17, 'created_at', (v, c) => c.localTime(String(v))),
]
