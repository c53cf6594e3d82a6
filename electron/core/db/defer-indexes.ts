import type { Knex } from 'knex'

/**
 * Index upkeep deferred for one large write: a table's non-unique indexes and its triggers
 * (the full-text index's, above all) are dropped, the rows go in, and each index is built
 * once from a sorted pass over the table instead of updated row by row. Unique indexes stay,
 * so a duplicate is still refused at the row that brings it.
 *
 * Everything happens inside the caller's transaction: a failure, a cancel or a crash before
 * the commit rolls the drop back with the rows, and the table is as it was.
 *
 * Used by the customers' bulk insert (an import, a joining store's load); sync's applier may
 * use it for a large batch of the same table.
 */
export interface DeferredIndexes {
  /** What was dropped (names), for a caller that reports it. */
  readonly dropped: readonly string[]
  /** Builds the dropped indexes and triggers again, then rebuilds each full-text index named in `fullText`. */
  restore(): Promise<void>
}

interface SchemaObject {
  name: string
  type: 'index' | 'trigger'
  sql: string
}

/**
 * Drops `table`'s non-unique indexes and its triggers. `fullText` names external-content FTS5
 * tables kept by those triggers: restore() rebuilds them from the table and merges their
 * segments into one (searches then open one list per token).
 */
export async function deferIndexes(trx: Knex.Transaction, table: string, fullText: readonly string[] = []): Promise<DeferredIndexes> {
  const rows: SchemaObject[] = await trx('sqlite_master').select('name', 'type', 'sql').where({ tbl_name: table }).whereIn('type', ['index', 'trigger']).whereNotNull('sql')
  const objects = rows.filter((r) => r.type === 'trigger' || !/^CREATE\s+UNIQUE/i.test(r.sql))
  for (const object of objects) await trx.raw(`DROP ${object.type.toUpperCase()} "${object.name.replace(/"/g, '""')}"`)
  return {
    dropped: objects.map((o) => o.name),
    async restore() {
      for (const object of objects) await trx.raw(object.sql)
      for (const fts of fullText) {
        const name = `"${fts.replace(/"/g, '""')}"`
        await trx.raw(`INSERT INTO ${name} (${name}) VALUES ('rebuild')`)
        await trx.raw(`INSERT INTO ${name} (${name}) VALUES ('optimize')`)
      }
    },
  }
}
