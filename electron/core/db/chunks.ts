import type { Knex } from 'knex'
import { prepared } from './prepared'

/**
 * Many rows written in a few statements: what the bulk paths and the sync applier use
 * instead of one statement per row (each statement is a round trip to SQLite's thread).
 */
type Row = Record<string, unknown>

/** SQLite binds at most 32,766 values per statement: multi-row inserts go in chunks below that. */
const MAX_BOUND_VALUES = 30_000
/** Inserts of up to this many rows are kept prepared (few distinct texts); bulk chunks are not. */
const PREPARED_ROWS = 8

const quoted = (name: string) => `\`${name.replace(/`/g, '``')}\``

/**
 * One `INSERT … VALUES (…), (…)` per chunk. Written by hand because Knex writes a multi-row
 * insert for SQLite as a compound SELECT, which is slower to prepare and capped at 500 rows.
 */
export async function insertInChunks(trx: Knex, table: string, rows: Row[], { orIgnore = false } = {}): Promise<void> {
  // Rows that name the same columns go in one statement: a column left out keeps its default
  // (listing it would insert NULL, which a NOT NULL column with a default refuses).
  for (const group of byColumns(rows)) {
    const columns = Object.keys(group[0])
    const perStatement = Math.max(1, Math.floor(MAX_BOUND_VALUES / columns.length))
    const tuple = `(${columns.map(() => '?').join(', ')})`
    for (let i = 0; i < group.length; i += perStatement) {
      const chunk = group.slice(i, i + perStatement)
      const values = chunk.flatMap((row) => columns.map((column) => row[column] ?? null))
      const sql = `INSERT${orIgnore ? ' OR IGNORE' : ''} INTO ${quoted(table)} (${columns.map(quoted).join(', ')}) VALUES ${chunk.map(() => tuple).join(', ')}`
      // A command's few rows (a sale, its log entries): one prepared statement, one trip to the driver.
      if (chunk.length <= PREPARED_ROWS) await prepared(trx, sql, values)
      else await trx.raw(sql, values as Knex.RawBinding[])
    }
  }
}


/** Rows grouped by the columns they name, so each group is one statement shape. */
function byColumns(rows: readonly Row[]): Row[][] {
  const groups = new Map<string, Row[]>()
  for (const row of rows) {
    const key = Object.keys(row).join('\u0000')
    const group = groups.get(key)
    if (group) group.push(row)
    else groups.set(key, [row])
  }
  return [...groups.values()]
}

/**
 * Updates many rows by key: one `UPDATE … FROM (VALUES …)` per chunk of rows that set the same
 * columns. Each row is `{ [key]: value, column: newValue, … }`; a key matching no row changes nothing.
 */
export async function updateInChunks(trx: Knex, table: string, key: string, rows: readonly Row[]): Promise<void> {
  for (const group of byColumns(rows)) {
    const columns = Object.keys(group[0]).filter((column) => column !== key)
    if (columns.length === 0) continue
    const width = columns.length + 1
    const perStatement = Math.max(1, Math.floor(MAX_BOUND_VALUES / width))
    const tuple = `(${Array(width).fill('?').join(', ')})`
    // VALUES names its columns column1, column2, …: the key first, then the columns in order.
    const set = columns.map((column, i) => `"${column}" = v.column${i + 2}`).join(', ')
    for (let i = 0; i < group.length; i += perStatement) {
      const chunk = group.slice(i, i + perStatement)
      const values = chunk.flatMap((row) => [row[key], ...columns.map((column) => row[column] ?? null)])
      await trx.raw(`UPDATE "${table}" SET ${set} FROM (VALUES ${chunk.map(() => tuple).join(', ')}) AS v WHERE "${table}"."${key}" = v.column1`, values as Knex.RawBinding[])
    }
  }
}
