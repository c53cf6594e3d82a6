import type { Knex } from 'knex'

/**
 * What a column holds when a row is made without it: NULL, or the default of a NOT NULL
 * column. Read once per table from the schema. The applier writes every synced column of a
 * new row (an entry leaves out what is null), so rows of one table go in one statement.
 */
const cache = new Map<string, Map<string, unknown>>()

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
  }
  return defaults
}
