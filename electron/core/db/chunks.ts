import type { Knex } from 'knex'
import { prepared, unprepared } from './prepared'

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
    const head = `INSERT${orIgnore ? ' OR IGNORE' : ''} INTO ${quoted(table)} (${columns.map(quoted).join(', ')}) VALUES `
    for (let i = 0; i < group.length; i += perStatement) {
      const chunk = group.slice(i, i + perStatement)
      // A command's few rows (a sale, its log entries): one prepared statement, one trip to the driver.
      if (chunk.length <= PREPARED_ROWS) {
        await prepared(trx, head + Array(chunk.length).fill(tuple).join(', '), valuesOf(chunk, columns))
        continue
      }
      // A bulk chunk goes to the driver as it is: Knex's walk over tens of thousands of bindings costs more than the insert.
      const { tuples, values } = inlined(chunk, columns)
      await unprepared(trx, head + tuples, values)
    }
  }
}

/**
 * A value written into a bulk statement's text, or null when it is bound. The driver binds a
 * string at once, but asks of every other value whether it is a RegExp (a lookup of the global
 * RegExp and an instanceof, in node-sqlite3's Statement::BindParameter). Inserting 200,000 rows
 * of 50 columns, a third of the values NULLs and whole numbers, the binding took 4.4 s of this
 * thread (of 9.5 s), 2.7 s with those written as SQL (90,000 sync entries applied: 9.8–10.0 s
 * before, 8.3–9.4 s after). Written as SQL they are the same values: NULL, an INTEGER, 1 or 0
 * (the driver binds a boolean as 1 or 0).
 * Fractions, larger numbers and everything else stay bound (test/core/chunks.test.ts compares).
 */
function literal(value: unknown): string | null {
  if (value === null || value === undefined) return 'NULL'
  // The driver binds a whole number within 32 bits as an INTEGER, a larger one as a REAL (a TEXT column then keeps "1099511627776.0").
  if (typeof value === 'number') return (value | 0) === value ? String(value | 0) : null
  if (typeof value === 'boolean') return value ? '1' : '0'
  return null
}

/** The VALUES tuples of a bulk chunk, with its NULLs, whole numbers and booleans as literals, and the values still bound. */
function inlined(rows: readonly Row[], columns: readonly string[]): { tuples: string; values: unknown[] } {
  const values: unknown[] = []
  const tuples: string[] = new Array(rows.length)
  for (let r = 0; r < rows.length; r++) {
    const row = rows[r]
    let tuple = '('
    for (let c = 0; c < columns.length; c++) {
      const value = row[columns[c]]
      let text = literal(value)
      if (text === null) {
        text = '?'
        values.push(value)
      }
      tuple += c === 0 ? text : `, ${text}`
    }
    tuples[r] = `${tuple})`
  }
  return { tuples: tuples.join(', '), values }
}

/** The rows' values, column by column, row after row: one flat array, no array per row. */
function valuesOf(rows: readonly Row[], columns: readonly string[]): unknown[] {
  const values: unknown[] = new Array(rows.length * columns.length)
  let at = 0
  for (const row of rows) for (const column of columns) values[at++] = row[column] ?? null
  return values
}


/** Rows grouped by the columns they name, so each group is one statement shape. */
function byColumns(rows: readonly Row[]): Row[][] {
  const groups = new Map<string, Row[]>()
  let last: { keys: string[]; group: Row[] } | undefined
  for (const row of rows) {
    const keys = Object.keys(row)
    // Rows of one table mostly come in runs of one shape: compared with the last, no key string made.
    if (last && sameKeys(keys, last.keys)) {
      last.group.push(row)
      continue
    }
    const key = keys.join('\u0000')
    const group = groups.get(key) ?? []
    if (group.length === 0) groups.set(key, group)
    group.push(row)
    last = { keys, group }
  }
  return [...groups.values()]
}

function sameKeys(a: readonly string[], b: readonly string[]): boolean {
  if (a.length !== b.length) return false
  for (let i = 0; i < a.length; i++) if (a[i] !== b[i]) return false
  return true
}

/**
 * Updates many rows by key: one `UPDATE … FROM (VALUES …)` per chunk of rows that set the same
 * columns. Each row is `{ [key]: value, column: newValue, … }`; a key matching no row changes nothing.
 */
export async function updateInChunks(trx: Knex, table: string, key: string, rows: readonly Row[]): Promise<void> {
  for (const group of byColumns(rows)) {
    const columns = Object.keys(group[0]).filter((column) => column !== key)
    if (columns.length === 0) continue
    const perStatement = Math.max(1, Math.floor(MAX_BOUND_VALUES / (columns.length + 1)))
    // VALUES names its columns column1, column2, …: the key first, then the columns in order.
    const set = columns.map((column, i) => `"${column}" = v.column${i + 2}`).join(', ')
    for (let i = 0; i < group.length; i += perStatement) {
      const { tuples, values } = inlined(group.slice(i, i + perStatement), [key, ...columns])
      await unprepared(trx, `UPDATE "${table}" SET ${set} FROM (VALUES ${tuples}) AS v WHERE "${table}"."${key}" = v.column1`, values)
    }
  }
}
