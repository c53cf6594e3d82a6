import { afterEach, describe, expect, it } from 'vitest'
import { visitsOf } from '../../../electron/core/metrics/visits'
import { manualClock, startSetUpCore, type TestCore } from '../../support/core'
import { simpleSale } from '../../support/sales'
import { addShopper } from '../../support/shoppers'

/**
 * One rule for a customer's visits (core metrics/visits.ts): the metrics page's *Number of
 * visits* and the line under the customer's name on their page count them alike, at a store
 * that checks customers in and at one that does not.
 */
let core: TestCore | undefined
afterEach(async () => {
  await core?.cleanup()
  core = undefined
})

// 10:15 in New York (the test store's zone) on Monday 23 November 2026.
const MONDAY = '2026-11-23T15:15:00.000Z'
const DAY = 24 * 3600_000

async function setUp() {
  const clock = manualClock(MONDAY)
  // The clock jumps by days between this session's commands: main's idle lock stays off.
  core = await startSetUpCore({ now: clock.now, idleLock: false })
  return { core, clock, ana: await addShopper(core, { firstName: 'Ana', lastName: 'Petrov' }) }
}

/** What both screens say about the customer's visits: the page's line (whole history) and this year's tile. */
async function bothScreens(core: TestCore, customerId: string) {
  const totals = await core.ok('metrics:customerTotals', { customerId })
  const metrics = await core.ok('metrics:customer', { customerId, period: 'thisYear' })
  return { line: { visits: totals.visits, lastVisit: totals.lastVisit }, tile: { visits: metrics.tiles.visits, counted: metrics.tiles.visitsCounted } }
}

describe('the visits rule shared by the metrics page and the customer page', () => {
  it('at a store without check-ins, counts a day with a sale (no check-in needed) on both screens', async () => {
    const { core, ana } = await setUp()
    expect(await bothScreens(core, ana.id)).toEqual({ line: { visits: 0, lastVisit: null }, tile: { visits: 0, counted: 'sale days' } })
    await core.ok('sales:create', simpleSale(ana.id, 1200))
    expect(await bothScreens(core, ana.id)).toEqual({ line: { visits: 1, lastVisit: '2026-11-23' }, tile: { visits: 1, counted: 'sale days' } })
  })

  it('at a store that checks customers in, counts a check-in with no sale, and the last visit is its day', async () => {
    const { core, clock, ana } = await setUp()
    await core.ok('sales:create', simpleSale(ana.id, 1200)) // Monday, before the store checked anyone in
    clock.advance(DAY)
    await core.ok('visits:checkIn', { customerId: ana.id }) // Tuesday: checked in, bought nothing
    expect(await bothScreens(core, ana.id)).toEqual({ line: { visits: 1, lastVisit: '2026-11-24' }, tile: { visits: 1, counted: 'check-ins' } })
  })

  it('at a store that checks customers in, a later sale without a check-in is their last visit but not one more', async () => {
    const { core, clock, ana } = await setUp()
    // Checked in and out on Monday and on Tuesday.
    for (let days = 0; days < 2; days++) {
      await core.ok('visits:checkIn', { customerId: ana.id })
      await core.ok('visits:checkOut', { customerId: ana.id })
      clock.advance(DAY)
    }
    clock.advance(DAY)
    await core.ok('sales:create', simpleSale(ana.id, 1200)) // Thursday, rung up without a check-in
    expect(await bothScreens(core, ana.id)).toEqual({ line: { visits: 2, lastVisit: '2026-11-26' }, tile: { visits: 2, counted: 'check-ins' } })
  })
})

describe('visitsOf', () => {
  it('counts sale days without check-ins, check-ins with them, and takes the later last day', () => {
    expect(visitsOf([], null)).toEqual({ visits: 0, lastVisit: null, counted: 'sale days' })
    expect(visitsOf(['2026-02-01', '2026-03-09', '2026-01-31'], null)).toEqual({ visits: 3, lastVisit: '2026-03-09', counted: 'sale days' })
    expect(visitsOf([], { count: 0, lastDay: null })).toEqual({ visits: 0, lastVisit: null, counted: 'check-ins' })
    expect(visitsOf([], { count: 2, lastDay: '2026-03-10' })).toEqual({ visits: 2, lastVisit: '2026-03-10', counted: 'check-ins' })
    expect(visitsOf(['2026-03-12', '2026-03-01'], { count: 2, lastDay: '2026-03-10' })).toEqual({ visits: 2, lastVisit: '2026-03-12', counted: 'check-ins' })
  })
})
