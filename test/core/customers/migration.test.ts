import { join } from 'node:path'
import type { Knex } from 'knex'
import { afterEach, describe, expect, it } from 'vitest'
import { derivedColumns } from '../../../electron/core/customers/derived'
import { openDatabase } from '../../../electron/core/db/connection'
import { migrateToLatest } from '../../../electron/core/db/migrate'
import { migrations } from '../../../migrations'
import { tempDir } from '../../support/core'

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
