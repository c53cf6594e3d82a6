import { TZDate } from '@date-fns/tz'
import { dayIn, timeIn } from '../../contract/local-day'

/**
 * Calendar days as the store writes them ('YYYY-MM-DD'). Arithmetic on them is pure
 * calendar arithmetic (done in UTC, where every day has 24 hours), so daylight-saving
 * changes in the store's zone cannot shift a day.
 */
export type LocalDate = string

/** The store-local calendar day an instant falls on: 23:30 in New York is still that day there. */
export function localDateOf(instant: Date, timeZone: string): LocalDate {
  return dayIn(instant, timeZone)
}

/** The UTC instant (ISO) a store-local day starts: midnight in the store's zone, whatever its offset that day. */
export function startOfLocalDay(date: LocalDate, timeZone: string): string {
  const [year, month, day] = date.split('-').map(Number)
  return new Date(new TZDate(year, month - 1, day, timeZone).getTime()).toISOString()
}

/**
 * The UTC instant (ISO) of noon on a store-local day: a day known without its time (a date of
 * registration in an imported file) is that day wherever the store is. Noon in UTC was the next
 * day in New Zealand; noon is clear of the hours daylight saving skips.
 */
export function localNoon(date: LocalDate, timeZone: string): string {
  const [year, month, day] = date.split('-').map(Number)
  return new Date(new TZDate(year, month - 1, day, 12, 0, timeZone).getTime()).toISOString()
}

/**
 * Whether a store-local day and time ('HH:MM') happens in the zone: not when daylight saving
 * time begins and the clocks jump over it (02:30 in New York on its spring-forward Sunday). A
 * time the clocks go back over happens twice, and counts.
 */
export function localTimeExists(date: LocalDate, time: string, timeZone: string): boolean {
  const [year, month, day] = date.split('-').map(Number)
  const [hours, minutes] = time.split(':').map(Number)
  const instant = new Date(new TZDate(year, month - 1, day, hours, minutes, timeZone).getTime())
  return localDateOf(instant, timeZone) === date && timeIn(instant, timeZone) === time
}

const MINUTE = 60_000
const DAY = 24 * 60 * MINUTE

/** How far (ms) the zone's clock is ahead of UTC at an instant, to the minute. */
function offsetAt(instant: number, timeZone: string): number {
  const at = new Date(instant)
  return Date.parse(`${dayIn(at, timeZone)}T${timeIn(at, timeZone)}:00Z`) - Math.floor(instant / MINUTE) * MINUTE
}

/**
 * The last instant the store's clock reads a day and time ('HH:MM'): a time the clocks go back
 * over happens twice (01:15 in New York on its fall-back Sunday, first in summer time, then an
 * hour later in winter time), and is still ahead until the second. None when the clocks skip it.
 * The zone's offsets a day either side cover a change of offset on that day.
 */
export function lastInstantOf(date: LocalDate, time: string, timeZone: string): Date | undefined {
  const wall = Date.parse(`${date}T${time}:00Z`)
  let last: number | undefined
  for (const probe of [wall - DAY, wall, wall + DAY]) {
    const candidate = wall - offsetAt(probe, timeZone)
    const at = new Date(candidate)
    if (dayIn(at, timeZone) === date && timeIn(at, timeZone) === time && (last === undefined || candidate > last)) last = candidate
  }
  return last === undefined ? undefined : new Date(last)
}

/** The store-local time ('HH:MM', 24-hour) an instant falls on. */
export function localTimeOf(instant: Date, timeZone: string): string {
  return timeIn(instant, timeZone)
}

function toUtc(date: LocalDate): Date {
  return new Date(`${date}T00:00:00Z`)
}

function fromUtc(date: Date): LocalDate {
  return date.toISOString().slice(0, 10)
}

export function addDays(date: LocalDate, days: number): LocalDate {
  const d = toUtc(date)
  d.setUTCDate(d.getUTCDate() + days)
  return fromUtc(d)
}

/** 1 = Monday … 7 = Sunday (ISO 8601). */
export function isoWeekday(date: LocalDate): number {
  return ((toUtc(date).getUTCDay() + 6) % 7) + 1
}

export function monthOf(date: LocalDate): string {
  return date.slice(0, 7)
}

/** Every 'YYYY-MM' from the month of `from` to the month of `to`, in order (months compared as numbers, not strings). */
export function monthsBetween(from: LocalDate, to: LocalDate): string[] {
  const index = (date: LocalDate) => Number(date.slice(0, 4)) * 12 + Number(date.slice(5, 7)) - 1
  const months: string[] = []
  for (let i = index(from); i <= index(to); i++) {
    months.push(`${String(Math.floor(i / 12)).padStart(4, '0')}-${String((i % 12) + 1).padStart(2, '0')}`)
  }
  return months
}
