import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import { wallClock } from '../../../../electron/core/customers/export/wall-clock'

/** What Intl says the wall clock read at that instant, 'YYYY-MM-DD HH:mm': the slow, sure answer. */
function intlWall(timeZone: string, ms: number): string {
  const parts = new Intl.DateTimeFormat('en-US', { timeZone, hourCycle: 'h23', year: 'numeric', month: '2-digit', day: '2-digit', hour: '2-digit', minute: '2-digit' }).formatToParts(ms)
  const p = Object.fromEntries(parts.map((x) => [x.type, x.value]))
  return `${p.year}-${p.month}-${p.day} ${p.hour}:${p.minute}`
}

/** Zones with summer time, half and three-quarter hours, a half-hour change (Lord Howe) and a skipped day (Apia, 2011). */
const ZONES = ['UTC', 'America/New_York', 'Europe/Berlin', 'Asia/Kolkata', 'Asia/Kathmandu', 'Australia/Lord_Howe', 'America/St_Johns', 'Pacific/Apia', 'Pacific/Chatham']

describe('wallClock', () => {
  it('says what Intl says for any stored instant, in every kind of zone', () => {
    const clocks = new Map(ZONES.map((zone) => [zone, wallClock(zone)]))
    fc.assert(
      fc.property(fc.constantFrom(...ZONES), fc.integer({ min: Date.UTC(1990, 0, 1), max: Date.UTC(2040, 0, 1) }), (zone, ms) => {
        expect(clocks.get(zone)!(new Date(ms).toISOString())).toBe(intlWall(zone, ms))
      }),
      { numRuns: 5000 },
    )
  })

  it('is right on both sides of a change of offset, minute by minute', () => {
    const berlin = wallClock('Europe/Berlin')
    // Summer time began at 01:00 UTC on 29 March 2026 (02:00 → 03:00 in Berlin).
    for (let ms = Date.UTC(2026, 2, 29, 0, 30); ms <= Date.UTC(2026, 2, 29, 1, 30); ms += 60_000) {
      expect(berlin(new Date(ms).toISOString())).toBe(intlWall('Europe/Berlin', ms))
    }
    expect(berlin('2026-03-29T00:59:00.000Z')).toBe('2026-03-29 01:59')
    expect(berlin('2026-03-29T01:00:00.000Z')).toBe('2026-03-29 03:00')
    // St. John's changed at 00:01 local time until 2011: 03:31 UTC, off every quarter hour.
    const stJohns = wallClock('America/St_Johns')
    for (let ms = Date.UTC(1995, 3, 2, 3, 25); ms <= Date.UTC(1995, 3, 2, 3, 40); ms += 60_000) {
      expect(stJohns(new Date(ms).toISOString())).toBe(intlWall('America/St_Johns', ms))
    }
    expect(stJohns('1995-04-02T03:31:00.000Z')).toBe('1995-04-02 01:01')
    // Apia skipped 30 December 2011.
    expect(wallClock('Pacific/Apia')('2011-12-30T09:59:00.000Z')).toBe('2011-12-29 23:59')
    expect(wallClock('Pacific/Apia')('2011-12-30T10:00:00.000Z')).toBe('2011-12-31 00:00')
  })

  it('crosses into the day before or after, and leaves what is not an instant as it was', () => {
    const newYork = wallClock('America/New_York')
    expect(newYork('2026-01-01T03:15:00Z')).toBe('2025-12-31 22:15')
    expect(wallClock('Asia/Tokyo')('2026-02-28T20:00:00.000Z')).toBe('2026-03-01 05:00')
    expect(newYork('not a date')).toBe('not a date')
    // A day past the month's end rolls over as Date does (the store never writes one).
    expect(newYork('2026-02-31T10:00:00.000Z')).toBe('2026-03-03 05:00')
  })
})
