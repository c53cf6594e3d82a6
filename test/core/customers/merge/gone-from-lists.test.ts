import { readFileSync } from 'node:fs'
import { join } from 'node:path'
import { parse } from 'csv-parse/sync'
import type { Knex } from 'knex'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { readFacts } from '../../../../electron/core/backups/manifest'
import { captured } from '../../../bench/capture'
import { startSetUpCore, tempDir, type TestCore } from '../../../support/core'
import { scriptedDialogs } from '../../../support/platform'
import { exportTo } from '../export/helpers'
import { addCustomer, searchIds } from '../fixtures'

/**
 * A customer merged into another is gone: it lives on in its survivor, so it is in no list,
 * neither as inactive nor under "all", in no count, no picker and no export; its old words find
 * the survivor. An erased customer is in none either. A plain inactive customer still is.
 */
let core: TestCore
const dialogs = scriptedDialogs()
const ids = { maria: '', mary: '', ina: '', erin: '', ada: '' }

beforeAll(async () => {
  core = await startSetUpCore({ dialogs: dialogs.dialogs })
  const add = async (firstName: string, lastName: string, phone = '') => (await addCustomer(core, { firstName, lastName, phone })).id
  ids.maria = await add('Maria', 'Lopez', '(212) 555-0101')
  ids.mary = await add('Mary', 'Lopes', '(212) 555-0199')
  ids.ina = await add('Ina', 'Inactive')
  ids.erin = await add('Erin', 'Erased')
  ids.ada = await add('Ada', 'Active')
  await core.ok('customers:setFlag', { id: ids.mary, flagged: true, reason: 'Bounced cheque' })
  await core.ok('duplicates:merge', { survivorId: ids.maria, mergedId: ids.mary, keep: {} })
  await core.ok('customers:inactivate', { id: ids.ina })
  await core.ok('customers:erase', { id: ids.erin })
})
afterAll(() => core.cleanup())

const sorted = (list: string[]) => [...list].sort()

describe('a merged customer in the lists', () => {
  it('is in neither the inactive nor the "all" list, in any order, and the counts leave it out', async () => {
    for (const sort of ['createdAt', 'name', 'customerNumber'] as const) {
      expect(await searchIds(core, { status: 'inactive', sort }), sort).toEqual([ids.ina])
      expect(sorted(await searchIds(core, { status: 'all', sort })), sort).toEqual(sorted([ids.maria, ids.ina, ids.ada]))
      expect(sorted(await searchIds(core, { status: 'active', sort })), sort).toEqual(sorted([ids.maria, ids.ada]))
    }
    expect(await core.ok('customers:search', { period: 'all', status: 'inactive' })).toMatchObject({ total: 1, totalIsCapped: false })
    expect(await core.ok('customers:search', { period: 'all', status: 'all' })).toMatchObject({ total: 3 })
    expect(await core.ok('customers:search', { period: '30d', status: 'all' })).toMatchObject({ total: 3 })
    expect(await core.ok('customers:count', {})).toEqual({ active: 2 })
  })

  it('is found, by its own name, phone or flag, only as the customer it was merged into (the pickers and quick lookup search so)', async () => {
    for (const status of ['active', 'inactive', 'all'] as const) {
      const expected = status === 'inactive' ? [] : [ids.maria]
      expect(await searchIds(core, { status, query: 'Lopes' }), status).toEqual(expected)
      expect(await searchIds(core, { status, query: '555-0199' }), status).toEqual(expected)
      expect(await searchIds(core, { status, query: 'ma', sort: 'name' }), status).toEqual(expected)
      expect(await searchIds(core, { status, flaggedOnly: true }), status).toEqual(expected)
    }
  })

  it('stays out though another store’s restore (before it heard of the merge) made the tombstone active again', async () => {
    // The merged customer's `active` is its own (merge/edits.ts): a restore made elsewhere offline wins by its time.
    await core.services.db('customers').where({ id: ids.mary }).update({ active: 1 })
    try {
      expect(sorted(await searchIds(core, { status: 'active' }))).toEqual(sorted([ids.maria, ids.ada]))
      expect(sorted(await searchIds(core, { status: 'all', query: 'lope' }))).toEqual([ids.maria])
      expect(await core.ok('customers:count', {})).toEqual({ active: 2 })
    } finally {
      await core.services.db('customers').where({ id: ids.mary }).update({ active: 0 })
    }
  })

  it('is not exported, whatever the status asked', async () => {
    const names = (file: string) => (parse(readFileSync(file), { bom: true, columns: true }) as Record<string, string>[]).map((r) => r['First name']).sort()
    const folder = tempDir('backroom-export-')
    for (const [status, expected] of [
      ['all', ['Ada', 'Ina', 'Maria']],
      ['inactive', ['Ina']],
    ] as const) {
      const file = join(folder, `${status}.csv`)
      expect(await exportTo(core, dialogs, file, { status })).toMatchObject({ state: 'done', total: expected.length })
      expect(names(file)).toEqual(expected)
    }
  })

  it('is not offered as a possible duplicate, nor counted among a backup’s customers', async () => {
    expect(await core.ok('duplicates:check', { firstName: 'Mary', lastName: 'Lopes', phone: '(212) 555-0199', email: '', dateOfBirth: '' })).toEqual([])
    const facts = await readFacts(<T>(text: string) => core.services.db.raw(text) as Promise<T[]>)
    expect(facts.customers).toBe(3)
  })

  it('leaves the lists’ counts on the listing index alone, as before (no row of the table is read)', async () => {
    const db = core.services.db
    const statements = [
      ...(await captured(db, () => core.ok('customers:search', { period: 'all', status: 'inactive' }))),
      ...(await captured(db, () => core.ok('customers:search', { period: 'all', status: 'all' }))),
      ...(await captured(db, () => core.ok('customers:count', {}))),
    ].filter((s) => /count\(/i.test(s.sql) && /customers/.test(s.sql))
    expect(statements.length).toBeGreaterThanOrEqual(3)
    const { rootpage } = await db('sqlite_master').where({ type: 'table', name: 'customers' }).first('rootpage')
    for (const s of statements) {
      const bindings = s.bindings as readonly Knex.Value[]
      const plan: { detail: string }[] = await db.raw(`EXPLAIN QUERY PLAN ${s.sql}`, bindings)
      expect(plan.map((p) => p.detail).join('\n'), s.sql).toMatch(/USING (COVERING )?INDEX customers_listing\b/)
      // The partial index's own conditions are not read from the row: the table is opened but no column of it is read.
      const code: { opcode: string; p1: number; p2: number }[] = await db.raw(`EXPLAIN ${s.sql}`, bindings)
      const table = code.filter((o) => o.opcode === 'OpenRead' && o.p2 === rootpage).map((o) => o.p1)
      expect(code.filter((o) => o.opcode === 'Column' && table.includes(o.p1)), s.sql).toEqual([])
    }
  })
})
