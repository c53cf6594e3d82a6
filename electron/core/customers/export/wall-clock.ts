const QUARTER_HOUR_MS = 15 * 60_000

/**
 * Turns stored UTC instants into the store's wall-clock time, 'YYYY-MM-DD HH:mm'. Intl costs
 * microseconds a call, too much a million times over; a zone's offset only changes on quarter
 * hours, so it is asked once per quarter hour an export meets and kept.
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
    const bucket = Math.floor(ms / QUARTER_HOUR_MS)
    let offset = offsets.get(bucket)
    if (offset === undefined) {
      const at = bucket * QUARTER_HOUR_MS
      const p: Record<string, number> = {}
      for (const { type, value } of format.formatToParts(at)) if (type !== 'literal') p[type] = Number(value)
      offset = Date.UTC(p.year, p.month - 1, p.day, p.hour, p.minute, p.second) - at
      if (offsets.size > 100_000) offsets.clear()
      offsets.set(bucket, offset)
    }
    return offset
  }
  return (iso) => {
    const ms = Date.parse(iso)
    if (Number.isNaN(ms)) return iso
    return new Date(ms + offsetAt(ms)).toISOString().slice(0, 16).replace('T', ' ')
  }
}
