/**
 * Dates as exports write them: ISO (2026-04-12, with or without a time), month first
 * (04/12/1985, US systems), day first (12/04/1985, most of the world), with month names
 * (12 Apr 1985, April 12, 1985), and birthdays without a year (04-12, --04-12, and the years
 * 0000, 0001 and 1604 some systems put in for "no year"; 1900 is a real year: Excel shows
 * 1 January 1900 as that day, and the export writes it so).
 */
export type DayOrder = 'mdy' | 'dmy'

/**
 * What a two-digit year means: 'past' for what has happened (a birthday, a registration, an
 * anniversary), 'nearest' for an expiry, which is as often a few years ahead as behind
 * (12/31/28 is 2028, not 1928).
 */
export type TwoDigitYears = 'past' | 'nearest'

export type ReadDate =
  | { kind: 'date'; iso: string }
  | { kind: 'no-year'; month: number; day: number }
  | { kind: 'empty' }
  | { kind: 'invalid' }

const MONTHS = ['jan', 'feb', 'mar', 'apr', 'may', 'jun', 'jul', 'aug', 'sep', 'oct', 'nov', 'dec']
/** Years systems write for a birthday whose year nobody gave (0000 and 0001 in ISO exports; Apple uses 1604). */
const NO_YEAR = new Set([0, 1, 1604])

const pad = (n: number) => String(n).padStart(2, '0')

function dayExists(year: number, month: number, day: number): boolean {
  if (month < 1 || month > 12 || day < 1) return false
  const days = new Date(Date.UTC(year, month, 0)).getUTCDate()
  return day <= days
}

function fullYear(y: string, today: string, years: TwoDigitYears): number {
  const n = Number(y)
  if (y.length !== 2) return n
  const century = Number(today.slice(0, 2)) * 100
  const thisYear = Number(today.slice(0, 4))
  // Two digits, past: the most recent such year not after this one (birthdays, registrations).
  if (years === 'past') return century + n > thisYear ? century - 100 + n : century + n
  // Nearest: the closest to this year, the earlier one on a tie (50 years either way).
  const candidates = [century - 100 + n, century + n, century + 100 + n]
  return candidates.reduce((best, year) => (Math.abs(year - thisYear) < Math.abs(best - thisYear) ? year : best))
}

function build(year: number | null, month: number, day: number): ReadDate {
  if (year === null || NO_YEAR.has(year)) return dayExists(2000, month, day) ? { kind: 'no-year', month, day } : { kind: 'invalid' }
  if (year < 1000 || year > 9999 || !dayExists(year, month, day)) return { kind: 'invalid' }
  return { kind: 'date', iso: `${year}-${pad(month)}-${pad(day)}` }
}

function monthOf(name: string): number {
  const i = MONTHS.indexOf(name.slice(0, 3).toLowerCase())
  return i < 0 ? 0 : i + 1
}

/** The two numbers of a d/m or m/d date, for deciding the file's order. */
export function numericPair(value: string): [number, number] | null {
  const m = /^(\d{1,2})[/.-](\d{1,2})(?:[/.-](\d{2}|\d{4}))?(?:[ T].*)?$/.exec(value.trim())
  return m ? [Number(m[1]), Number(m[2])] : null
}

/** One value read with the file's day order (null when it is not known yet: a d/m date is then ambiguous). */
export function readDate(raw: string, order: DayOrder | null, today: string, years: TwoDigitYears = 'past'): ReadDate | { kind: 'ambiguous' } {
  const value = raw.trim()
  if (value === '') return { kind: 'empty' }
  let m = /^(\d{4})-(\d{1,2})-(\d{1,2})(?:[ T][\d:.]+(?:Z|[+-]\d{2}:?\d{2})?)?$/.exec(value) ?? /^(\d{4})[/.](\d{1,2})[/.](\d{1,2})$/.exec(value)
  if (m) return build(Number(m[1]), Number(m[2]), Number(m[3]))
  m = /^--(\d{2})-?(\d{2})$/.exec(value)
  if (m) return build(null, Number(m[1]), Number(m[2]))
  m = /^(\d{1,2})[/.-](\d{1,2})(?:[/.-](\d{2}|\d{4}))?(?:[ T][\d:.]+(?:\s?[AP]M)?)?$/i.exec(value)
  if (m) {
    const [a, b] = [Number(m[1]), Number(m[2])]
    const year = m[3] === undefined ? null : fullYear(m[3], today, years)
    const known = order ?? (a > 12 ? 'dmy' : b > 12 ? 'mdy' : a === b ? 'mdy' : null)
    if (!known) return { kind: 'ambiguous' }
    return known === 'mdy' ? build(year, a, b) : build(year, b, a)
  }
  m = /^(\d{1,2})(?:st|nd|rd|th)?[\s-]+([A-Za-z]{3,})\.?,?[\s-]+(\d{4})$/.exec(value)
  if (m && monthOf(m[2])) return build(Number(m[3]), monthOf(m[2]), Number(m[1]))
  m = /^([A-Za-z]{3,})\.?\s+(\d{1,2})(?:st|nd|rd|th)?,?\s+(\d{4})$/.exec(value)
  if (m && monthOf(m[1])) return build(Number(m[3]), monthOf(m[1]), Number(m[2]))
  m = /^(\d{1,2})(?:st|nd|rd|th)?\s+([A-Za-z]{3,})$/.exec(value) ?? null
  if (m && monthOf(m[2])) return build(null, monthOf(m[2]), Number(m[1]))
  m = /^([A-Za-z]{3,})\.?\s+(\d{1,2})(?:st|nd|rd|th)?$/.exec(value)
  if (m && monthOf(m[1])) return build(null, monthOf(m[1]), Number(m[2]))
  return { kind: 'invalid' }
}

/**
 * The day order the file's own values show: a first number above 12 means day first, a
 * second above 12 month first. Null when no value tells (every one could be either), or
 * when the file shows both (then the user must say). `ambiguous` is what the user is shown
 * when asked: the values that read both ways, or, when the file writes dates both ways, its
 * first of each way (a month-first list with one row pasted from a day-first one may have no
 * value that reads both ways: the question came with no example at all).
 */
export function dayOrderOf(values: Iterable<string>): { order: DayOrder | null; conflicting: boolean; ambiguous: string[] } {
  let dmy = 0
  let mdy = 0
  const ambiguous: string[] = []
  /** The first value of each order, in the file's order. */
  const firsts: string[] = []
  for (const value of values) {
    const pair = numericPair(value)
    if (!pair) continue
    if (pair[0] > 12 && pair[1] <= 12) {
      if (dmy++ === 0) firsts.push(value.trim())
    } else if (pair[1] > 12 && pair[0] <= 12) {
      if (mdy++ === 0) firsts.push(value.trim())
    } else if (pair[0] !== pair[1] && ambiguous.length < 5 && !ambiguous.includes(value.trim())) ambiguous.push(value.trim())
  }
  if (dmy && mdy) return { order: null, conflicting: true, ambiguous: [...firsts, ...ambiguous].slice(0, 5) }
  return { order: dmy ? 'dmy' : mdy ? 'mdy' : null, conflicting: false, ambiguous: dmy || mdy ? [] : ambiguous }
}

const MONTH_NAMES = ['January', 'February', 'March', 'April', 'May', 'June', 'July', 'August', 'September', 'October', 'November', 'December']

export function describeNoYear(month: number, day: number): string {
  return `${MONTH_NAMES[month - 1]} ${day}`
}
