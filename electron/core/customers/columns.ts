import type { CustomerFieldName } from '../../contract/customers'

/** Form fields stored as one column each on `customers` (password, photo and username have rules of their own). */
export type StoredField = Exclude<CustomerFieldName, 'password' | 'photo' | 'photoThumbnail'>

export const FIELD_COLUMNS = {
  firstName: 'first_name',
  lastName: 'last_name',
  nickname: 'nickname',
  phone: 'phone',
  smsOptIn: 'sms_opt_in',
  email: 'email',
  emailOptIn: 'email_opt_in',
  gender: 'gender',
  dateOfBirth: 'date_of_birth',
  nationality: 'nationality',
  anniversary: 'anniversary',
  gateCode: 'gate_code',
  idNumber: 'id_number',
  customerType: 'customer_type',
  notes: 'notes',
  username: 'username',
  assignedStaffIds: 'assigned_staff_ids',
  storeIds: 'store_ids',
  loyaltyEnrolled: 'loyalty_enrolled',
  giftCardNumber: 'gift_card_number',
  addressLine1: 'address_line1',
  addressLine2: 'address_line2',
  city: 'city',
  state: 'state',
  zip: 'zip',
  country: 'country',
  driversLicenseNumber: 'drivers_license_number',
  driversLicenseState: 'drivers_license_state',
  driversLicenseExpiry: 'drivers_license_expiry',
  medicalNumber: 'medical_number',
  medicalExpiry: 'medical_expiry',
} as const satisfies Record<StoredField, string>

export type FieldColumn = (typeof FIELD_COLUMNS)[StoredField]

/** Stored as JSON arrays, so each list merges as one field (last writer wins) in sync. */
export const LIST_FIELDS = ['assignedStaffIds', 'storeIds'] as const satisfies readonly StoredField[]
export const BOOLEAN_FIELDS = ['smsOptIn', 'emailOptIn', 'loyaltyEnrolled'] as const satisfies readonly StoredField[]
export const MEDICAL_FIELDS = ['medicalNumber', 'medicalExpiry'] as const satisfies readonly StoredField[]

const FIELD_OF_COLUMN = new Map<string, StoredField>(
  Object.entries(FIELD_COLUMNS).map(([field, column]) => [column, field as StoredField]),
)

export function fieldOfColumn(column: string): StoredField | undefined {
  return FIELD_OF_COLUMN.get(column)
}

const isList = (field: StoredField) => (LIST_FIELDS as readonly string[]).includes(field)
const isBoolean = (field: StoredField) => (BOOLEAN_FIELDS as readonly string[]).includes(field)

/** A form value as stored: '' is "not given" (null), lists are JSON, booleans stay booleans. */
export function toColumnValue(field: StoredField, value: unknown): unknown {
  if (isList(field)) return JSON.stringify(value)
  if (typeof value === 'string') return value === '' ? null : value
  return value
}

/** A stored value as the form shows it: null is '', 0/1 are booleans, JSON lists are arrays. */
export function toFieldValue(field: StoredField, stored: unknown): unknown {
  if (isList(field)) return typeof stored === 'string' ? JSON.parse(stored) : []
  if (isBoolean(field)) return stored === 1 || stored === true
  return stored ?? ''
}
