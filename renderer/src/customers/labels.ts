import { CUSTOMER_TYPES, GENDERS, REGISTERED_PERIODS } from '@contract/customers'
import { countryName, type Choice } from '@/ui/form/options'

type Gender = (typeof GENDERS)[number]
type CustomerType = (typeof CUSTOMER_TYPES)[number]
type RegisteredPeriod = (typeof REGISTERED_PERIODS)[number]

const GENDER_LABELS: Record<Gender, string> = {
  female: 'Female',
  male: 'Male',
  non_binary: 'Non-binary',
  other: 'Other',
  prefer_not_to_say: 'Prefer not to say',
}

const CUSTOMER_TYPE_LABELS: Record<CustomerType, string> = {
  regular: 'Regular',
  vip: 'VIP',
  wholesale: 'Wholesale',
  employee: 'Employee',
  other: 'Other',
}

const PERIOD_LABELS: Record<RegisteredPeriod, string> = {
  '7d': 'Last 7 days',
  '30d': 'Last 30 days',
  '90d': 'Last 90 days',
  '365d': 'Last year',
  all: 'All time',
  custom: 'Custom range',
}

export const genderOptions: Choice<Gender>[] = GENDERS.map((value) => ({ value, label: GENDER_LABELS[value] }))
export const customerTypeOptions: Choice<CustomerType>[] = CUSTOMER_TYPES.map((value) => ({ value, label: CUSTOMER_TYPE_LABELS[value] }))
export const periodOptions: Choice<RegisteredPeriod>[] = REGISTERED_PERIODS.map((value) => ({ value, label: PERIOD_LABELS[value] }))
export const statusOptions: Choice<'active' | 'inactive' | 'all'>[] = [
  { value: 'active', label: 'Active' },
  { value: 'inactive', label: 'Inactive' },
  { value: 'all', label: 'All' },
]

/** A stored code of a pick-list field (gender, customer type, country) as the list shows it. */
export function describeValue(field: string, value: string): string {
  if (field === 'gender') return GENDER_LABELS[value as Gender] ?? value
  if (field === 'customerType') return CUSTOMER_TYPE_LABELS[value as CustomerType] ?? value
  if (field === 'nationality' || field === 'country') return countryName(value)
  return value
}

/**
 * A value of the change history as a person would say it. Main already turns ids into names,
 * yes/no into Yes/No and hides secrets; the renderer names the choices it offers.
 */
export function changeValue(field: string, value: string | null): string {
  return value === null || value === '' ? '—' : describeValue(field, value)
}

export function customerFullName(c: { firstName: string; lastName: string | null | undefined }): string {
  return [c.firstName, c.lastName].filter(Boolean).join(' ')
}

/** A customer of the customer page (customers:get) as CustomerName shows them: the flag is under `flag` there. */
export function namedCustomer(c: { firstName: string; lastName: string | null; flag: { flagged: boolean; reason: string | null } }) {
  return { firstName: c.firstName, lastName: c.lastName, flagged: c.flag.flagged, flagReason: c.flag.reason }
}
