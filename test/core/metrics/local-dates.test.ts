import { describe, expect, it } from 'vitest'
import { addDays, isoWeekday, localDateOf, monthsBetween } from '../../../electron/core/time/local-dates'
import { resolvePeriod } from '../../../electron/core/time/period'

describe('store-local days', () => {
  it('puts 23:30 local time on that local day, and month, although UTC is already the next', () => {
    // 2026-01-31 23:30 in New York is 2026-02-01 04:30 UTC.
    expect(localDateOf(new Date('2026-02-01T04:30:00Z'), 'America/New_York')).toBe('2026-01-31')
    // 2026-12-31 23:30 in Los Angeles: the year has not turned yet there.
    expect(localDateOf(new Date('2027-01-01T07:30:00Z'), 'America/Los_Angeles')).toBe('2026-12-31')
    // East of UTC it goes the other way: 00:30 on 1 March in Tokyo is still February in UTC.
    expect(localDateOf(new Date('2026-02-28T15:30:00Z'), 'Asia/Tokyo')).toBe('2026-03-01')
  })

  it('counts days across a daylight-saving change without losing or doubling one', () => {
    // New York springs forward on 2026-03-08: that day has 23 hours.
    expect(addDays('2026-03-07', 1)).toBe('2026-03-08')
    expect(addDays('2026-03-08', 1)).toBe('2026-03-09')
    expect(localDateOf(new Date('2026-03-09T03:59:00Z'), 'America/New_York')).toBe('2026-03-08')
    expect(addDays('2026-03-01', -1)).toBe('2026-02-28')
    expect(addDays('2028-03-01', -1)).toBe('2028-02-29')
  })

  it('numbers weekdays Monday 1 to Sunday 7', () => {
    expect(isoWeekday('2026-11-23')).toBe(1)
    expect(isoWeekday('2026-11-29')).toBe(7)
    expect(isoWeekday('2026-02-28')).toBe(6)
  })

  it('lists every month a range touches, across a year end', () => {
    expect(monthsBetween('2025-11-15', '2026-02-01')).toEqual(['2025-11', '2025-12', '2026-01', '2026-02'])
    expect(monthsBetween('2026-03-01', '2026-03-31')).toEqual(['2026-03'])
  })
})

describe('periods', () => {
  const today = '2026-03-05'
  it.each([
    ['thisMonth', { from: '2026-03-01', to: today }],
    ['last30Days', { from: '2026-02-04', to: today }],
    ['last12Months', { from: '2025-04-01', to: today }],
    ['thisYear', { from: '2026-01-01', to: today }],
  ] as const)('%s runs to today', (period, expected) => {
    expect(resolvePeriod({ period, from: '', to: '' }, today)).toEqual({ period, ...expected })
  })

  it.each([
    ['thisMonth', { from: '2026-03-01', to: '2026-03-06' }],
    ['last30Days', { from: '2026-02-04', to: '2026-03-06' }],
    ['thisYear', { from: '2026-01-01', to: '2026-03-06' }],
  ] as const)('%s starts on this store’s days and runs to the day a store ahead of it has reached', (period, expected) => {
    expect(resolvePeriod({ period, from: '', to: '' }, today, '2026-03-06')).toEqual({ period, ...expected })
    // No store ahead: today, never a day before it.
    expect(resolvePeriod({ period, from: '', to: '' }, today, '2026-03-04').to).toBe(today)
  })

  it.each([
    ['thisMonth', { from: '2026-12-01', to: '2026-12-31' }],
    ['thisYear', { from: '2026-01-01', to: '2026-12-31' }],
    ['last30Days', { from: '2026-12-02', to: '2027-01-01' }],
    ['last12Months', { from: '2026-01-01', to: '2026-12-31' }],
  ] as const)('%s does not cross into the next month or year a store ahead of this one is on', (period, expected) => {
    expect(resolvePeriod({ period, from: '', to: '' }, '2026-12-31', '2027-01-01')).toEqual({ period, ...expected })
    expect(resolvePeriod({ period: 'thisMonth', from: '', to: '' }, '2026-11-30', '2026-12-01').to).toBe('2026-11-30')
  })

  it('last year is the whole calendar year before this one, whatever day of this one it is', () => {
    expect(resolvePeriod({ period: 'lastYear', from: '', to: '' }, today)).toEqual({ period: 'lastYear', from: '2025-01-01', to: '2025-12-31' })
    expect(resolvePeriod({ period: 'lastYear', from: '', to: '' }, '2027-01-01', '2027-01-02')).toEqual({ period: 'lastYear', from: '2026-01-01', to: '2026-12-31' })
  })

  it('last 12 months in January still holds last December, and every month of the year before', () => {
    expect(resolvePeriod({ period: 'last12Months', from: '', to: '' }, '2027-01-03')).toEqual({ period: 'last12Months', from: '2026-02-01', to: '2027-01-03' })
    expect(resolvePeriod({ period: 'last12Months', from: '', to: '' }, '2026-12-31')).toMatchObject({ from: '2026-01-01' })
  })

  it('all time runs from the first day it is given to today, or to the day a store ahead has reached', () => {
    const allTime = { period: 'allTime', from: '', to: '' } as const
    expect(resolvePeriod(allTime, today, today, '2019-07-14')).toEqual({ period: 'allTime', from: '2019-07-14', to: today })
    expect(resolvePeriod(allTime, today, '2026-03-06', '2019-07-14')).toEqual({ period: 'allTime', from: '2019-07-14', to: '2026-03-06' })
    // The first day a store ahead rang up on its tomorrow: the period still starts today.
    expect(resolvePeriod(allTime, today, '2026-03-06', '2026-03-06')).toEqual({ period: 'allTime', from: today, to: '2026-03-06' })
    // Given no first day, nothing is left out: from the earliest day a date may hold.
    expect(resolvePeriod(allTime, today)).toEqual({ period: 'allTime', from: '1900-01-01', to: today })
  })

  it('custom takes the dates as given', () => {
    expect(resolvePeriod({ period: 'custom', from: '2025-12-24', to: '2026-01-02' }, today)).toEqual({
      period: 'custom',
      from: '2025-12-24',
      to: '2026-01-02',
    })
  })
})
