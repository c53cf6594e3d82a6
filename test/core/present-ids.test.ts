import { join } from 'node:path'
import { afterAll, beforeAll, expect, it } from 'vitest'
import { openDatabase } from '../../electron/core/db/connection'
import { presentIds } from '../../electron/core/db/present-ids'
import { tempDir } from '../support/core'

/**
 * presentIds answers which ids are in a table with one statement (the ids as one JSON array),
 * where the applier asked 500 at a time. What it finds must be what a plain IN finds, however
 * many ids, whatever they hold, and it must look each id up rather than scan the table.
 */
const db = openDatabase(join(tempDir(), 'present.sqlite'))
afterAll(() => db.destroy())

const ROWS = 3_000
beforeAll(async () => {
  await db.raw('CREATE TABLE people (id TEXT PRIMARY KEY, code TEXT, erased_at TEXT)')
  await db.raw('CREATE UNIQUE INDEX people_code ON people (code)')
  for (let i = 0; i < ROWS; i += 500) {
    await db('people').insert(Array.from({ length: 500 }, (_, k) => ({ id: `p${i + k}`, code: `c${i + k}`, erased_at: (i + k) % 7 === 0 ? '2026-12-01' : null })))
  }
})

it('finds the ids that are there, past any chunk size, and nothing else', async () => {
  const asked = [...Array.from({ length: 2_600 }, (_, i) => `p${i * 2}`), 'p1', 'p1', 'missing', '', "p1' OR '1'='1", '["p2"]']
  const found = await presentIds(db, 'people', asked)
  const expected = new Set(Array.from({ length: ROWS }, (_, i) => `p${i}`).filter((id) => asked.includes(id)))
  expect(found).toEqual(expected)
  expect(found.size).toBe(1_501)
})

it('keeps only the rows meeting the condition, and looks up by another column when told', async () => {
  const erased = await presentIds(db, 'people', ['p0', 'p1', 'p7', 'p8', 'p14'], { onlyWhere: 't.erased_at IS NOT NULL' })
  expect(erased).toEqual(new Set(['p0', 'p7', 'p14']))
  const byCode = await presentIds(db, 'people', ['c3', 'p3', 'c9999'], { column: 'code' })
  expect(byCode).toEqual(new Set(['c3']))
})

it('asks nothing for no ids, and walks the ids with the index, never the table', async () => {
  const sent: string[] = []
  const listen = (q: { sql: string }) => sent.push(q.sql)
  db.on('query', listen)
  expect(await presentIds(db, 'people', [])).toEqual(new Set())
  expect(sent).toEqual([])
  await presentIds(db, 'people', ['p1'], { onlyWhere: 't.erased_at IS NOT NULL' })
  db.off('query', listen)
  expect(sent).toHaveLength(1)
  const plan: { detail: string }[] = await db.raw(`EXPLAIN QUERY PLAN ${sent[0]}`, ['["p1"]'])
  expect(plan.map((p) => p.detail).join(' | ')).toMatch(/SCAN j .*SEARCH t USING (COVERING )?INDEX/)
})
