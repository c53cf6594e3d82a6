import { afterEach, describe, expect, it } from 'vitest'
import { copyFileSync, statSync } from 'node:fs'
import { join } from 'node:path'
import { DATABASE_FILE } from '../../../electron/core'
import { SqliteFile } from '../../../electron/core/backups/sqlite-file'
import { bulkInsertCustomers } from '../../../electron/core/customers/bulk'
import { checkpointSettled } from '../../../electron/core/db/checkpoint-aside'
import { AUTOCHECKPOINT_PAGES } from '../../../electron/core/db/connection'
import { changeLog, startSetUpCore, type TestCore } from '../../support/core'
import { addCustomer, people, rowCount, searchIds, storeOf } from './fixtures'

let core: TestCore | undefined
afterEach(async () => {
  await core?.cleanup()
  core = undefined
})

const schemaOf = async (c: TestCore) => c.services.db.raw("SELECT type, name, sql FROM sqlite_master WHERE tbl_name IN ('customers', 'customer_search') ORDER BY name")
const ownerId = async (c: TestCore) => (await c.ok('auth:status', {})).user!.id

describe('bulk import', () => {
  it.each([
    ['row by row (indexes kept up to date)', undefined, false],
    ['as a large import (indexes and search rebuilt once)', 50_000, true],
  ] as const)('%s: numbers follow on, search finds them, one log entry says who imported what', async (_label, expectedRows, rebuilt) => {
    core = await startSetUpCore()
    const first = await addCustomer(core, { firstName: 'Already', lastName: 'Here' })
    const schema = await schemaOf(core)
    const logBefore = (await changeLog(core)).length

    const result = await bulkInsertCustomers(core.services, people(core, 30), { userId: await ownerId(core), expectedRows })
    expect(result).toEqual({ inserted: 30, firstNumber: Number(first.customerNumber) + 1, lastNumber: Number(first.customerNumber) + 30, rebuiltIndexes: rebuilt })
    expect(await schemaOf(core)).toEqual(schema)
    expect(await core.services.db.raw('PRAGMA integrity_check')).toEqual([{ integrity_check: 'ok' }])
    // The full-text index holds exactly the table's rows, the one there before and the imported
    // (a large import adds the new rows to it instead of rebuilding it): FTS5 compares them.
    await core.services.db.raw("INSERT INTO customer_search (customer_search, rank) VALUES ('integrity-check', 1)")
    // The indexes were built with a small sort cache and a helper thread; the connection has its own settings back.
    expect(await core.services.db.raw('PRAGMA cache_size')).toEqual([{ cache_size: -65536 }])
    expect(await core.services.db.raw('PRAGMA threads')).toEqual([{ threads: 0 }])

    expect(await searchIds(core, { query: 'nunez', status: 'all' })).toHaveLength(15)
    expect(await searchIds(core, { query: '555-1017' })).toHaveLength(1)
    expect(await searchIds(core, { query: 'imported.12' })).toHaveLength(1)
    expect(await searchIds(core, { query: 'already' })).toEqual([first.id])
    const imported = await core.ok('customers:search', { query: 'imported7', period: 'all' })
    expect(imported.rows[0]).toMatchObject({ phone: '(212) 555-1007', lastName: 'Núñez', createdAt: '2026-08-15T12:00:00.000Z' })
    // A customer made afterwards is found too: the search triggers are back.
    const later = await addCustomer(core, { firstName: 'Later' })
    expect(await searchIds(core, { query: 'later' })).toEqual([later.id])

    // One insert entry per imported customer (with its stores), each a unit of its own, so sync carries every one.
    const log = (await changeLog(core)).slice(logBefore).filter((r) => r.op === 'insert' && r.table_name === 'customers' && r.row_id !== later.id)
    expect(log).toHaveLength(30)
    const entry = log.find((r) => r.row_id === imported.rows[0].id)!
    expect(entry).toMatchObject({ tx: entry.id, tx_size: 1, user_id: await ownerId(core) })
    expect(JSON.parse(entry.value!)).toMatchObject({ first_name: 'Imported7', last_name: 'Núñez', customer_stores: [storeOf(core)], created_at: '2026-08-15T12:00:00.000Z' })
  })

  it.each([undefined, 50_000])('refuses the whole import when one row is bad, writing nothing (expected rows %s)', async (expectedRows) => {
    core = await startSetUpCore()
    const schema = await schemaOf(core)
    const rows = people(core, 20, (i) => (i === 11 ? { phone: '12' } : {}))
    await expect(bulkInsertCustomers(core.services, rows, { userId: null, expectedRows })).rejects.toMatchObject({
      code: 'VALIDATION',
      fields: { '11.phone': 'Not a valid phone number' },
    })
    expect(await rowCount(core, 'customers')).toBe(0)
    expect(await schemaOf(core)).toEqual(schema)
  })

  it('refuses passwords and taken usernames', async () => {
    core = await startSetUpCore()
    await expect(bulkInsertCustomers(core.services, people(core, 2, () => ({ password: 'secret password' })), { userId: null })).rejects.toMatchObject({ code: 'VALIDATION' })
    await addCustomer(core, { firstName: 'Has', username: 'imported.0' })
    await expect(bulkInsertCustomers(core.services, people(core, 5), { userId: null })).rejects.toMatchObject({
      code: 'CONFLICT',
      fields: { '0.username': 'That username is already taken' },
    })
    // Twice in one file is refused too, naming both rows.
    await expect(bulkInsertCustomers(core.services, people(core, 5, (i) => ({ username: i === 3 ? 'imported.1' : '' , ...(i === 1 ? { username: 'imported.1' } : {}) })), { userId: null })).rejects.toMatchObject({
      code: 'CONFLICT',
      message: expect.stringContaining('row 2 has it too'),
    })
    expect(await rowCount(core, 'customers')).toBe(1)
  })
})

describe('a large import commits without the checkpoint, which runs aside', () => {
  it('answers, then folds the WAL into the database file on a connection of its own and turns the automatic checkpoint back on', async () => {
    core = await startSetUpCore()
    const db = core.services.db
    const result = await bulkInsertCustomers(core.services, people(core, 30), { userId: null, expectedRows: 50_000 })
    expect(result.inserted).toBe(30)
    await checkpointSettled(db)
    expect(await db.raw('PRAGMA wal_autocheckpoint')).toEqual([{ wal_autocheckpoint: AUTOCHECKPOINT_PAGES }])
    // The database file alone (no WAL beside it) holds the import: the checkpoint ran.
    const copy = join(core.services.dataDir, 'file-alone.sqlite')
    copyFileSync(join(core.services.dataDir, DATABASE_FILE), copy)
    const alone = await SqliteFile.open(copy, { readOnly: true })
    expect(await alone.get('SELECT count(*) AS n FROM customers')).toEqual({ n: 30 })
    await alone.close()
    // Erasing one of them still leaves the WAL truncated (it waits for a checkpoint aside).
    const [first] = await db('customers').pluck('id')
    await core.ok('customers:erase', { id: first })
    expect(statSync(join(core.services.dataDir, `${DATABASE_FILE}-wal`)).size).toBe(0)
  })

  it('turns the automatic checkpoint back on when the import is refused', async () => {
    core = await startSetUpCore()
    const rows = people(core, 20, (i) => (i === 11 ? { phone: '12' } : {}))
    await expect(bulkInsertCustomers(core.services, rows, { userId: null, expectedRows: 50_000 })).rejects.toMatchObject({ code: 'VALIDATION' })
    await checkpointSettled(core.services.db)
    expect(await core.services.db.raw('PRAGMA wal_autocheckpoint')).toEqual([{ wal_autocheckpoint: AUTOCHECKPOINT_PAGES }])
  })
})

describe('two large imports at once', () => {
  it('turn the automatic checkpoint back on once both have checkpointed', async () => {
    core = await startSetUpCore()
    const c = core
    const second = people(c, 30, (i) => ({ firstName: `Second${i}`, username: `second.${i}`, giftCardNumber: '' }))
    // The second starts while the first is writing (its checkpoint already off).
    let started: ReturnType<typeof bulkInsertCustomers> | undefined
    function* firstRows() {
      started = bulkInsertCustomers(c.services, second, { userId: null, expectedRows: 50_000 })
      yield* people(c, 30)
    }
    const first = await bulkInsertCustomers(c.services, firstRows(), { userId: null, expectedRows: 50_000 })
    expect([first.inserted, (await started!).inserted]).toEqual([30, 30])
    await checkpointSettled(core.services.db)
    expect(await core.services.db.raw('PRAGMA wal_autocheckpoint')).toEqual([{ wal_autocheckpoint: AUTOCHECKPOINT_PAGES }])
  })
})
