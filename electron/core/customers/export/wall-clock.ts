const MINUTE_MS = 60_000
const DAY_MS = 24 * 60 * 60_000
/** A stored instant: 'YYYY-MM-DDTHH:mm' then seconds, in UTC. */
const UTC_INSTANT = /^\d{4}-\d\d-\d\dT\d\d:\d\d(?::\d\d(?:\.\d+)?)?Z$/

/** A UTC day as the store's wall clock sees it: one offset all day, and the dates on either side. */
interface WallDay {
  /** Minutes ahead of UTC, or null when the zone changes its offset during this UTC day. */
  offset: number | null
  before: string
  same: string
  after: string
}

const two = (n: number) => (n < 10 ? `0${n}` : String(n))

/**
 * Turns stored UTC instants into the store's wall-clock time, 'YYYY-MM-DD HH:mm'. Intl costs
 * microseconds a call, too much a million times over (it was the largest part of a million-row
 * export), so the zone's offset is asked once per UTC day an export meets: on a day without a
 * change of offset every instant of it is its hour and minute moved by that offset, and a day
 * with one (twice a year at most) asks per minute: not per quarter hour, since St. John's changed
 * at 00:01 local time until 2011 (03:31 UTC), which a quarter-hour step read an hour wrong.
 */
export function wallClock(timeZone: string): (iso: string) => string {
  const format = new Intl.DateTimeFormat('en-US', {
    timeZone,
    calendar: 'gregory',
    numberingSystem: 'latn',
    hourCycle: 'h23',
    year: 'numeric',
    month: 'numeric',
    day: 'numeric',
    hour: 'numeric',
    minute: 'numeric',
    second: 'numeric',
  })
  const offsets = new Map<number, number>()
  const offsetAt = (ms: number): number => {
    const bucket = Math.floor(ms / MINUTE_MS)
    let offset = offsets.get(bucket)
    if (offset === undefined) {
      const at = bucket * MINUTE_MS
      const p: Record<string, number> = {}
      for (const { type, value } of format.formatToParts(at)) if (type !== 'literal') p[type] = Number(value)
      offset = Date.UTC(p.year, p.month - 1, p.day, p.hour, p.minute, p.second) - at
      if (offsets.size > 100_000) offsets.clear()
      offsets.set(bucket, offset)
    }
    return offset
  }
  const exact = (ms: number) => new Date(ms + offsetAt(ms)).toISOString().slice(0, 16).replace('T', ' ')

  const days = new Map<string, WallDay>()
  const dayOf = (date: string): WallDay => {
    let day = days.get(date)
    if (day === undefined) {
      const start = Date.parse(`${date}T00:00:00Z`)
      const first = Number.isNaN(start) ? Number.NaN : offsetAt(start)
      // Whole minutes only: before 1900 some zones were seconds off UTC (local mean time).
      const steady = !Number.isNaN(first) && first === offsetAt(start + DAY_MS - 1) && first % 60_000 === 0
      const dateAt = (ms: number) => (Number.isNaN(ms) ? date : new Date(ms).toISOString().slice(0, 10))
      day = { offset: steady ? first / 60_000 : null, before: dateAt(start - DAY_MS), same: dateAt(start), after: dateAt(start + DAY_MS) }
      if (days.size > 100_000) days.clear()
      days.set(date, day)
    }
    return day
  }

  return (iso) => {
    if (!UTC_INSTANT.test(iso)) {
      const ms = Date.parse(iso)
      return Number.isNaN(ms) ? iso : exact(ms)
    }
    const day = dayOf(iso.slice(0, 10))
    if (day.offset === null) {
      const ms = Date.parse(iso)
      return Number.isNaN(ms) ? iso : exact(ms)
    }
    let minutes = Number(iso.slice(11, 13)) * 60 + Number(iso.slice(14, 16)) + day.offset
    let date = day.same
    if (minutes < 0) {
      minutes += 1440
      date = day.before
    } else if (minutes >= 1440) {
      minutes -= 1440
      date = day.after
    }
    return `${date} ${two(Math.floor(minutes / 60))}:${two(minutes % 60)}`
  }
}
