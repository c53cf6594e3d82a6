import type { Knex } from 'knex'
import { withPageCache } from './page-cache'

/**
 * Many rows written into a table with its secondary indexes and full-text triggers set aside,
 * then made again once: building an index from the finished table is one sort, where the same
 * rows inserted one by one each walk every index (customers have eleven, one holding the search
 * text, and a trigram full-text index). Used by the sync applier for a large batch (a joining
 * store, a long offline catch-up) and open to the bulk import.
 *
 * Everything runs in the caller's transaction: a crash or an error anywhere rolls the drop back
 * with the rows, so the database is never left without its indexes. Unique indexes stay (they
 * are constraints the rows are checked against); so do triggers that are not the full-text
 * index's (read-cache tokens and the like must see each row).
 *
 * Worth it only when the rows written are many against the rows already there: rebuilding
 * costs the whole table (and `rebuild` of the full-text index re-reads every row), so
 * `worthDeferring` asks for at least MIN_ROWS rows and at least as many as the table holds.
 */
export const MIN_ROWS = 5_000

interface SchemaObject {
  type: 'index' | 'trigger'
  name: string
  sql: string
}

const quoted = (name: string) => `"${name.replace(/"/g, '""')}"`

/** Whether writing `rows` rows into `table` is better done with its indexes set aside (not when they are set aside already). */
export async function worthDeferring(db: Knex, table: string, rows: number): Promise<boolean> {
  if (rows < MIN_ROWS) return false
  const [{ n }] = (await db.raw(`SELECT COUNT(*) AS n FROM ${quoted(table)}`)) as { n: number }[]
  if (rows < Number(n)) return false
  return (await deferrable(db, table, await fullTextOf(db, table))).some((o) => o.type === 'index')
}

/** The full-text tables kept from `table` (external content), found by their CREATE text. */
async function fullTextOf(db: Knex, table: string): Promise<string[]> {
  const rows: { name: string; sql: string }[] = await db('sqlite_master').where({ type: 'table' }).where('sql', 'like', 'CREATE VIRTUAL TABLE%USING fts5%').select('name', 'sql')
  const content = new RegExp(`content\\s*=\\s*['"]?${table}['"]?\\s*[,)]`, 'i')
  return rows.filter((r) => content.test(r.sql)).map((r) => r.name)
}

/**
 * Indexes kept while the others are set aside: the applier reads by them after every batch, and
 * they cost the inserts nothing. Every merged customer (merge/family.ts `mergedMap`) is read
 * through the partial index of merged rows; without it each page of a bulk join scanned every
 * customer (1.2 s of a 100,000-customer join's first step, growing with the table).
 */
const KEPT_WHILE_ASIDE = new Set(['customers_merged_into'])

/** The indexes and full-text triggers of `table` that `deferIndexes` sets aside. */
async function deferrable(db: Knex, table: string, fullText: readonly string[]): Promise<SchemaObject[]> {
  const rows: SchemaObject[] = await db('sqlite_master').where({ tbl_name: table }).whereIn('type', ['index', 'trigger']).whereNotNull('sql').select('type', 'name', 'sql')
  return rows.filter((r) => {
    if (r.type === 'index') return !/^\s*CREATE\s+UNIQUE\s/i.test(r.sql) && !KEPT_WHILE_ASIDE.has(r.name)
    return fullText.some((fts) => new RegExp(`\\b${fts}\\b`, 'i').test(r.sql))
  })
}

/**
 * Runs `work` (which must use the same transaction `trx`) with `table`'s non-unique indexes
 * and full-text triggers dropped, then creates them again from their own SQL and rebuilds the
 * full-text index from the table. The caller decides whether it pays (`worthDeferring`); meanwhile
 * queries on the table find no secondary index, so `work` should be the writes, not lookups.
 */
export async function deferIndexes<T>(trx: Knex, table: string, work: () => Promise<T>, options: DeferOptions = {}): Promise<T> {
  // Outside a transaction a failure in `work` would leave the table without its indexes.
  if (!trx.isTransaction) throw new Error('deferIndexes runs inside a transaction')
  const aside = await setAside(trx, table)
  const held = options.insertsOnly ? await heldByFullText(trx, table, aside.fullText) : undefined
  const result = await work()
  await putBack(trx, aside, held)
  return result
}

export interface DeferOptions {
  /**
   * `work` only inserts rows, never updates or deletes one (an import): the full-text index
   * then takes the rows written after those it already holds instead of being rebuilt from
   * every row, half the work when a store of 100,000 imports 100,000 more.
   */
  insertsOnly?: boolean
}

/** A full-text table's indexed columns and the content table's column its rowid is, read from its CREATE text. */
interface FullTextShape {
  columns: string[]
  rowid: string
}

async function shapeOf(db: Knex, fts: string): Promise<FullTextShape> {
  const [{ sql }] = (await db('sqlite_master').where({ type: 'table', name: fts }).select('sql')) as { sql: string }[]
  const args = (/fts5\s*\(([^)]*)\)/i.exec(sql)?.[1] ?? '').split(',').map((arg) => arg.trim())
  const rowid = args.find((arg) => /^content_rowid\s*=/i.test(arg))?.replace(/^content_rowid\s*=\s*/i, '').replace(/['"]/g, '') ?? 'rowid'
  return { columns: args.filter((arg) => !arg.includes('=')), rowid }
}

/** The highest rowid of `table` each full-text table holds already: what comes after it is new. */
async function heldByFullText(db: Knex, table: string, fullText: readonly string[]): Promise<Map<string, number>> {
  const held = new Map<string, number>()
  for (const fts of fullText) {
    const { rowid } = await shapeOf(db, fts)
    const [{ last }] = (await db.raw(`SELECT coalesce(max(${quoted(rowid)}), 0) AS last FROM ${quoted(table)}`)) as { last: number }[]
    held.set(fts, Number(last))
  }
  return held
}

/** What `setAside` dropped: saved by a caller that puts it back in a later transaction (a bulk join's pass). */
export interface SetAside {
  table: string
  objects: SchemaObject[]
  fullText: string[]
}

/**
 * Drops `table`'s non-unique indexes and full-text triggers and answers their SQL. A caller that
 * puts them back in a later transaction keeps the answer in the same transaction as the drop
 * (hub/worker.ts saves it in hub_link), so a crash in between still finds it.
 */
export async function setAside(trx: Knex, table: string): Promise<SetAside> {
  const fullText = await fullTextOf(trx, table)
  const objects = await deferrable(trx, table, fullText)
  for (const o of objects) await trx.raw(`DROP ${o.type === 'index' ? 'INDEX' : 'TRIGGER'} ${quoted(o.name)}`)
  return { table, objects, fullText }
}

/**
 * Creates again what `setAside` dropped and rebuilds the full-text index from the table, or
 * (`held`, after inserts only) adds the rows after those it held.
 */
export async function putBack(trx: Knex, { table, objects, fullText }: SetAside, held?: ReadonlyMap<string, number>): Promise<void> {
  await withSortCache(trx, async () => {
    for (const o of objects.filter((o) => o.type === 'index')) await trx.raw(o.sql)
  })
  for (const fts of fullText) {
    const after = held?.get(fts)
    if (after === undefined) await trx.raw(`INSERT INTO ${quoted(fts)} (${quoted(fts)}) VALUES ('rebuild')`)
    else {
      const { columns, rowid } = await shapeOf(trx, fts)
      const list = columns.map(quoted).join(', ')
      await trx.raw(`INSERT INTO ${quoted(fts)} (rowid, ${list}) SELECT ${quoted(rowid)}, ${list} FROM ${quoted(table)} WHERE ${quoted(rowid)} > ?`, [after])
    }
    // One segment instead of many: every search then opens one list per trigram.
    await trx.raw(`INSERT INTO ${quoted(fts)} (${quoted(fts)}) VALUES ('optimize')`)
  }
  for (const o of objects.filter((o) => o.type === 'trigger')) await trx.raw(o.sql)
}

/**
 * A CREATE INDEX sorts its keys in runs as large as the page cache. Measured on 1,000,000
 * customers (sixteen indexes): 12.3 s with an 8 MB cache against 16–20 s with the app's 64 MB,
 * whose long in-memory runs stall the CPU's own caches; and with the runs merged by a helper
 * thread of SQLite's (the app's own thread waits meanwhile), 10.9–12.1 s against 13.5–14.5 s.
 * The connection's settings come back after.
 */
const SORT_CACHE_KIB = 8192
const SORT_THREADS = 2

async function withSortCache(trx: Knex, work: () => Promise<void>): Promise<void> {
  const [{ threads: keptThreads }] = (await trx.raw('PRAGMA threads')) as { threads: number }[]
  await trx.raw(`PRAGMA threads = ${SORT_THREADS}`)
  try {
    await withPageCache(trx, SORT_CACHE_KIB, work)
  } finally {
    await trx.raw(`PRAGMA threads = ${Number(keptThreads)}`)
  }
}
