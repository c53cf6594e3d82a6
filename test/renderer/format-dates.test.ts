import { afterAll, afterEach, describe, expect, it } from 'vitest'
import { formatDateTime, formatDateTimeAt, formatLocalDate, formatLocalTime, formatMonth, formatStoreDate, nextStoreQuarterHour, storeDayOf } from '../../renderer/src/ui/format/dates'
import { setDisplayLocale, setStoreTimeZone, storeTimeZone } from '../../renderer/src/ui/format/locale'

// The renderer's date formatting, in Node: Intl is the same ICU as Chromium's, and Node takes a
// new process.env.TZ at once, so "this PC's clock zone" can be set far east or far west here.
const pcZone = process.env.TZ

function onPcClock(zone: string) {
  process.env.TZ = zone
}

afterEach(() => {
  storeTimeZone.value = undefined
  setDisplayLocale('en-US')
})
afterAll(() => {
  if (pcZone === undefined) delete process.env.TZ
  else process.env.TZ = pcZone
})

/** UTC+14 and UTC−11: every day's UTC midnight is another day on one of them. */
const FAR_ZONES = ['Pacific/Kiritimati', 'Pacific/Pago_Pago', 'UTC']

describe('moments on the store clock', () => {
  it('shows a moment at the store zone hour and day, whatever this PC clock zone', () => {
    setStoreTimeZone('Asia/Tokyo')
    for (const zone of FAR_ZONES) {
      onPcClock(zone)
      // 16:30 UTC is 01:30 the next morning in Tokyo.
      expect(formatDateTime('2026-06-15T16:30:00.000Z')).toBe('06/16/2026, 01:30 AM')
      expect(formatStoreDate('2026-06-15T16:30:00.000Z')).toBe('06/16/2026')
      expect(storeDayOf(new Date('2026-06-15T16:30:00.000Z'))).toBe('2026-06-16')
    }
  })

  it('follows a change of the store zone at once (the cached formatters are per zone)', () => {
    onPcClock('UTC')
    setStoreTimeZone('Asia/Tokyo')
    expect(formatDateTime('2026-06-15T16:30:00.000Z')).toBe('06/16/2026, 01:30 AM')
    setStoreTimeZone('America/Los_Angeles')
    expect(formatDateTime('2026-06-15T16:30:00.000Z')).toBe('06/15/2026, 09:30 AM')
    expect(formatStoreDate('2026-06-15T05:00:00.000Z')).toBe('06/14/2026')
    expect(storeDayOf(new Date('2026-06-15T05:00:00.000Z'))).toBe('2026-06-14')
    setDisplayLocale('de-DE')
    expect(formatDateTime('2026-06-15T16:30:00.000Z')).toBe('15.06.2026, 09:30')
  })

  it('shows this PC clock zone only for a zone this Intl does not know', () => {
    onPcClock('Pacific/Kiritimati')
    setStoreTimeZone('Not/A_Zone')
    expect(storeTimeZone.value).toBeUndefined()
    expect(formatDateTime('2026-06-15T16:30:00.000Z')).toBe('06/16/2026, 06:30 AM')
  })
})

describe("a receipt another store issued, on that store's clock", () => {
  // 00:30 UTC on 16 June: 09:30 that day in Tokyo, still 20:30 on 15 June in New York.
  const issued = '2026-06-16T00:30:00.000Z'

  it('shows its date and time on the issuing store clock, naming its zone, so they agree with its business day', () => {
    onPcClock('UTC')
    setStoreTimeZone('America/New_York')
    expect(formatDateTimeAt(issued, 'Asia/Tokyo')).toBe('06/16/2026, 09:30 AM (Asia/Tokyo)')
    setDisplayLocale('de-DE')
    expect(formatDateTimeAt(issued, 'Asia/Tokyo')).toBe('16.06.2026, 09:30 (Asia/Tokyo)')
  })

  it("names no zone on this store's own receipt, and keeps this store's clock for a zone this PC does not know", () => {
    onPcClock('UTC')
    setStoreTimeZone('Asia/Tokyo')
    expect(formatDateTimeAt(issued, 'Asia/Tokyo')).toBe('06/16/2026, 09:30 AM')
    setStoreTimeZone('America/New_York')
    expect(formatDateTimeAt(issued, 'Not/A_Zone')).toBe('06/15/2026, 08:30 PM')
  })
})

describe('store-local days are never shifted', () => {
  const days = ['2026-06-15', '2026-01-01', '2026-12-31', '2026-03-08', '2026-11-01', '1950-02-28', '2000-02-29']
  const shown = (day: string) => `${day.slice(5, 7)}/${day.slice(8, 10)}/${day.slice(0, 4)}`

  for (const pc of FAR_ZONES) {
    for (const store of ['Pacific/Kiritimati', 'Pacific/Pago_Pago', 'America/New_York', undefined]) {
      it(`shows each day as named on a PC in ${pc}, a store in ${store ?? 'the PC zone'}`, () => {
        onPcClock(pc)
        if (store) setStoreTimeZone(store)
        for (const day of days) expect(formatLocalDate(day)).toBe(shown(day))
        expect(formatMonth('2026-06-01')).toBe('Jun 2026')
        expect(formatMonth('2026-01-01')).toBe('Jan 2026')
      })
    }
  }

  it('writes a day the store locale way without moving it', () => {
    onPcClock('Pacific/Pago_Pago')
    setStoreTimeZone('Pacific/Kiritimati')
    setDisplayLocale('de-DE')
    expect(formatLocalDate('2026-06-15')).toBe('15.06.2026')
    setDisplayLocale('en-GB')
    expect(formatLocalDate('2026-01-01')).toBe('01/01/2026')
  })
})

describe('the next quarter hour on the store clock (a new appointment for today)', () => {
  it('is the store zone quarter hour after the moment, whatever this PC clock zone, and none after 23:45', () => {
    setStoreTimeZone('Asia/Tokyo')
    for (const zone of FAR_ZONES) {
      onPcClock(zone)
      // 16:30 UTC is 01:30 in Tokyo; 01:44 and 01:45 both go to 02:00 (the current minute is past its quarter).
      expect(nextStoreQuarterHour(new Date('2026-06-15T16:30:00.000Z'))).toBe('01:45')
      expect(nextStoreQuarterHour(new Date('2026-06-15T16:44:59.000Z'))).toBe('01:45')
      expect(nextStoreQuarterHour(new Date('2026-06-15T16:45:00.000Z'))).toBe('02:00')
      expect(nextStoreQuarterHour(new Date('2026-06-15T14:44:00.000Z'))).toBe('23:45')
      expect(nextStoreQuarterHour(new Date('2026-06-15T14:45:00.000Z'))).toBeNull()
    }
  })
})

describe('a store-local time (an appointment’s start)', () => {
  it('is written the store locale way and never shifted by the store or PC zone', () => {
    for (const zone of ['Pacific/Kiritimati', 'Pacific/Pago_Pago']) {
      onPcClock(zone)
      setStoreTimeZone('Asia/Tokyo')
      setDisplayLocale('en-US')
      expect(formatLocalTime('14:30')).toBe('02:30 PM')
      expect(formatLocalTime('00:05')).toBe('12:05 AM')
      setDisplayLocale('en-GB')
      expect(formatLocalTime('14:30')).toBe('14:30')
      setDisplayLocale('de-DE')
      expect(formatLocalTime('09:05')).toBe('09:05')
    }
  })

  it('leaves what is not a time as it is', () => {
    expect(formatLocalTime('9:5')).toBe('9:5')
  })
})
