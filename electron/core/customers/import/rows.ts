import { CUSTOMER_FIELD_LABELS, customerFieldsSchema, type CustomerFieldName } from '../../../contract/customers'
import { IMPORT_TARGET_LABELS, type ImportIssue, type ImportTarget } from '../../../contract/imports'
import type { BulkCustomer } from '../bulk'
import { checkForm, type FormContext } from '../form'
import { describeNoYear, readDate, type DayOrder } from '../../imports/dates'
import { localNoon } from '../../time/local-dates'
import type { KnownSystem } from './systems'
import { readHistory, settleHistory, type History } from './history-cells'
import { cleanValue, readCountry, readGender, readYesNo, splitFullName } from './values'

const DATE_TARGETS = new Set<ImportTarget>(['dateOfBirth', 'anniversary', 'driversLicenseExpiry', 'medicalExpiry', 'createdAt'])
/** Dates that may lie ahead: their two-digit years are read as the nearest year (dates.ts). */
const EXPIRY_TARGETS = new Set<ImportTarget>(['driversLicenseExpiry', 'medicalExpiry'])
const YES_NO_TARGETS = new Set<ImportTarget>(['emailOptIn', 'emailOptOut', 'smsOptIn', 'smsOptOut', 'loyaltyEnrolled'])
const NOTE_HEADERS = /^(notes?|comments?|memo|remarks|internal notes)$/i

export interface RowRules {
  headers: readonly string[]
  mapping: readonly ImportTarget[]
  system: KnownSystem | null
  dayOrder: DayOrder | null
  storeId: string
  form: FormContext
  /** The store's "now": a customer registered today is not registered after it. */
  nowIso: string
}

/** One row of the file as it will be saved, or why it cannot be. */
export interface CheckedRow {
  line: number
  customer: BulkCustomer | null
  /** The phone as stored (E.164), for the duplicate check. */
  phone: string | null
  issues: ImportIssue[]
}

/** What a row's values become, column by column, before the form's rules run. */
function collect(cells: readonly string[], rules: RowRules, line: number, issues: ImportIssue[]) {
  const input: Record<string, unknown> = { storeIds: [rules.storeId] }
  const shown: Record<string, string> = {}
  const notes: string[] = []
  let createdAt: string | undefined
  const history: History = {}
  const error = (field: string, value: string, message: string) => issues.push({ row: line, kind: 'error', field, value, message })

  rules.mapping.forEach((target, column) => {
    if (target === 'ignore') return
    const value = cleanValue(cells[column] ?? '')
    const header = rules.headers[column] ?? ''
    if (value === '' && target !== 'notes') return
    if (target === 'notes') {
      if (value !== '') notes.push(NOTE_HEADERS.test(header.trim()) ? value : `${header}: ${value}`)
      return
    }
    if (target === 'loyaltyPoints' || target === 'flagged' || target === 'flagReason') return readHistory(target, value, header, history, error)
    if (target === 'fullName') {
      const { firstName, lastName } = splitFullName(value)
      if (input.firstName === undefined) input.firstName = firstName
      if (input.lastName === undefined) input.lastName = lastName
      shown.firstName = shown.lastName = value
      return
    }
    if (YES_NO_TARGETS.has(target)) {
      const yes = readYesNo(value)
      if (yes === undefined) return error(IMPORT_TARGET_LABELS[target], value, 'Use yes or no (or subscribed / unsubscribed)')
      const field = target === 'emailOptOut' ? 'emailOptIn' : target === 'smsOptOut' ? 'smsOptIn' : target
      input[field] = target.endsWith('OptOut') ? !yes : yes
      shown[field] = value
      return
    }
    if (DATE_TARGETS.has(target)) {
      const date = readDate(value, rules.dayOrder, rules.form.today, EXPIRY_TARGETS.has(target) ? 'nearest' : 'past')
      const label = IMPORT_TARGET_LABELS[target]
      if (date.kind === 'ambiguous') return error(label, value, 'This date can be read two ways: say whether dates are month or day first')
      if (date.kind === 'invalid') return error(label, value, 'Not a date this import can read (use e.g. 1985-04-12)')
      if (date.kind === 'no-year') {
        // The form keeps whole dates only; a birthday without its year is not lost.
        notes.push(`${label} (no year): ${describeNoYear(date.month, date.day)}`)
        issues.push({ row: line, kind: 'note', field: label, value, message: 'No year given: kept in Notes' })
        return
      }
      if (date.kind !== 'date') return
      if (target === 'createdAt') {
        // A day, on the store's clock: today is no future day, though its noon may be still to
        // come (then it is now). Noon in UTC was the next day east of UTC+12, and today's was
        // "in the future" every morning east of London.
        if (date.iso > rules.form.today) return error(label, value, 'Registered on cannot be in the future')
        const noon = localNoon(date.iso, rules.form.store.time_zone)
        createdAt = noon > rules.nowIso ? rules.nowIso : noon
        return
      }
      input[target] = date.iso
      shown[target] = value
      return
    }
    shown[target] = value
    if (target === 'gender') {
      const gender = readGender(value, rules.system?.genderCodes)
      if (gender === undefined) return error('Gender', value, 'Use female, male, non-binary, other or prefer not to say')
      input.gender = gender
    } else if (target === 'country' || target === 'nationality') input[target] = readCountry(value)
    else if (target === 'customerType') input.customerType = value.toLowerCase()
    else input[target] = value
  })
  const opening = settleHistory(history, input, notes, line, issues)
  if (notes.length) input.notes = notes.join('\n')
  return { input, shown, createdAt, opening }
}

/**
 * One row checked by the customer form's own rules (the contract's schema, then checkForm):
 * an imported customer is a customer the form would have saved.
 */
export function checkRow(cells: readonly string[], line: number, rules: RowRules): CheckedRow {
  const issues: ImportIssue[] = []
  const { input, shown, createdAt, opening } = collect(cells, rules, line, issues)
  input.firstName ??= ''
  const report = (field: string, message: string) => {
    const value = shown[field] ?? (typeof input[field] === 'string' ? (input[field] as string) : '')
    issues.push({ row: line, kind: 'error', field: labelOf(field), value, message })
  }
  let parsed = customerFieldsSchema.safeParse(input)
  if (!parsed.success) {
    const refused = new Set<string>()
    for (const issue of parsed.error.issues) {
      const field = String(issue.path[0] ?? '')
      if (refused.has(field)) continue
      refused.add(field)
      report(field, issue.message)
    }
    // The form shows every bad field at once: the other fields still go through its rules.
    parsed = customerFieldsSchema.safeParse(Object.fromEntries(Object.entries(input).filter(([field]) => !refused.has(field) || field === 'firstName').map(([f, v]) => [f, refused.has(f) ? 'x' : v])))
    if (!parsed.success) return { line, customer: null, phone: null, issues }
  }
  const checked = checkForm(parsed.data, rules.form)
  if ('errors' in checked) for (const [field, message] of Object.entries(checked.errors)) report(field, message)
  if ('errors' in checked || issues.some((i) => i.kind === 'error')) return { line, customer: null, phone: null, issues }
  // The file's row number goes along for the save's messages (a username taken meanwhile).
  const customer = { ...parsed.data, ...(createdAt ? { createdAt } : {}), ...opening, line }
  return { line, customer, phone: checked.write.parsedPhone?.number ?? null, issues }
}

function labelOf(field: string): string {
  return CUSTOMER_FIELD_LABELS[field as CustomerFieldName] ?? field
}
