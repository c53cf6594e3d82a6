import type { Knex } from 'knex'

/**
 * What a column holds when a row is made without it: NULL, or the default of a NOT NULL
 * column. Read once per table from the schema. The applier writes every synced column of a
 * new row (an entry leaves out what is null), so rows of one table go in one statement.
 */
const cache = new Map<string, Map<string, unknown>>()
/** Per table, the columns a row made without them gets NULL in (nullable, no default). */
const nullWhenLeftOut = new Map<string, Set<string>>()

function literal(sql: string | null): unknown {
  if (sql === null) return null
  if (/^-?\d+(\.\d+)?$/.test(sql)) return Number(sql)
  const quoted = /^'(.*)'$/s.exec(sql)
  return quoted ? quoted[1].replace(/''/g, "'") : null
}

export async function columnDefaults(db: Knex, table: string): Promise<Map<string, unknown>> {
  let defaults = cache.get(table)
  if (!defaults) {
    const columns: { name: string; notnull: number; dflt_value: string | null }[] = await db.raw(`PRAGMA table_info(${JSON.stringify(table)})`)
    defaults = new Map(columns.map((c) => [c.name, c.notnull ? literal(c.dflt_value) : null]))
    cache.set(table, defaults)
    nullWhenLeftOut.set(table, new Set(columns.filter((c) => !c.notnull && c.dflt_value === null).map((c) => c.name)))
  }
  return defaults
}

/** The columns of `table` that a row made without them holds NULL in (nullable, no default). */
export async function nullWhenOmitted(db: Knex, table: string): Promise<ReadonlySet<string>> {
  await columnDefaults(db, table)
  return nullWhenLeftOut.get(table)!
}

/** Below this many rows, leaving columns out is not worth the pass over the rows. */
const WITHOUT_NULLS_FROM = 64

/**
 * The rows with the columns left out that are NULL in every one of them and that SQLite fills
 * with NULL anyway (nullable, no default): a joining store's customers leave most of their
 * optional fields empty, and each value bound costs the driver time (a fifth of an apply's
 * insert). Rows come in one shape from newRow, so they stay one statement shape. Changes the
 * rows in place; a column with a default, or with a value in any row, stays.
 */
export async function withoutNulls(db: Knex, table: string, rows: Record<string, unknown>[]): Promise<Record<string, unknown>[]> {
  if (rows.length < WITHOUT_NULLS_FROM) return rows
  const nullable = await nullWhenOmitted(db, table)
  const empty = new Set<string>()
  for (const column of Object.keys(rows[0])) if (nullable.has(column)) empty.add(column)
  for (const row of rows) {
    for (const column of empty) if (row[column] !== null && row[column] !== undefined) empty.delete(column)
    if (empty.size === 0) return rows
  }
  for (const row of rows) for (const column of empty) delete row[column]
  return rows
}
