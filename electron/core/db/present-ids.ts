import type { Knex } from 'knex'
import { prepared } from './prepared'

const quoted = (name: string) => `"${name.replace(/"/g, '""')}"`

/**
 * Which of `ids` name a row of `table` (by `column`, its id unless said), and, with `onlyWhere`,
 * a row that also meets that condition (SQL from code, never from input). One statement with
 * the ids bound as one JSON array, walked by `json_each` and looked up in the column's index:
 * the applier asks this of tens of thousands of ids per batch, and a `whereIn` of 500 bound
 * values per chunk cost a statement built by Knex, 500 values bound and a trip to SQLite's thread
 * per chunk (about 600 statements for a 90,000-entry batch).
 */
export async function presentIds(db: Knex, table: string, ids: Iterable<string>, options: { column?: string; onlyWhere?: string } = {}): Promise<Set<string>> {
  const unique = [...new Set(ids)]
  if (unique.length === 0) return new Set()
  const column = quoted(options.column ?? 'id')
  // CROSS JOIN keeps json_each outside: each id is one index lookup, never a scan of the table.
  const sql = `SELECT t.${column} AS id FROM json_each(?) AS j CROSS JOIN ${quoted(table)} AS t ON t.${column} = j.value${options.onlyWhere ? ` WHERE ${options.onlyWhere}` : ''}`
  const rows = await prepared<{ id: string }>(db, sql, [JSON.stringify(unique)])
  return new Set(rows.map((r) => r.id))
}
