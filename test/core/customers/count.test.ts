import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { bulkInsertCustomers } from '../../../electron/core/customers/bulk'
import { SEARCH_COUNT_CAP } from '../../../electron/core/customers/search/plan'
import { startSetUpCore, type TestCore } from '../../support/core'
import { allPages, people } from './fixtures'

let core: TestCore
const MANY = SEARCH_COUNT_CAP + 50

beforeAll(async () => {
  core = await startSetUpCore()
  const rows = people(core, MANY, (i) => ({ firstName: `Many${i}`, lastName: 'Common', phone: '', email: '', username: '' }))
  await bulkInsertCustomers(core.services, rows, { userId: null })
})
afterAll(() => core.cleanup())

describe('how many customers match', () => {
  it(`counts a search exactly up to ${SEARCH_COUNT_CAP}, then says "${SEARCH_COUNT_CAP}+" while every page is still there`, async () => {
    const first = await core.ok('customers:search', { query: 'common', period: 'all', limit: 200 })
    expect(first).toMatchObject({ total: SEARCH_COUNT_CAP, totalIsCapped: true })
    expect(await allPages(core, { query: 'common', period: 'all', limit: 200 })).toHaveLength(MANY)
    // Many99 and Many990 … Many999.
    expect(await core.ok('customers:search', { query: 'many99', period: 'all' })).toMatchObject({ total: 11, totalIsCapped: false })
  })

  it('counts the plain table (status and period only) exactly much further', async () => {
    expect(await core.ok('customers:search', { period: 'all' })).toMatchObject({ total: MANY, totalIsCapped: false })
  })
})

describe('how many customers there are in all', () => {
  it('counts every active customer, whenever registered, leaving out the inactive', async () => {
    expect(await core.ok('customers:count', {})).toEqual({ active: MANY })
    const [someone] = (await core.ok('customers:search', { period: 'all', limit: 1 })).rows
    await core.ok('customers:inactivate', { id: someone!.id })
    expect(await core.ok('customers:count', {})).toEqual({ active: MANY - 1 })
    await core.ok('customers:restore', { id: someone!.id })
  })
})
