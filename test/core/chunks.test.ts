import { join } from 'node:path'
import { afterAll, expect, it } from 'vitest'
import { insertInChunks, updateInChunks } from '../../electron/core/db/chunks'
import { openDatabase } from '../../electron/core/db/connection'
import { tempDir } from '../support/core'

/**
 * A bulk chunk writes its NULLs, whole numbers and booleans into the statement's text instead of
 * binding them (db/chunks.ts: the driver's binding of such values was half a bulk insert's time
 * on the main thread). What lands in the table must be what binding every value stores: the
 * same values and the same SQLite types, whatever the value, as a command's few rows (prepared,
 * every value bound) store them.
 */
const db = openDatabase(join(tempDir(), 'chunks.sqlite'))
afterAll(() => db.destroy())

const SAMPLES: Record<string, unknown>[] = [
  { n: null, i: 0, f: 1.5, b: true, t: "O'Brien" },
  { n: null, i: -7, f: 0.1 + 0.2, b: false, t: 'NULL' },
  { n: null, i: 2 ** 40, f: -1e-9, b: true, t: '?' },
  { n: null, i: Number.MAX_SAFE_INTEGER, f: 1e300, b: false, t: "'); DROP TABLE t; --" },
  { n: null, i: -0, f: 3, b: true, t: '' },
  { n: null, i: 2 ** 31, f: -2.5, b: false, t: '12' },
]
const COLUMNS = 'id INTEGER PRIMARY KEY, n ANY, i ANY, f ANY, b ANY, t ANY, k INTEGER, r REAL, x TEXT'

async function stored(table: string): Promise<unknown[]> {
  return db.raw(`SELECT n, typeof(n) AS tn, i, typeof(i) AS ti, f, typeof(f) AS tf, b, typeof(b) AS tb, t, typeof(t) AS tt, k, typeof(k) AS tk, r, typeof(r) AS tr, x, typeof(x) AS tx FROM ${table} ORDER BY id`)
}

it('stores every value of a bulk chunk as binding it would, in columns of every affinity', async () => {
  await db.raw(`CREATE TABLE bulk (${COLUMNS})`)
  await db.raw(`CREATE TABLE few (${COLUMNS})`)
  // Columns without affinity keep each value's own type; k, r and x convert it as their type says.
  const rows = SAMPLES.map((row, id) => ({ id: id + 1, ...row, k: row.i, r: row.i, x: row.i }))
  // Repeated past the prepared path's eight rows: one bulk statement.
  const bulk = Array.from({ length: 5 }, (_, copy) => rows.map((row) => ({ ...row, id: copy * 100 + (row.id as number) }))).flat()
  await insertInChunks(db, 'bulk', bulk)
  for (const row of bulk) await insertInChunks(db, 'few', [row])
  const written = await stored('bulk')
  expect(written).toEqual(await stored('few'))
  expect(written[0]).toMatchObject({ tn: 'null', i: 0, ti: 'integer', f: 1.5, tf: 'real', b: 1, tb: 'integer', t: "O'Brien", tt: 'text' })
  expect(written[3]).toMatchObject({ i: Number.MAX_SAFE_INTEGER, t: "'); DROP TABLE t; --" })
})

it('updates many rows with the same values and types as Knex binding each one', async () => {
  for (const table of ['bulk', 'few']) await db.raw(`DELETE FROM ${table}`)
  const ids = Array.from({ length: 30 }, (_, i) => i + 1)
  for (const table of ['bulk', 'few']) await insertInChunks(db, table, ids.map((id) => ({ id, t: 'before' })))
  const changes = ids.map((id) => ({ id, ...SAMPLES[id % SAMPLES.length], k: id % 2 ? null : id * 1.5 }))
  await updateInChunks(db, 'bulk', 'id', changes)
  for (const { id, ...change } of changes) await db('few').where({ id }).update(change)
  expect(await stored('bulk')).toEqual(await stored('few'))
})
