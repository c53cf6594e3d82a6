import type { Knex } from 'knex'
import { openDatabase } from '../../db/connection'
import type { Phase } from '../search/cursor'
import { isIndexOnly, baseMatch, rowMatch, type SearchFilters } from '../search/filters'
import { choosePlan, pageRows, type PageArgs, type Plan, type RunSql } from '../search/plan'
import { sqlRunner } from '../search/service'
import type { SortSpec } from '../search/sorts'
import { sourcesFor } from '../search/sources'
import { raw, sql } from '../search/sql'
import { EXPORT_DB_COLUMNS, type ExportDbRow } from './columns'

/** Rows read per page: big enough that a million is a thousand queries, small enough that Cancel stops within milliseconds. */
export const EXPORT_PAGE_SIZE = 1000

export interface ListQuery {
  filters: SearchFilters
  sort: SortSpec
  direction: 'asc' | 'desc'
}

/** The database file the commands' connection has open (after a restore, still the right one). */
export function databaseFileOf(db: Knex): string {
  const connection = (db.client as { config: { connection: { filename: string } } }).config.connection
  return connection.filename
}

const FULL_ROWS = raw(
  `SELECT ${EXPORT_DB_COLUMNS.map((c) => `c.${c}`).join(', ')} FROM json_each(?) AS j CROSS JOIN customers AS c ON c.local_rowid = j.value ORDER BY j.key`,
)

/**
 * Reads a list export through a connection of its own, in one read transaction: the file holds
 * the list as it was when the export began (a customer renamed meanwhile is neither missed nor
 * written twice), and the desk's commands never queue behind the export's reads (WAL lets both
 * read at once; the commands' connection stays the only writer).
 */
export class ExportReader {
  private readonly db: Knex
  private readonly run: RunSql
  private open = false

  constructor(file: string) {
    this.db = openDatabase(file)
    this.run = sqlRunner(this.db)
  }

  /** Starts the snapshot and picks the same plan the list's search would. */
  async begin(query: ListQuery): Promise<{ plan: Plan; total: number }> {
    // A smaller page cache than the desk's: an export reads each page once.
    await this.db.raw('PRAGMA cache_size = -8192')
    await this.db.raw('BEGIN')
    this.open = true
    const plan = await choosePlan(this.run, await sourcesFor(this.run, query.filters))
    return { plan, total: await this.count(query.filters, plan) }
  }

  /** Exactly how many rows the export will write (the list's own count stops at a cap). */
  private async count(filters: SearchFilters, plan: Plan): Promise<number> {
    const source = plan.kind === 'candidates' ? plan.source : plan.fallback
    const query = isIndexOnly(filters)
      ? sql`SELECT count(*) AS n FROM customers AS c INDEXED BY customers_listing WHERE ${baseMatch(filters)}`
      : source
        ? sql`SELECT count(*) AS n FROM ${source.from} AND ${rowMatch(filters)}`
        : sql`SELECT count(*) AS n FROM customers AS c WHERE ${rowMatch(filters)}`
    const [row] = await this.run(query)
    return Number(row.n)
  }

  /** The matching customers in the list's order, a page at a time (keyset paging, never an offset). */
  async *pages(query: ListQuery, plan: Plan, size = EXPORT_PAGE_SIZE): AsyncGenerator<ExportDbRow[]> {
    let after: PageArgs['after'] = null
    for (;;) {
      const page = await pageRows(this.run, plan, { ...query, after }, size)
      if (page.length === 0) return
      const rows = (await this.db.raw(FULL_ROWS.text, [JSON.stringify(page.map((r) => r.local_rowid))])) as ExportDbRow[]
      yield rows
      if (page.length < size) return
      const last = page[page.length - 1]
      after = { phase: (last.key === null ? 'blanks' : 'values') satisfies Phase, key: last.key, id: last.id }
    }
  }

  async close(): Promise<void> {
    if (this.open) await this.db.raw('COMMIT').catch(() => {})
    this.open = false
    await this.db.destroy()
  }
}
