import { customerFieldsSchema, type CustomerDetail, type CustomerFields } from '@contract/customers'

const FIELD_NAMES = Object.keys(customerFieldsSchema.shape) as (keyof CustomerFields)[]

/**
 * Fields the form leaves out until the user changes them: an empty password and an untouched
 * photo mean "keep what is saved".
 */
const KEPT_UNLESS_CHANGED = new Set<keyof CustomerFields>(['password', 'photo', 'photoThumbnail'])

/**
 * A new customer's form: the contract's own defaults ('' and false), at the given stores. The
 * loyalty switch has none: the form view sets it to the store's "New customers join…".
 */
export function blankCustomer(storeIds: string[]): CustomerFields {
  return { ...customerFieldsSchema.partial().parse({}), firstName: '', storeIds }
}

/** An existing customer as the form edits it: exactly the contract's fields (the input schema is strict). */
export function customerToForm(customer: CustomerDetail): CustomerFields {
  const values: Record<string, unknown> = { password: '' }
  for (const name of FIELD_NAMES) {
    if (!KEPT_UNLESS_CHANGED.has(name) && name in customer) values[name] = customer[name as keyof CustomerDetail]
  }
  return values as CustomerFields
}

/**
 * What the form was loaded with, sent with an update: main then writes only the fields the
 * user changed, so an edit another store made meanwhile is not put back (password and photo
 * are only ever sent when changed).
 */
export function loadedForUpdate(values: CustomerFields): Omit<CustomerFields, 'password' | 'photo' | 'photoThumbnail'> {
  return Object.fromEntries(Object.entries(values).filter(([name]) => !KEPT_UNLESS_CHANGED.has(name as keyof CustomerFields))) as Omit<
    CustomerFields,
    'password' | 'photo' | 'photoThumbnail'
  >
}

/** Fields behind the "Additional information" toggle: it opens by itself when one holds a value or an error. */
export const ADDITIONAL_FIELDS = [
  'driversLicenseNumber',
  'driversLicenseState',
  'driversLicenseExpiry',
  'medicalNumber',
  'medicalExpiry',
] as const satisfies readonly (keyof CustomerFields)[]
