import { dayIn, timeIn } from '@contract/local-day'
import { parseISO } from 'date-fns'
import { dateFormat, storeTimeZone } from './locale'

const BARE_DAY = /^\d{4}-\d\d-\d\d$/
const DAY_OPTIONS: Intl.DateTimeFormatOptions = { year: 'numeric', month: '2-digit', day: '2-digit' }

/**
 * A store-local day ('2026-06-15') as the instant its name has at UTC midnight: formatted in
 * UTC it is that calendar day in every zone, the PC's and the store's alike.
 */
function calendarDay(day: string): Date {
  return new Date(`${day}T00:00:00Z`)
}

/** A moment (UTC ISO) on the store's clock (Settings → Time zone), the store's way: "06/15/2026, 14:05" in the US. */
export function formatDateTime(iso: string): string {
  return dateFormat({ ...DAY_OPTIONS, hour: '2-digit', minute: '2-digit' }).format(parseISO(iso))
}

/**
 * A moment on the clock of the store it happened at (a receipt another store issued, on that
 * store's clock, so its date agrees with its business day), with the zone named when it is not
 * this store's: "06/16/2026, 09:30 AM (Asia/Tokyo)". A zone this PC does not know: this store's clock.
 */
export function formatDateTimeAt(iso: string, zone: string): string {
  const here = storeTimeZone.value ?? new Intl.DateTimeFormat().resolvedOptions().timeZone
  if (zone === here) return formatDateTime(iso)
  let there: Intl.DateTimeFormat
  try {
    there = dateFormat({ ...DAY_OPTIONS, hour: '2-digit', minute: '2-digit', timeZone: zone })
  } catch {
    return formatDateTime(iso) // RangeError: a zone this PC's Intl has no rules for
  }
  return `${there.format(parseISO(iso))} (${zone})`
}

/**
 * A store-local day ('2026-06-15': a receipt's day, a birthday, a period's end) as the store
 * writes it ("06/15/2026" in the US), never shifted by a time zone. A moment given here by
 * mistake still shows its day on the store's clock (see formatStoreDate).
 */
export function formatLocalDate(day: string): string {
  if (!BARE_DAY.test(day)) return formatStoreDate(day)
  return dateFormat({ ...DAY_OPTIONS, timeZone: 'UTC' }).format(calendarDay(day))
}

/**
 * A store-local time ('14:30': an appointment's start, on the store's clock) as the store writes
 * times ("02:30 PM" in the US, "14:30" in Britain), as formatDateTime writes a moment's: never
 * shifted by a time zone, since it already is the store's.
 */
export function formatLocalTime(time: string): string {
  if (!/^\d\d:\d\d$/.test(time)) return time
  return dateFormat({ hour: '2-digit', minute: '2-digit', timeZone: 'UTC' }).format(new Date(`1970-01-01T${time}:00Z`))
}

/** The day a moment (UTC ISO: when a customer registered, a deal opened) falls on at the store, the store's way. */
export function formatStoreDate(iso: string): string {
  return dateFormat(DAY_OPTIONS).format(parseISO(iso))
}

/** A month as a chart labels it ("Jun 2026"), in the store's language, from a store-local day of it. */
export function formatMonth(day: string): string {
  return dateFormat({ year: 'numeric', month: 'short', timeZone: 'UTC' }).format(calendarDay(day))
}

/**
 * The store-local day ('YYYY-MM-DD') a moment falls on, on the store's clock: what a date box's
 * "Today" puts in, so a PC on UTC gives a Tokyo store its own today after 15:00 UTC.
 */
export function storeDayOf(moment: Date): string {
  return dayIn(moment, storeTimeZone.value)
}

/**
 * The first quarter hour after a moment on the store's clock ('HH:MM'): the time a new
 * appointment for today starts at, since main refuses one already past. Null after 23:45.
 */
export function nextStoreQuarterHour(moment: Date): string | null {
  const [hours, minutes] = timeIn(moment, storeTimeZone.value).split(':').map(Number)
  const next = (Math.floor((hours * 60 + minutes) / 15) + 1) * 15
  return next < 24 * 60 ? `${String(Math.floor(next / 60)).padStart(2, '0')}:${String(next % 60).padStart(2, '0')}` : null
}

/** No store day lasts longer than this (a day a clock goes back on is 25 hours). */
const LONGEST_DAY_MS = 26 * 3600_000

/**
 * The first moment after `now` that falls on the store's next day: its midnight on the store's
 * clock, not this PC's, found to the millisecond (a day a clock change moves is 23 or 25 hours,
 * so the start is searched for, not added up).
 */
export function nextStoreDayStart(now: Date): Date {
  const today = storeDayOf(now)
  let before = now.getTime()
  let after = before + LONGEST_DAY_MS
  while (after - before > 1) {
    const middle = Math.floor((before + after) / 2)
    if (storeDayOf(new Date(middle)) === today) before = middle
    else after = middle
  }
  return new Date(after)
}
