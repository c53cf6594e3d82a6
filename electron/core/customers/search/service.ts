import type { Knex } from 'knex'
import type { ParsedInput } from '../../../contract'
import type { CommandContext } from '../../context'
import { thumbnails } from '../photos'
import { customerListRow, localStore, LIST_COLUMNS, type ListColumnsRow } from '../present'
import { storeNames } from '../repo'
import { decodeSearchCursor, encodeSearchCursor, type Phase } from './cursor'
import type { SearchFilters } from './filters'
import { registeredRange } from './period'
import { choosePlan, countMatches, pageRows, type PageRow, type RunSql } from './plan'
import { SORTS } from './sorts'
import { sourcesFor } from './sources'
import { readSearchTerms } from './terms'

type SearchInput = ParsedInput<'customers:search'>

export function sqlRunner(db: Knex): RunSql {
  return async (query) => (await db.raw(query.text, query.params as Knex.RawBinding[])) as Record<string, unknown>[]
}

async function listRows(db: Knex, page: PageRow[], country: string) {
  const ids = page.map((r) => r.id)
  const [rows, stores, thumbs] = await Promise.all([
    db('customers').select([...LIST_COLUMNS]).whereIn('id', ids) as Promise<ListColumnsRow[]>,
    storeNames(db),
    thumbnails(db, ids),
  ])
  const byId = new Map(rows.map((r) => [r.id, r]))
  return page.map((r) => customerListRow(byId.get(r.id)!, { country, stores, thumbnails: thumbs }))
}

/**
 * The customer table: a page of customers matching the search box, status, registration
 * period and flag filter, in the chosen order, with a keyset cursor for the next page and
 * the (capped) number of matches, counted on the first page only.
 */
export async function search(ctx: CommandContext, input: SearchInput) {
  const store = await localStore(ctx)
  const sort = SORTS[input.sort]
  const after = input.after ? decodeSearchCursor(input.after, { sort: input.sort, direction: input.direction, spec: sort }) : null
  const filters: SearchFilters = {
    terms: readSearchTerms(input.query, store.country),
    status: input.status,
    range: registeredRange(input, ctx.now(), store.time_zone),
    flaggedOnly: input.flaggedOnly,
  }
  const run = sqlRunner(ctx.db)
  const plan = await choosePlan(run, await sourcesFor(run, filters))
  const counted = after ?? (await countMatches(run, filters, plan))
  const page = await pageRows(run, plan, { filters, sort, direction: input.direction, after }, input.limit + 1)
  const shown = page.slice(0, input.limit)
  const last = shown[shown.length - 1]
  const nextCursor =
    page.length > input.limit
      ? encodeSearchCursor({
          sort: input.sort,
          direction: input.direction,
          phase: (last.key === null ? 'blanks' : 'values') satisfies Phase,
          key: last.key,
          id: last.id,
          total: counted.total,
          totalIsCapped: counted.totalIsCapped,
        })
      : null
  return {
    rows: await listRows(ctx.db, shown, store.country),
    nextCursor,
    total: counted.total,
    totalIsCapped: counted.totalIsCapped,
  }
}
