import type { Knex } from 'knex'
import { openDatabase } from '../../db/connection'
import { holdConnection } from '../../db/prepared'
import type { Phase } from '../search/cursor'
import { isIndexOnly, baseMatch, rowMatch, type SearchFilters } from '../search/filters'
import { choosePlan, pageRows, type PageArgs, type Plan, type RunSql } from '../search/plan'
import type { SortSpec } from '../search/sorts'
import { sourcesFor } from '../search/sources'
import { raw, sql } from '../search/sql'
import { EXPORT_DB_COLUMNS } from './columns'
import type { ExportPage } from './formats'

/**
 * Rows read per page. A page comes as one JSON text, and a text over V8's largest ordinary
 * object (128 KiB) is made in the large-object space, which only a full collection frees: with
 * pages of 1,000 rows (about 200 KB), those texts piled up to 100 MB before each one, and
 * 979,884 customers to CSV peaked at 334–343 MB of RSS and 13–19 s of CPU; with 250 (about
 * 50 KB, young objects that die young) 262–272 MB and 10.4–13 s. Small enough, too, that
 * Cancel stops within milliseconds.
 */
export const EXPORT_PAGE_SIZE = 250
/** Which customers come next is read this many pages at a time (one query of 10,000 ids instead of forty). */
const PAGES_OF_IDS = 40
/** Pages asked of SQLite before the writer needs them: SQLite always has the next one to read while a page is written. */
const PAGES_AHEAD = 3

/** A group of ids in the list's order, read PAGES_OF_IDS pages at a time. */
interface IdGroup {
  ids: number[]
  after: PageArgs['after']
}

export interface ListQuery {
  filters: SearchFilters
  sort: SortSpec
  direction: 'asc' | 'desc'
}

/**
 * A page of customers as one JSON text, an array of value arrays in the ids' order. The driver
 * makes a JavaScript object of every row it returns, one property per column; for 29 columns
 * that was 18 of the 20 s a million rows took to read, and one string per page parses in a
 * fraction of it (measured on 979,884 customers: 17.8 s against 5.6 s).
 */
const FULL_ROWS = raw(
  `SELECT json_group_array(json_array(${EXPORT_DB_COLUMNS.map((c) => `c.${c}`).join(', ')}) ORDER BY j.key) AS page FROM json_each(?) AS j CROSS JOIN customers AS c ON c.local_rowid = j.value`,
)

/**
 * Reads a list export through a connection of its own, in one read transaction: the file holds
 * the list as it was when the export began (a customer renamed meanwhile is neither missed nor
 * written twice), and the desk's commands never queue behind the export's reads (WAL lets both
 * read at once; the commands' connection stays the only writer).
 */
export class ExportReader {
  private readonly db: Knex
  /**
   * The connection, held from begin to close: every read goes straight to the driver, which
   * queues the pages asked for ahead and runs each as soon as the one before ends. Through
   * Knex's pool, the next read was handed to SQLite only when the main thread took the last
   * one's answer, after writing a page: SQLite and the writer took turns instead of working
   * at once (979,884 customers to CSV in 9.2–10.5 s, with both threads half idle).
   */
  private held: Awaited<ReturnType<typeof holdConnection>> | null = null
  private open = false
  private readonly reading = new Set<Promise<unknown>>()

  constructor(file: string) {
    this.db = openDatabase(file)
  }

  private readonly run: RunSql = (query) => {
    if (!this.held) throw new Error('the export reader has not begun')
    return this.held.rows<Record<string, unknown>>(query.text, query.params)
  }

  /** Starts the snapshot and picks the same plan the list's search would. */
  async begin(query: ListQuery): Promise<{ plan: Plan; total: number }> {
    this.held = await holdConnection(this.db)
    // A smaller page cache than the desk's: an export reads each page once.
    await this.held.rows('PRAGMA cache_size = -8192')
    await this.held.rows('BEGIN')
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

  /**
   * The matching customers in the list's order, a page at a time (keyset paging, never an
   * offset). Which customers come next is read up to PAGES_OF_IDS pages ahead, so that the
   * next page's rows can be asked for before this one is handed on: SQLite reads them on its
   * own thread while the writer formats this one, and the two cores share the work.
   */
  async *pages(query: ListQuery, plan: Plan, size = EXPORT_PAGE_SIZE): AsyncGenerator<ExportPage> {
    const idsAtOnce = size * PAGES_OF_IDS
    // The next group of ids is asked for as soon as the one before arrives: SQLite finds it
    // while the pages of this group are read and written.
    let nextGroup: Promise<IdGroup> | null = this.track(this.idsAfter(query, plan, null, idsAtOnce))
    let ids: number[] = []
    const ahead: Promise<ExportPage>[] = []
    for (;;) {
      while (ahead.length < PAGES_AHEAD) {
        if (ids.length === 0 && nextGroup) {
          const group: IdGroup = await nextGroup
          ids = group.ids
          nextGroup = group.after ? this.track(this.idsAfter(query, plan, group.after, idsAtOnce)) : null
        }
        if (ids.length === 0) break
        ahead.push(this.track(this.rowsOf(ids.splice(0, size))))
      }
      const next = ahead.shift()
      if (!next) return
      yield await next
    }
  }

  /** Up to `n` ids in the list's order after `after`, and where the group after them starts (null at the end). */
  private async idsAfter(query: ListQuery, plan: Plan, after: PageArgs['after'], n: number): Promise<IdGroup> {
    const page = await pageRows(this.run, plan, { ...query, after }, n)
    const last = page[page.length - 1]
    const more = page.length === n
    return { ids: page.map((r) => r.local_rowid), after: more ? { phase: (last.key === null ? 'blanks' : 'values') satisfies Phase, key: last.key, id: last.id } : null }
  }

  /** The page as SQLite's JSON text: the page writer parses it just before writing it. */
  private async rowsOf(ids: number[]): Promise<ExportPage> {
    const [{ page }] = (await this.run({ text: FULL_ROWS.text, params: [JSON.stringify(ids)] })) as { page: string }[]
    return { json: page, rows: ids.length }
  }

  /** Keeps a page being read ahead, so that close() lets it end before the connection goes. */
  private track<T>(reading: Promise<T>): Promise<T> {
    // Awaited by pages(), or by close() when the export stopped first.
    reading.catch(() => {})
    this.reading.add(reading)
    void reading.finally(() => this.reading.delete(reading)).catch(() => {})
    return reading
  }

  async close(): Promise<void> {
    await Promise.allSettled([...this.reading])
    if (this.open) await this.held?.rows('COMMIT').catch(() => {})
    this.open = false
    await this.held?.release()
    this.held = null
    await this.db.destroy()
  }
}
