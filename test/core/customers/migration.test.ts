import { join } from 'node:path'
import type { Knex } from 'knex'
import { afterEach, describe, expect, it } from 'vitest'
import { derivedColumns } from '../../../electron/core/customers/derived'
import { openDatabase } from '../../../electron/core/db/connection'
import { migrateToLatest } from '../../../electron/core/db/migrate'
import { migrations } from '../../../migrations'
import * as foldApostrophes from '../../../migrations/20261212100000_fold_apostrophes'
import { startSetUpCore, tempDir } from '../../support/core'
import { addCustomer, searchIds } from './fixtures'

let db: Knex | undefined
afterEach(async () => {
  await db?.destroy()
  db = undefined
})

const upTo = (last: string) => Object.fromEntries(Object.entries(migrations).filter(([name]) => name <= last))
const AT = '2026-11-01T10:00:00.000Z'
const STORE_ID = '01900000-0000-7000-8000-000000000001'

async function counts(k: Knex, tables: string[]) {
  return Object.fromEntries(await Promise.all(tables.map(async (t) => [t, Number((await k(t).count<{ n: number }[]>({ n: '*' }))[0].n)])))
}

/** A store, an owner and their change-log entries, as the foundation schema held them. */
async function fillFoundation(k: Knex) {
  await k('stores').insert({ id: STORE_ID, name: 'Old Shop', currency: 'USD', time_zone: 'America/Chicago', created_at: AT, updated_at: AT })
  await k('users').insert({
    id: '01900000-0000-7000-8000-000000000002',
    store_id: STORE_ID,
    username: 'owner',
    display_name: 'Owner',
    role: 'owner',
    password_hash: 'scrypt$x',
    pin_hash: 'scrypt$y',
    created_at: AT,
    updated_at: AT,
  })
  await k('change_log').insert({ id: '01900000-0000-7000-8000-000000000003', table_name: 'stores', row_id: STORE_ID, field: 'name', new_value: '"Old Shop"', hlc: '1', store_id: STORE_ID, created_at: AT })
}

function customerRow(n: number, first: string, phone: string) {
  const fields = { first_name: first, last_name: 'Núñez', nickname: null, email: `${first.toLowerCase()}@example.org`, username: null, phone, customer_number: n }
  return { id: `01900000-0000-7000-8000-00000000010${n}`, store_id: STORE_ID, created_at: AT, updated_at: AT, store_ids: JSON.stringify([STORE_ID]), ...fields, ...derivedColumns(fields) }
}

describe('customer migrations on a filled database', () => {
  it('adds the store country (US) and the customer tables, keeping every row', async () => {
    const dir = tempDir()
    db = openDatabase(join(dir, 'filled.sqlite'))
    await migrateToLatest(db, dir, new Date(AT), upTo('20261123000000_foundation'))
    await fillFoundation(db)
    const before = await counts(db, ['stores', 'users', 'change_log'])

    const result = await migrateToLatest(db, dir, new Date(AT), upTo('20261123010000_customers'))
    expect(result.applied).toEqual(['20261123010000_customers'])
    expect(result.backupFile).toEqual(expect.any(String))
    expect(await counts(db, ['stores', 'users', 'change_log'])).toEqual(before)
    expect(await db('stores').select('name', 'country')).toEqual([{ name: 'Old Shop', country: 'US' }])
    expect(await counts(db, ['customers', 'customer_photos', 'flag_events'])).toEqual({ customers: 0, customer_photos: 0, flag_events: 0 })
    expect(await db.raw('PRAGMA foreign_key_check')).toEqual([])
  })

  it('rebuilds the search index over the customers already there when it is tuned', async () => {
    const dir = tempDir()
    db = openDatabase(join(dir, 'filled.sqlite'))
    await migrateToLatest(db, dir, new Date(AT), upTo('20261123020000_sales_loyalty'))
    await fillFoundation(db)
    await db('customers').insert([customerRow(1, 'Zoë', '+14155552671'), customerRow(2, 'Ana', '+442079460958')])
    const before = await counts(db, ['stores', 'users', 'change_log', 'customers'])

    await migrateToLatest(db, dir, new Date(AT), migrations)
    expect(await counts(db, ['stores', 'users', 'change_log', 'customers'])).toEqual(before)
    const found = async (trigram: string) =>
      (await db!.raw('SELECT c.first_name FROM customer_search JOIN customers c ON c.local_rowid = customer_search.rowid WHERE customer_search MATCH ?', [`"${trigram}"`])).map(
        (r: { first_name: string }) => r.first_name,
      )
    expect(await found('zoe')).toEqual(['Zoë'])
    expect(await found('079')).toEqual(['Ana'])
    expect((await found('une')).sort()).toEqual(['Ana', 'Zoë'])
    // The listing index now carries search_text.
    const [listing] = await db.raw("SELECT sql FROM sqlite_master WHERE name = 'customers_listing'")
    expect(listing.sql).toContain('search_text')
    expect(await db.raw('PRAGMA foreign_key_check')).toEqual([])
    // And the triggers keep it in step with later writes.
    const renamed = { first_name: 'Chloé', last_name: null, nickname: null, email: null, username: null, phone: null, customer_number: 1 }
    await db('customers').where({ customer_number: 1 }).update({ first_name: 'Chloé', ...derivedColumns(renamed) })
    expect(await found('zoe')).toEqual([])
    expect(await found('loe')).toEqual(['Chloé'])
  })
})

describe('20261212100000_fold_apostrophes', () => {
  it('takes the apostrophes out of the names folded before, so "obrien" finds O’Brien', async () => {
    const core = await startSetUpCore()
    try {
      const sean = await addCustomer(core, { firstName: 'Sean', lastName: "O'Brien", nickname: 'Ó’B', email: "sean.o'brien@example.org" })
      const aoife = await addCustomer(core, { firstName: 'Aoife', lastName: 'O’Neill', phone: '(212) 555-0101' })
      const ana = await addCustomer(core, { firstName: 'Ana', lastName: 'García' })
      const k = core.services.db
      const keys = () => k('customers').whereIn('id', [sean.id, aoife.id, ana.id]).orderBy('customer_number').select('name_key', 'last_key', 'nickname_key', 'search_text')
      const now = await keys()
      // As the fold before this migration wrote them: the apostrophes kept.
      await k('customers').where({ id: sean.id }).update({ name_key: "sean o'brien", last_key: "o'brien", nickname_key: 'o’b', search_text: `sean o'brien o’b sean.o'brien@example.org #${sean.customerNumber}` })
      await k('customers').where({ id: aoife.id }).update({ name_key: 'aoife o’neill', last_key: 'o’neill', search_text: now[1].search_text.replace('oneill', 'o’neill') })
      // Ana carries the words of a customer merged into her, as the fold before wrote them.
      await k('customers').where({ id: ana.id }).update({ merged_text: "maeve o'hara #99", search_text: `${now[2].search_text} maeve o'hara #99` })
      expect(await searchIds(core, { query: 'obrien' })).toEqual([])

      await foldApostrophes.up(k)
      expect(await keys()).toEqual([now[0], now[1], { ...now[2], search_text: `${now[2].search_text} maeve ohara #99` }])
      expect(await k('customers').where({ id: ana.id }).first('merged_text')).toEqual({ merged_text: 'maeve ohara #99' })
      expect(await searchIds(core, { query: 'obrien' })).toEqual([sean.id])
      expect(await searchIds(core, { query: "O'Neill" })).toEqual([aoife.id])
      expect(await searchIds(core, { query: 'ohara' })).toEqual([ana.id])
    } finally {
      await core.cleanup()
    }
  })
})
