import type { CUSTOMER_TYPES, GENDERS } from '../../../contract/customers'
import { formatPhone } from '../phone'

/** The customer columns an export reads, as SQLite returns them (booleans as 0/1). */
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

export type ExportDbRow = Record<(typeof EXPORT_DB_COLUMNS)[number], string | number | null>

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
const text = (key: string, label: string, column: keyof ExportDbRow, width = 18): ExportColumn => ({
  key,
  label,
  kind: 'text',
  width,
  value: (row) => str(row[column]),
})
const yesNo = (key: string, label: string, column: keyof ExportDbRow): ExportColumn => ({
  key,
  label,
  kind: 'yesNo',
  width: 10,
  value: (row) => Number(row[column]) === 1,
})
const day = (key: string, label: string, column: keyof ExportDbRow): ExportColumn => ({ key, label, kind: 'date', width: 12, value: (row) => str(row[column]) })

function storeList(json: unknown, names: Map<string, string>): string | null {
  if (typeof json !== 'string') return null
  const ids = JSON.parse(json) as string[]
  return ids.map((id) => names.get(id) ?? 'Unknown').join('; ') || null
}

/**
 * Every contact field of a customer and what the table shows (PRODUCT §1.12), in the form's
 * order. Left out on purpose: the password hash and photo, notes, the gate code and the
 * identity documents (ID, driver's licence and medical numbers): a list that leaves the PC
 * carries no more personal data than reaching customers needs.
 */
export const EXPORT_COLUMNS: readonly ExportColumn[] = [
  { key: 'customerNumber', label: 'Customer number', kind: 'number', width: 10, value: (row) => Number(row.customer_number) },
  text('firstName', 'First name', 'first_name'),
  text('lastName', 'Last name', 'last_name'),
  text('nickname', 'Nickname', 'nickname', 14),
  { key: 'phone', label: 'Phone', kind: 'text', width: 18, value: (row, c) => (row.phone ? formatPhone(String(row.phone), c.country) : null) },
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
  { key: 'gender', label: 'Gender', kind: 'text', width: 12, value: (row) => (row.gender ? (GENDER_LABELS[row.gender as keyof typeof GENDER_LABELS] ?? String(row.gender)) : null) },
  text('nationality', 'Nationality', 'nationality', 8),
  {
    key: 'customerType',
    label: 'Customer type',
    kind: 'text',
    width: 12,
    value: (row) => (row.customer_type ? (TYPE_LABELS[row.customer_type as keyof typeof TYPE_LABELS] ?? String(row.customer_type)) : null),
  },
  text('username', 'Username', 'username', 16),
  yesNo('loyaltyEnrolled', 'Loyalty enrolled', 'loyalty_enrolled'),
  { key: 'loyaltyPoints', label: 'Loyalty points', kind: 'number', width: 10, value: (row) => Number(row.loyalty_points ?? 0) },
  text('lastLoyaltyReason', 'Last loyalty reason', 'last_loyalty_reason', 20),
  text('giftCardNumber', 'Gift card number', 'gift_card_number', 16),
  { key: 'stores', label: 'Stores', kind: 'text', width: 20, value: (row, c) => storeList(row.store_ids, c.storeNames) },
  yesNo('flagged', 'Flagged', 'flagged'),
  text('flagReason', 'Flag reason', 'flag_reason', 24),
  { key: 'status', label: 'Status', kind: 'text', width: 10, value: (row) => (row.active === 1 ? 'Active' : 'Inactive') },
  { key: 'registered', label: 'Registered', kind: 'datetime', width: 17, value: (row, c) => c.localTime(String(row.created_at)) },
]

/** One row's values, in column order. */
export function rowValues(row: ExportDbRow, context: ExportContext): CellValue[] {
  return EXPORT_COLUMNS.map((column) => column.value(row, context))
}
