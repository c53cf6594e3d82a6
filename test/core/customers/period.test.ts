import { TZDate } from '@date-fns/tz'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { manualClock, startSetUpCore, STORE, type TestCore } from '../../support/core'
import { addCustomer, searchIds } from './fixtures'

// The store is in New York; "now" is 10:00 there on Monday 23 November 2026.
const ZONE = STORE.timeZone
const at = (y: number, m: number, d: number, h: number, min = 0) => new TZDate(y, m - 1, d, h, min, ZONE).getTime()
const NOW = at(2026, 11, 23, 10)

/** When each customer registered, in New York time, and which periods must show them. */
const REGISTERED: [name: string, when: number][] = [
  ['today early', at(2026, 11, 23, 0, 30)],
  ['yesterday late', at(2026, 11, 22, 23, 30)], // already 23 November in UTC
  ['6 days ago', at(2026, 11, 17, 1)],
  ['7 days ago', at(2026, 11, 16, 23)],
  ['29 days ago', at(2026, 10, 25, 9)], // before the clocks went back on 1 November
  ['30 days ago', at(2026, 10, 24, 23, 59)],
  ['89 days ago', at(2026, 8, 26, 0, 1)],
  ['90 days ago', at(2026, 8, 25, 23)],
  ['364 days ago', at(2025, 11, 24, 8)],
  ['365 days ago', at(2025, 11, 23, 8)],
  ['years ago', at(2019, 3, 1, 12)],
]

let core: TestCore
const ids = new Map<string, string>()

beforeAll(async () => {
  const clock = manualClock()
  // The clock jumps by hours or days between this session's commands: main's idle lock (lock.test.ts) stays off.
  core = await startSetUpCore({ now: clock.now, idleLock: false })
  for (const [name, when] of REGISTERED) {
    clock.set(when)
    ids.set(name, (await addCustomer(core, { firstName: name })).id)
  }
  clock.set(NOW)
})
afterAll(() => core.cleanup())

const names = async (input: Parameters<typeof searchIds>[1]) => {
  const byId = new Map([...ids].map(([name, id]) => [id, name]))
  return (await searchIds(core, { ...input, sort: 'createdAt', direction: 'desc' })).map((id) => byId.get(id))
}
const upTo = (last: string) => REGISTERED.slice(0, REGISTERED.findIndex(([name]) => name === last) + 1).map(([name]) => name)

describe('registration period (store time zone, today included)', () => {
  it.each([
    ['7d', '6 days ago'],
    ['30d', '29 days ago'],
    ['90d', '89 days ago'],
    ['365d', '364 days ago'],
  ] as const)('%s shows customers registered up to %s', async (period, last) => {
    expect(await names({ period })).toEqual(upTo(last))
  })

  it('opens on the last 30 days when no period is given, and counts them', async () => {
    const result = await core.ok('customers:search', {})
    expect(result.rows.map((r) => r.firstName)).toEqual(upTo('29 days ago'))
    expect(result).toMatchObject({ total: 5, totalIsCapped: false })
  })

  it('all shows everyone', async () => {
    expect(await names({ period: 'all' })).toEqual(REGISTERED.map(([name]) => name))
  })

  it('a search term looks through the whole database, whatever the period', async () => {
    expect(await names({ query: 'years ago', period: '30d' })).toEqual(['years ago'])
    expect(await names({ query: 'days ago', period: '7d' })).toHaveLength(8)
  })

  it('a custom range includes both of its days, as days in New York', async () => {
    expect(await names({ period: 'custom', from: '2026-11-22', to: '2026-11-22' })).toEqual(['yesterday late'])
    expect(await names({ period: 'custom', from: '2026-10-24', to: '2026-11-17' })).toEqual(['6 days ago', '7 days ago', '29 days ago', '30 days ago'])
  })

  it('refuses a custom range without both dates or ending before it starts', async () => {
    expect(await core.call('customers:search', { period: 'custom', from: '2026-11-01', to: '' })).toMatchObject({
      ok: false,
      error: { code: 'VALIDATION', fields: { from: 'Choose both dates' } },
    })
    expect(await core.call('customers:search', { period: 'custom', from: '2026-11-02', to: '2026-11-01' })).toMatchObject({
      ok: false,
      error: { code: 'VALIDATION', fields: { to: 'The end date is before the start date' } },
    })
  })
})
