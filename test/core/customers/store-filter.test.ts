import { readFileSync } from 'node:fs'
import { join } from 'node:path'
import { parse } from 'csv-parse/sync'
import type { Knex } from 'knex'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { bulkInsertCustomers } from '../../../electron/core/customers/bulk'
import { CANDIDATE_LIMIT } from '../../../electron/core/customers/search/plan'
import { captured, type Statement } from '../../bench/capture'
import { manualClock, startSetUpCore, tempDir, type TestCore } from '../../support/core'
import { pdfPages } from '../../support/pdf-text'
import { scriptedDialogs } from '../../support/platform'
import { exportTo } from './export/helpers'
import { addCustomer, allPages, people, searchIds, storeOf, type CustomerDetail } from './fixtures'

/**
 * The customer list narrowed to one store of the owner's (customers:search `storeId`): the
 * customers whose stores include it, in the list, its count and its export alike. The home
 * store holds more customers than the search sorts at once (so its list walks an index), the
 * kiosk a handful (so its list is read through the stores' join rows by store).
 */
let core: TestCore
const dialogs = scriptedDialogs()
const KIOSK = '01900000-0000-7000-8000-00000000bb01'
const MANY = CANDIDATE_LIMIT + 100
let home: string
let ana: CustomerDetail
let both: CustomerDetail
let kioskOnly: CustomerDetail

beforeAll(async () => {
  const clock = manualClock('2027-06-01T12:00:00.000Z')
  core = await startSetUpCore({ dialogs: dialogs.dialogs, now: clock.now, idleLock: false })
  home = storeOf(core)
  // Another store of the owner's, as a hub would have brought it (setup, not the feature under test).
  const at = clock.now().toISOString()
  await core.services.db('stores').insert({ id: KIOSK, name: 'Kiosk', currency: 'USD', time_zone: 'UTC', created_at: at, updated_at: at })
  await bulkInsertCustomers(core.services, people(core, MANY, (i) => ({ firstName: `Home${i}`, lastName: 'Regular', email: '', username: '' })), { userId: null })
  ana = await addCustomer(core, { firstName: 'Ana', lastName: 'Homely', storeIds: [home] })
  both = await addCustomer(core, { firstName: 'Bea', lastName: 'Twostores', storeIds: [home, KIOSK] })
  kioskOnly = await addCustomer(core, { firstName: 'Kim', lastName: 'Kioskonly', storeIds: [KIOSK] })
})
afterAll(() => core.cleanup())

const sorted = (ids: string[]) => [...ids].sort()

describe('the customer list of one store', () => {
  it('shows only that store’s customers; a customer of two stores under both; All stores shows everyone', async () => {
    expect(sorted(await allPages(core, { period: 'all', storeId: KIOSK, limit: 200 }))).toEqual(sorted([both.id, kioskOnly.id]))
    const atHome = await allPages(core, { period: 'all', storeId: home, limit: 200 })
    expect(atHome).toHaveLength(MANY + 2)
    expect(atHome).toContain(both.id)
    expect(atHome).not.toContain(kioskOnly.id)
    expect(await allPages(core, { period: 'all', limit: 200 })).toHaveLength(MANY + 3)
    expect(await allPages(core, { period: 'all', storeId: null, limit: 200 })).toHaveLength(MANY + 3)
  })

  it('lets a search look through every store, as the period does, and narrows every order of the list', async () => {
    // A customer of the kiosk searched for at home is found: not made again as a new customer.
    expect(await searchIds(core, { query: 'kioskonly', storeId: home })).toEqual([kioskOnly.id])
    expect(await searchIds(core, { query: 'twostores', storeId: KIOSK })).toEqual([both.id])
    expect(await searchIds(core, { query: 'ho', storeId: KIOSK, sort: 'name', limit: 1 })).toEqual([(await searchIds(core, { query: 'ho', sort: 'name', limit: 1 }))[0]])
    for (const sort of ['name', 'customerNumber', 'email', 'createdAt'] as const) {
      expect(sorted(await searchIds(core, { storeId: KIOSK, sort })), sort).toEqual(sorted([both.id, kioskOnly.id]))
      const page = await searchIds(core, { storeId: home, sort, limit: 200 })
      expect(page, sort).toHaveLength(200)
      expect(page, sort).not.toContain(kioskOnly.id)
    }
  })

  it('counts that store’s customers, the plain list as far as the plain list counts', async () => {
    expect(await core.ok('customers:search', { period: 'all', storeId: KIOSK })).toMatchObject({ total: 2, totalIsCapped: false })
    expect(await core.ok('customers:search', { period: 'all', storeId: home })).toMatchObject({ total: MANY + 2, totalIsCapped: false })
    expect(await core.ok('customers:search', { period: '30d', storeId: home })).toMatchObject({ total: 2, totalIsCapped: false })
  })

  it('drops a customer whose membership of the store was removed', async () => {
    const { id, customerNumber, photo, hasPassword, assignedStaff, stores, flag, loyaltyPoints, lastLoyaltyReason, active, erased, createdAt, updatedAt, ...form } = await core.ok('customers:get', { id: ana.id })
    await core.ok('customers:update', { ...form, id: ana.id, storeIds: [KIOSK], loaded: form })
    try {
      expect(await allPages(core, { period: 'all', storeId: home, limit: 200 })).not.toContain(ana.id)
      expect(await allPages(core, { period: 'all', storeId: KIOSK, limit: 200 })).toContain(ana.id)
      expect(await core.ok('customers:search', { period: 'all', storeId: KIOSK })).toMatchObject({ total: 3 })
    } finally {
      const now = await core.ok('customers:get', { id: ana.id })
      const { id: _i, customerNumber: _n, photo: _p, hasPassword: _h, assignedStaff: _a, stores: _s, flag: _f, loyaltyPoints: _l, lastLoyaltyReason: _r, active: _c, erased: _e, createdAt: _t, updatedAt: _u, ...again } = now
      await core.ok('customers:update', { ...again, id: ana.id, storeIds: [home], loaded: again })
    }
  })

  it('exports only that store’s customers, and names the store at the top of the report', async () => {
    const folder = tempDir('backroom-export-')
    const file = join(folder, 'kiosk.csv')
    expect(await exportTo(core, dialogs, file, { storeId: KIOSK })).toMatchObject({ state: 'done', done: 2, total: 2 })
    const names = (parse(readFileSync(file), { bom: true, columns: true }) as Record<string, string>[]).map((r) => r['First name']).sort()
    expect(names).toEqual(['Bea', 'Kim'])
    const searched = join(folder, 'searched.csv')
    expect(await exportTo(core, dialogs, searched, { storeId: home, query: 'twostores' })).toMatchObject({ state: 'done', done: 1 })
    // A search's report looks through every store, as the list does, and its heading says so.
    const searchedPdf = join(folder, 'searched.pdf')
    expect(await exportTo(core, dialogs, searchedPdf, { storeId: KIOSK, query: 'kioskonly', format: 'pdf' })).toMatchObject({ state: 'done', done: 1 })
    expect(pdfPages(readFileSync(searchedPdf))[0]![3]).toMatch(/^Active customers · matching “kioskonly”, in every store, whenever they registered · /)
    const kioskPdf = join(folder, 'kiosk.pdf')
    await exportTo(core, dialogs, kioskPdf, { storeId: KIOSK, format: 'pdf' })
    expect(pdfPages(readFileSync(kioskPdf))[0]![3]).toMatch(/^Active customers · of Kiosk · /)
    const everyone = join(folder, 'everyone.csv')
    expect(await exportTo(core, dialogs, everyone, { storeId: home })).toMatchObject({ state: 'done', done: MANY + 2, total: MANY + 2 })
  })

  it('refuses a store that is none of the owner’s, naming the field, in the list and the export alike', async () => {
    const unknown = '01900000-0000-7000-8000-00000000cc01'
    const refusal = { ok: false, error: { code: 'VALIDATION', fields: { storeId: 'Choose one of your stores, or All stores' } } }
    expect(await core.call('customers:search', { storeId: unknown })).toMatchObject(refusal)
    expect(await core.call('customers:exportStart', { period: 'all', format: 'csv', storeId: unknown })).toMatchObject(refusal)
    expect(await core.call('customers:search', { storeId: 'kiosk' })).toMatchObject({ ok: false, error: { code: 'VALIDATION', fields: { storeId: expect.any(String) } } })
    expect(await core.call('customers:search', { storeId: 7 as never })).toMatchObject({ ok: false, error: { code: 'VALIDATION' } })
  })
})

/**
 * Plan lines that read the customers or the stores' join rows from end to end, without an index.
 * A walk reads its window of the sort order's index as a subquery named `c` too: SQLite says
 * "CO-ROUTINE c" for the window and "SCAN c" for reading it, which is no scan of the table.
 */
async function fullScans(db: Knex, statements: Statement[]): Promise<string[]> {
  const scans: string[] = []
  for (const s of statements.filter((s) => /customer_stores|FROM customers/i.test(s.sql))) {
    const plan: { detail: string }[] = await db.raw(`EXPLAIN QUERY PLAN ${s.sql}`, s.bindings as readonly Knex.Value[])
    const subqueries = new Set(plan.map((p) => /^(?:CO-ROUTINE|MATERIALIZE) (\S+)$/.exec(p.detail)?.[1]).filter(Boolean))
    for (const { detail } of plan) {
      const scanned = /^SCAN (c|s|customers|customer_stores)$/.exec(detail)?.[1]
      if (scanned && !subqueries.has(scanned)) scans.push(`${detail} ← ${s.sql}`)
    }
  }
  return scans
}

async function plansOf(input: Parameters<TestCore['ok']>[1]): Promise<{ scans: string[]; details: string }> {
  const statements = await captured(core.services.db, () => core.ok('customers:search', input as never))
  const details: string[] = []
  for (const s of statements.filter((s) => /customer_stores/.test(s.sql))) {
    const plan: { detail: string }[] = await core.services.db.raw(`EXPLAIN QUERY PLAN ${s.sql}`, s.bindings as readonly Knex.Value[])
    details.push(...plan.map((p) => p.detail))
  }
  return { scans: await fullScans(core.services.db, statements), details: details.join(' | ') }
}

describe('the store filter’s query plans', () => {
  // 'HOME' stands for this PC's store, whose id the set-up makes.
  it.each([
    ['the home store, newest first', { period: 'all', storeId: 'HOME' }],
    ['the home store, last 30 days', { period: '30d', storeId: 'HOME' }],
    ['the home store, by name', { period: 'all', storeId: 'HOME', sort: 'name' }],
    ['the home store, inactive', { period: 'all', storeId: 'HOME', status: 'inactive' }],
    ['the kiosk, newest first', { period: 'all', storeId: KIOSK }],
    ['the kiosk, by name', { period: 'all', storeId: KIOSK, sort: 'name' }],
  ] as const)('%s: every customer and membership found through an index', async (_label, input) => {
    const { scans, details } = await plansOf({ ...input, storeId: input.storeId === 'HOME' ? home : input.storeId })
    expect(scans).toEqual([])
    // Membership is checked on the join rows' key, or the store's rows read by store; never a scan of them.
    expect(details).toMatch(/SEARCH s (EXISTS )?USING (PRIMARY KEY|COVERING INDEX customer_stores_by_store)/)
  })

  it('reads a small store’s customers by store, not by walking every customer', async () => {
    const { details } = await plansOf({ period: 'all', storeId: KIOSK })
    expect(details).toMatch(/SEARCH s USING COVERING INDEX customer_stores_by_store \(store_id=\?\)/)
  })
})
