import type { CustomerDetail } from '@contract/customers'
import { CUSTOMER_FIELD_LABELS } from '@contract/customers'
import { MERGE_FIELDS, type MergeField } from '@contract/duplicates'
import { formatLocalDate } from '@/ui/format/dates'
import { describeValue } from '../labels'

/** One field of the side-by-side merge: its label and how each customer's value reads. */
export interface MergeRow {
  field: MergeField
  label: string
  a: string
  b: string
}

const DATE_FIELDS = new Set<MergeField>(['dateOfBirth', 'anniversary', 'driversLicenseExpiry', 'medicalExpiry'])

/** A customer's value of a field as the merge screen shows it ('' when there is none). */
export function shownValue(customer: CustomerDetail, field: MergeField): string {
  if (field === 'photo') return customer.photo ? 'Photo' : ''
  const value = customer[field]
  if (typeof value === 'boolean') return value ? 'Yes' : 'No'
  if (typeof value !== 'string' || value === '') return ''
  if (DATE_FIELDS.has(field)) return formatLocalDate(value)
  return describeValue(field, value)
}

/** The fields whose values differ: the only ones there is something to choose for. */
export function differingRows(a: CustomerDetail, b: CustomerDetail): MergeRow[] {
  return MERGE_FIELDS.flatMap((field) => {
    const row = { field, label: CUSTOMER_FIELD_LABELS[field], a: shownValue(a, field), b: shownValue(b, field) }
    // Photos are compared by what they are, not by "Photo".
    const same = field === 'photo' ? a.photo === b.photo : row.a === row.b
    return same ? [] : [row]
  })
}
