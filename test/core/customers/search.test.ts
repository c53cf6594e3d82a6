import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { startSetUpCore, type TestCore } from '../../support/core'
import { addCustomer, searchIds, type CustomerDetail } from './fixtures'

let core: TestCore
let ana: CustomerDetail
let zoe: CustomerDetail
let lukasz: CustomerDetail
let robert: CustomerDetail
let london: CustomerDetail
let inactive: CustomerDetail
let cruz: CustomerDetail
let lina: CustomerDetail
let obrien: CustomerDetail
let oneill: CustomerDetail

beforeAll(async () => {
  core = await startSetUpCore()
  ana = await addCustomer(core, { firstName: 'Ana', lastName: 'García', phone: '(415) 555-2671', email: 'ana.garcia@example.org', username: 'agarcia7' })
  zoe = await addCustomer(core, { firstName: 'Zoë', lastName: 'Bérubé', phone: '212.555.0199' })
  lukasz = await addCustomer(core, { firstName: 'Łukasz', lastName: 'Groß' })
  robert = await addCustomer(core, { firstName: 'Robert', lastName: 'Smith', nickname: 'Bobby', email: 'rsmith@example.com' })
  london = await addCustomer(core, { firstName: 'Olivia', lastName: 'Brown', phone: '+44 20 7946 0958' })
  inactive = await addCustomer(core, { firstName: 'Ana', lastName: 'Inactive' })
  await core.ok('customers:inactivate', { id: inactive.id })
  cruz = await addCustomer(core, { firstName: 'Maria', lastName: 'De La Cruz' })
  lina = await addCustomer(core, { firstName: 'Li Na', lastName: 'Wu', nickname: 'Big Mo' })
  obrien = await addCustomer(core, { firstName: 'Sean', lastName: "O'Brien" })
  // As a phone, a Mac or a spreadsheet writes the apostrophe.
  oneill = await addCustomer(core, { firstName: 'Niamh', lastName: 'O’Neill' })
})
afterAll(() => core.cleanup())

const find = (query: string) => searchIds(core, { query })

describe('customers:search', () => {
  it('stores the phone in E.164 and shows it as written at home', async () => {
    const row = await core.services.db('customers').where({ id: ana.id }).first()
    expect(row.phone).toBe('+14155552671')
    expect(ana.phone).toBe('(415) 555-2671')
    expect(london.phone).toBe('+44 20 7946 0958')
  })

  it.each(['(415) 555-2671', '415-555-2671', '415.555.2671', '+1 415 555 2671', '1 (415) 555-2671', '4155552671', '555 2671', '2671', '(415) 555', '011 1 415 555 2671'])(
    'finds a phone typed as %s',
    async (typed) => {
      expect(await find(typed)).toEqual([ana.id])
    },
  )

  it.each(['+44 20 7946 0958', '020 7946 0958', '0044 20 7946 0958', '7946 0958', '+44 20 79'])('finds a foreign phone typed as %s', async (typed) => {
    expect(await find(typed)).toEqual([london.id])
  })

  it('does not find a phone by digits it does not contain', async () => {
    expect(await find('415 556')).toEqual([])
  })

  it.each([
    ['zoe', 'no accent'],
    ['ZOË', 'capitals'],
    ['Bérubé', 'accents as stored'],
    ['berube', 'last name without accents'],
    ['zoe beru', 'first and part of last'],
    ['BERUBE zo', 'last then a short first'],
  ])('finds Zoë Bérubé by %s (%s)', async (query) => {
    expect(await find(query)).toEqual([zoe.id])
  })

  it('folds letters Unicode does not decompose (ł, ß)', async () => {
    expect(await find('lukasz')).toEqual([lukasz.id])
    expect(await find('gross')).toEqual([lukasz.id])
  })

  it('finds by nickname, email, username and customer number', async () => {
    expect(await find('bobby')).toEqual([robert.id])
    expect(await find('garcia@ex')).toEqual([ana.id])
    expect(await find('rsmith@example.com')).toEqual([robert.id])
    expect(await find('agarcia')).toEqual([ana.id])
    expect(await find(`#${zoe.customerNumber}`)).toEqual([zoe.id])
    expect(await find(zoe.customerNumber)).toContain(zoe.id)
  })

  it('matches one or two letters at the start of a name, nickname, email or username only', async () => {
    expect(await find('bo')).toEqual([robert.id]) // nickname
    expect(await find('sm')).toEqual([robert.id]) // last name
    expect(await find('ag')).toEqual([ana.id]) // username
    expect((await find('a')).sort()).toEqual([ana.id].sort()) // Ana (the other Ana is inactive)
    expect(await find('mi')).toEqual([]) // "Smith" contains it, but does not start with it
  })

  it.each([
    ['Maria De La Cruz', () => cruz],
    ['la cruz', () => cruz],
    ['la', () => cruz],
    ['Li Na Wu', () => lina],
    ['na wu', () => lina],
    ['mo', () => lina],
  ])('finds a customer by two letters starting a later word of their name or nickname: %s', async (query, who) => {
    expect(await find(query)).toEqual([who().id])
  })

  it.each([
    ["o'brien", () => obrien],
    ['obrien', () => obrien],
    ['O’Brien', () => obrien],
    ['sean ob', () => obrien],
    ["O'Neill", () => oneill],
    ['oneill', () => oneill],
    ['O’Neill', () => oneill],
  ])('finds a name with an apostrophe however it is typed: %s', async (query, who) => {
    expect(await find(query)).toEqual([who().id])
  })

  it('requires every word to match', async () => {
    expect(await find('ana garcia')).toEqual([ana.id])
    expect(await find('ana smith')).toEqual([])
  })

  it('hides inactive customers unless asked, and never shows erased ones', async () => {
    expect(await searchIds(core, { query: 'inactive' })).toEqual([])
    expect(await searchIds(core, { query: 'inactive', status: 'inactive' })).toEqual([inactive.id])
    expect((await searchIds(core, { query: 'ana', status: 'all' })).sort()).toEqual([ana.id, inactive.id].sort())
    expect(await searchIds(core, { status: 'inactive' })).toEqual([inactive.id])
  })

  it('shows each row as the table needs it', async () => {
    const result = await core.ok('customers:search', { query: 'agarcia', period: 'all' })
    expect(result).toMatchObject({ total: 1, totalIsCapped: false, nextCursor: null })
    expect(result.rows[0]).toEqual({
      id: ana.id,
      customerNumber: ana.customerNumber,
      firstName: 'Ana',
      lastName: 'García',
      nickname: null,
      email: 'ana.garcia@example.org',
      phone: '(415) 555-2671',
      username: 'agarcia7',
      photoThumbnail: null,
      loyaltyPoints: 0,
      lastLoyaltyReason: null,
      giftCardNumber: null,
      stores: [{ id: core.services.localStoreId(), name: 'Corner Shop' }],
      flagged: false,
      flagReason: null,
      active: true,
      createdAt: ana.createdAt,
    })
  })

  it('refuses a cursor made for another order', async () => {
    const first = await core.ok('customers:search', { period: 'all', sort: 'name', limit: 2 })
    const result = await core.call('customers:search', { period: 'all', sort: 'email', after: first.nextCursor })
    expect(result).toMatchObject({ ok: false, error: { code: 'VALIDATION', fields: { after: expect.any(String) } } })
    expect(await core.call('customers:search', { period: 'all', after: 'not a cursor' })).toMatchObject({ ok: false, error: { code: 'VALIDATION' } })
  })
})
