import { join } from 'node:path'
import { afterAll, describe, expect, it } from 'vitest'
import { openDatabase } from '../../../electron/core/db/connection'
import { withoutNulls } from '../../../electron/core/sync/columns'
import { tempDir } from '../../support/core'

/**
 * A large batch's rows leave out the columns that are NULL in all of them, only where SQLite
 * would store NULL anyway: the rows read back the same as when every column is listed.
 */
const db = openDatabase(join(tempDir('backroom-columns-'), 'columns.sqlite'))
afterAll(() => db.destroy())

const table = 'wide_rows'
const rows = (n: number, extra: (i: number) => Record<string, unknown> = () => ({})) =>
  Array.from({ length: n }, (_, i) => ({ id: `r${String(i).padStart(4, '0')}`, note: null, tag: null, count: 0, city: null, ...extra(i) }))

describe('withoutNulls', () => {
  it('leaves out only nullable columns with no default that are NULL in every row, and the rows read back the same', async () => {
    await db.raw(`CREATE TABLE ${table} (id TEXT PRIMARY KEY, note TEXT, tag TEXT DEFAULT 'none', count INTEGER NOT NULL DEFAULT 0, city TEXT)`)
    const given = rows(100, (i) => (i === 57 ? { city: 'Porto' } : {}))
    const compact = await withoutNulls(db, table, given.map((row) => ({ ...row })))
    // note: NULL everywhere and NULL when left out; tag: its default is not NULL; city: one row has one.
    expect(Object.keys(compact[0]!)).toEqual(['id', 'tag', 'count', 'city'])
    await db(table).insert(compact.slice(0, 50))
    await db(table).insert(compact.slice(50))
    const read = await db(table).orderBy('id')
    expect(read).toEqual(given)
  })

  it('keeps every column of a small batch', async () => {
    const small = rows(10)
    expect(Object.keys((await withoutNulls(db, table, small))[0]!)).toEqual(['id', 'note', 'tag', 'count', 'city'])
  })
})
