import { afterEach, describe, expect, it } from 'vitest'
import { LOCALES } from '../../electron/contract/regional'
import { formatLocalTime } from '../../renderer/src/ui/format/dates'
import { setDisplayLocale } from '../../renderer/src/ui/format/locale'
import { parseStoreTime } from '../../renderer/src/ui/format/times'

/**
 * An appointment's time typed the store's way (the renderer reads it; main takes only 'HH:MM'):
 * "2:30 PM" in a US store, whose lists show 02:30 PM, and 14:30 anywhere; what could be either
 * reading, or is no time at all, is refused with words that say why.
 */
afterEach(() => setDisplayLocale('en-US'))

const read = (typed: string) => parseStoreTime(typed)

describe('a time typed in a US store (12-hour lists)', () => {
  it('reads AM and PM however written, and the 24-hour clock', () => {
    for (const typed of ['2:30 PM', '2:30pm', '2:30 p.m.', '02:30 PM', '2:30 P', ' 2.30 pm ', 'PM 2:30', '14:30', '14.30']) {
      expect([typed, read(typed)]).toEqual([typed, { time: '14:30' }])
    }
    expect(read('12:15 AM')).toEqual({ time: '00:15' })
    expect(read('12:15 PM')).toEqual({ time: '12:15' })
    expect(read('12:15')).toEqual({ time: '12:15' })
    expect(read('0:15')).toEqual({ time: '00:15' })
    expect(read('9 am')).toEqual({ time: '09:00' })
    expect(read('11:59 p.m.')).toEqual({ time: '23:59' })
    expect(read('23:59')).toEqual({ time: '23:59' })
  })

  it('refuses an hour of 1 to 11 without AM or PM, naming both readings', () => {
    expect(read('2:30')).toEqual({ problem: '“2:30” could be 02:30 AM or 02:30 PM: add AM or PM (or type 14:30 for 02:30 PM)' })
    expect(read('09:05')).toEqual({ problem: '“09:05” could be 09:05 AM or 09:05 PM: add AM or PM (or type 21:05 for 09:05 PM)' })
  })

  it('refuses what is no time at all, saying why', () => {
    expect(read('13:30 PM')).toEqual({ problem: '“13:30 PM” is not a time: with AM or PM the hour is 1 to 12' })
    expect(read('0:30 AM')).toEqual({ problem: '“0:30 AM” is not a time: with AM or PM the hour is 1 to 12' })
    expect(read('25:00')).toEqual({ problem: '“25:00” is not a time: the hours go up to 23' })
    expect(read('14:75')).toEqual({ problem: '“14:75” is not a time: the minutes go up to 59' })
    for (const typed of ['9:5', 'noon', '2:30 xm', 'AM 2:30 PM', '1430', '2:', ':30']) {
      expect([typed, read(typed)]).toEqual([typed, { problem: 'Use a time such as 14:30 or 2:30 PM' }])
    }
    expect(read('   ')).toBeNull()
  })
})

describe('a time typed in a 24-hour store', () => {
  it('reads 24-hour times as they are, and AM or PM too', () => {
    setDisplayLocale('en-GB')
    expect(read('9:05')).toEqual({ time: '09:05' })
    expect(read('2:30')).toEqual({ time: '02:30' })
    expect(read('2:30 pm')).toEqual({ time: '14:30' })
    expect(read('9:5')).toEqual({ problem: 'Use a time such as 14:30' })
  })

  it('takes the locale’s own words for before and after noon (Spanish in the US: “p. m.”)', () => {
    setDisplayLocale('es-US')
    expect(read('2:30 p. m.')).toEqual({ time: '14:30' })
    expect(read('2:30 a. m.')).toEqual({ time: '02:30' })
  })
})

describe('a time as the box shows it', () => {
  it('reads back as the same time in every offered locale (the box starts with the form’s time the store’s way)', () => {
    for (const locale of LOCALES) {
      setDisplayLocale(locale)
      for (const time of ['00:00', '00:30', '09:05', '11:59', '12:00', '12:30', '14:30', '23:59']) {
        expect([locale, formatLocalTime(time), parseStoreTime(formatLocalTime(time))]).toEqual([locale, formatLocalTime(time), { time }])
      }
    }
  })
})
