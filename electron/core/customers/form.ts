import type { Knex } from 'knex'
import type { PhoneNumber } from 'libphonenumber-js'
import type { z } from 'zod'
import type { customerFieldsSchema } from '../../contract/customers'
import { AppError } from '../errors'
import type { StoreRow } from '../stores/repo'
import { FIELD_COLUMNS, MEDICAL_FIELDS, toColumnValue, type StoredField } from './columns'
import { parsePhone } from './phone'
import { MAX_PHOTO_SIDE, reencodePhoto } from './photos'
import { activeUserIds, storeNames, type CustomerRow } from './repo'

export type CustomerFieldsInput = z.output<typeof customerFieldsSchema>

/** What a save writes: the field columns, and the photo when it changes (null removes it). */
export interface FormWrite {
  columns: Partial<CustomerRow>
  /** The photo as main re-encoded it (a JPEG data URL); its thumbnail is made from it. */
  photo?: string | null
  /** The phone as parsed, for the search columns. */
  parsedPhone: PhoneNumber | null
}

export interface FormRules {
  store: StoreRow
  /** Today in the store's time zone ('YYYY-MM-DD'). */
  today: string
  /** The customer as stored, when editing. */
  before?: CustomerRow
}

/** The rules plus what they look up: the stores there are and the staff who may be assigned. */
export interface FormContext extends FormRules {
  knownStores: ReadonlySet<string>
  activeStaff: ReadonlySet<string>
  /**
   * Phones already parsed, by country and the number as typed: an import parses each row's
   * phone when it checks the file, and its save (the same rules again) finds it here instead
   * of parsing 100,000 numbers a second time (a third of the save's own work).
   */
  phones?: PhoneMemo
}

export type PhoneMemo = Map<string, PhoneNumber | null>

export type Messages = Record<string, string>

/**
 * The rules the contract cannot check on its own, all at once so the form shows every bad
 * field together. Medical fields are ignored, not refused, unless the store is a medical shop:
 * a form that hides them must still save, and what is stored stays as it is.
 */
export function checkForm(input: CustomerFieldsInput, context: FormContext): { write: FormWrite } | { errors: Messages } {
  const errors: Messages = {}
  const columns: Record<string, unknown> = {}
  for (const { field, column, medical } of COPIED_FIELDS) {
    if (medical && !context.store.medical_shop) continue
    columns[column] = toColumnValue(field, input[field])
  }
  columns.loyalty_enrolled = readEnrolment(input.loyaltyEnrolled, context)
  const parsedPhone = readPhone(input.phone, context.store.country, errors, context.phones)
  columns.phone = parsedPhone?.number ?? null
  columns.store_ids = JSON.stringify([...new Set(input.storeIds)])
  checkDates(input, context.today, errors)
  if (input.storeIds.some((id) => !context.knownStores.has(id))) errors.storeIds = 'Choose stores from the list'
  checkStaff(input.assignedStaffIds, context, errors)
  const username = readUsername(input.username, context.before, errors)
  if (username !== undefined) columns.username = username
  const photo = readPhoto(input, errors)
  if (Object.keys(errors).length) return { errors }
  return { write: { columns: columns as Partial<CustomerRow>, parsedPhone, ...(photo === undefined ? {} : { photo }) } }
}

/** checkForm with what it needs read from the database; a refused form throws VALIDATION. */
export async function readForm(db: Knex, input: CustomerFieldsInput, rules: FormRules): Promise<FormWrite> {
  const [stores, activeStaff] = await Promise.all([storeNames(db), activeUserIds(db, input.assignedStaffIds)])
  const checked = checkForm(input, { ...rules, knownStores: new Set(stores.keys()), activeStaff })
  if ('errors' in checked) throw new AppError('VALIDATION', 'Some fields need attention', { fields: checked.errors })
  return checked.write
}

/**
 * Enrolment as given, or when left out what the store's setting says for a new customer (an
 * import row without a loyalty column, a create that does not say) and what is saved for an
 * edit. Always set: an import's rows must all have the same columns (bulk.ts).
 */
function readEnrolment(given: boolean | undefined, context: FormRules): boolean {
  if (given !== undefined) return given
  return Boolean(context.before ? context.before.loyalty_enrolled : context.store.loyalty_enroll_by_default)
}

function readPhone(typed: string, country: string, errors: Messages, memo?: PhoneMemo): PhoneNumber | null {
  if (typed === '') return null
  const key = memo ? `${country}\u0000${typed}` : ''
  let number = memo?.get(key)
  if (number === undefined) {
    number = parsePhone(typed, country)
    memo?.set(key, number)
  }
  if (!number) errors.phone = 'Not a valid phone number'
  return number
}

/**
 * The fields checkForm copies as typed (username and phone are read on their own), listed once:
 * an import checks every row twice (its check, then its save), and listing FIELD_COLUMNS' entries
 * per row was more than half of checkForm's own time.
 */
const COPIED_FIELDS = (Object.entries(FIELD_COLUMNS) as [StoredField, string][])
  .filter(([field]) => field !== 'username' && field !== 'phone')
  .map(([field, column]) => ({ field, column, medical: (MEDICAL_FIELDS as readonly string[]).includes(field) }))

function checkDates(input: CustomerFieldsInput, today: string, errors: Messages): void {
  if (input.dateOfBirth && input.dateOfBirth > today) errors.dateOfBirth = 'Date of birth cannot be in the future'
  else if (input.dateOfBirth && input.dateOfBirth < '1900-01-01') errors.dateOfBirth = 'Date of birth must be in 1900 or later'
  if (input.anniversary && input.anniversary > today) errors.anniversary = 'Anniversary (first visit) cannot be in the future'
}

/**
 * Up to two different staff members. Newly assigned ones must be active users (they have a
 * login); one already assigned who has since been deactivated may stay.
 */
function checkStaff(staffIds: string[], context: FormContext, errors: Messages): void {
  if (new Set(staffIds).size !== staffIds.length) {
    errors.assignedStaffIds = 'Choose two different staff members'
    return
  }
  const kept = new Set<string>(context.before ? JSON.parse(context.before.assigned_staff_ids) : [])
  if (staffIds.some((id) => !kept.has(id) && !context.activeStaff.has(id))) {
    errors.assignedStaffIds = 'Only active staff with a login can be assigned'
  }
}

/**
 * A username is set once and never changed. Left blank on an edit, the saved one is kept
 * (a form may send the read-only field empty). Returns undefined when nothing is to be written.
 */
function readUsername(typed: string, before: CustomerRow | undefined, errors: Messages): string | null | undefined {
  const saved = before?.username ?? null
  if (saved === null) return typed === '' ? null : typed
  if (typed !== '' && typed !== saved) errors.username = 'The username cannot be changed once saved'
  return undefined
}

function readPhoto(input: CustomerFieldsInput, errors: Messages): FormWrite['photo'] {
  if (input.photo === undefined) return undefined
  if (input.photo === null) return null
  // A thumbnail the renderer sends is not kept: main makes its own from the photo, the same
  // way every store does when the photo arrives by sync.
  const photo = reencodePhoto(input.photo)
  if (!photo) {
    errors.photo = `The photo must be a JPEG or PNG image of at most ${MAX_PHOTO_SIDE} pixels a side`
    return undefined
  }
  return photo
}
