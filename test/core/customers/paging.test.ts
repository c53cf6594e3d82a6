import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { giftCardKey } from '../../../electron/contract/claim-keys'
import { SORTABLE_COLUMNS } from '../../../electron/contract/customers'
import { choosePlan, pageRows, type Plan } from '../../../electron/core/customers/search/plan'
import type { SearchFilters } from '../../../electron/core/customers/search/filters'
import { sqlRunner } from '../../../electron/core/customers/search/service'
import { SORTS } from '../../../electron/core/customers/search/sorts'
import { sourcesFor } from '../../../electron/core/customers/search/sources'
import { readSearchTerms } from '../../../electron/core/customers/search/terms'
import { manualClock, startSetUpCore, type TestCore } from '../../support/core'
import { addCustomer, allPages } from './fixtures'

let core: TestCore
const FIRST = ['Ana', 'ana', 'Bea Lu', 'Zoë', 'Émile', 'Marta']
const LAST = ['García', 'Smith', 'smith', 'Núñez', '']

beforeAll(async () => {
  const clock = manualClock('2026-01-01T12:00:00.000Z')
  // The clock jumps by hours or days between this session's commands: main's idle lock (lock.test.ts) stays off.
  core = await startSetUpCore({ now: clock.now, idleLock: false })
  for (let i = 0; i < 41; i++) {
    // Every third customer shares the previous one's registration time: ties broken by id.
    if (i % 3 !== 0) clock.advance(3_600_000)
    const customer = await addCustomer(core, {
      firstName: FIRST[i % FIRST.length],
      lastName: LAST[i % LAST.length],
      email: i % 4 === 0 ? '' : `${['b', 'A', 'c'][i % 3]}${i % 5}@example.org`,
      phone: i % 3 === 0 ? '' : `+1 212 555 01${String(i % 7).padStart(2, '0')}`,
      // Gift card numbers are one customer's each; the prefix repeats so sorting has near-ties.
      giftCardNumber: i % 5 === 0 ? `GC-${i % 2}-${i}` : '',
    })
    // The loyalty module keeps these caches; a few values, many ties, and customers with no reason.
    const reason = i % 4 === 0 ? null : ['Birthday', 'Sale R-1', 'birthday'][i % 3]
    await core.services.db('customers').where({ id: customer.id }).update({ loyalty_points: (i * 7) % 4, last_loyalty_reason: reason })
  }
  await core.ok('customers:inactivate', { id: (await core.ok('customers:search', { period: 'all', limit: 1 })).rows[0].id })
})
afterAll(() => core.cleanup())

/** The order the table promises, straight from SQL: values first in the chosen direction, blanks last by id. */
async function expectedOrder(column: string, direction: 'asc' | 'desc', where = 'active = 1 AND erased_at IS NULL'): Promise<string[]> {
  const rows = await core.services.db.raw(
    `SELECT id FROM customers WHERE ${where} ORDER BY (${column} IS NULL), ${column} ${direction}, id ${direction}`,
  )
  return rows.map((r: { id: string }) => r.id)
}

describe('paging through customers', () => {
  for (const sort of SORTABLE_COLUMNS) {
    for (const direction of ['asc', 'desc'] as const) {
      it(`by ${sort} ${direction}: every active customer once, in order, seven at a time`, async () => {
        const ids = await allPages(core, { period: 'all', sort, direction, limit: 7 })
        expect(ids).toEqual(await expectedOrder(SORTS[sort].column, direction))
      })
    }
  }

  it('pages through a search the same way, with the first page total carried along', async () => {
    const search = { period: 'all', query: 'smith', sort: 'email', direction: 'asc', limit: 4 } as const
    const first = await core.ok('customers:search', search)
    const ids = await allPages(core, search)
    expect(ids).toEqual(await expectedOrder('email', 'asc', "active = 1 AND last_key = 'smith'"))
    expect(first.total).toBe(ids.length)
    const second = await core.ok('customers:search', { ...search, after: first.nextCursor })
    expect(second.total).toBe(first.total)
  })
})

describe('search plans', () => {
  const filters = (query: string): SearchFilters => ({
    terms: readSearchTerms(query, 'US'),
    status: 'active',
    range: { from: null, to: null },
    flaggedOnly: false,
  })

  /** All pages of one plan, n rows at a time, following the last row as the cursor would. */
  async function pagesOf(plan: Plan, f: SearchFilters, sort: (typeof SORTABLE_COLUMNS)[number], direction: 'asc' | 'desc') {
    const run = sqlRunner(core.services.db)
    const ids: string[] = []
    let after: { phase: 'values' | 'blanks'; key: string | number | null; id: string } | null = null
    for (;;) {
      const rows = await pageRows(run, plan, { filters: f, sort: SORTS[sort], direction, after }, 5)
      ids.push(...rows.map((r) => r.id))
      if (rows.length < 5) return ids
      const last = rows[rows.length - 1]
      after = { phase: last.key === null ? 'blanks' : 'values', key: last.key, id: last.id }
    }
  }

  it.each([
    ['smith', 'email', 'desc'],
    ['ana', 'name', 'asc'],
    ['a', 'phone', 'asc'],
    // The start of a later word of a name ("Bea Lu"), found through the full-text index.
    ['lu', 'name', 'asc'],
    ['example', 'giftCardNumber', 'desc'],
  ] as const)('%s by %s %s: sorting candidates, walking the index and a walk that runs out of budget agree', async (query, sort, direction) => {
    const f = filters(query)
    const [source] = await sourcesFor(sqlRunner(core.services.db), f)
    expect(await choosePlan(sqlRunner(core.services.db), [source])).toMatchObject({ kind: 'candidates' })
    const sorted = await pagesOf({ kind: 'candidates', source }, f, sort, direction)
    expect(sorted.length).toBeGreaterThan(5)
    expect(await pagesOf({ kind: 'walk', fallback: null, budget: 0 }, f, sort, direction)).toEqual(sorted)
    expect(await pagesOf({ kind: 'walk', fallback: source, budget: 3 }, f, sort, direction)).toEqual(sorted)
  })

  it.each(['smith', 'sm'])('%s or a gift card number: every plan finds the words’ customers and the card’s holder alike', async (query) => {
    // "GC-0-10" is Émile García's (see beforeAll), typed another way.
    const f = { ...filters(query), giftCard: giftCardKey('gc 0 10') }
    const [holder] = await core.services.db('customers').where({ gift_card_number: 'GC-0-10' }).pluck('id')
    const [source] = await sourcesFor(sqlRunner(core.services.db), f)
    const sorted = await pagesOf({ kind: 'candidates', source }, f, 'name', 'asc')
    const [wordsSource] = await sourcesFor(sqlRunner(core.services.db), filters(query))
    const words = await pagesOf({ kind: 'candidates', source: wordsSource }, filters(query), 'name', 'asc')
    expect(words).not.toContain(holder)
    expect([...sorted].sort()).toEqual([...words, holder].sort())
    expect(await pagesOf({ kind: 'walk', fallback: null, budget: 0 }, f, 'name', 'asc')).toEqual(sorted)
    expect(await pagesOf({ kind: 'walk', fallback: source, budget: 3 }, f, 'name', 'asc')).toEqual(sorted)
  })
})
