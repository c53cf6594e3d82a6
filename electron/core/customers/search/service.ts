import type { Knex } from 'knex'
import type { ParsedInput } from '../../../contract'
import { giftCardKey } from '../../../contract/claim-keys'
import type { CommandContext } from '../../context'
import { fieldError, notFound } from '../../errors'
import type { StoreRow } from '../../stores/repo'
import { storeRows } from '../../stores/terms'
import { customerListRow, LIST_COLUMNS, type ListColumnsRow } from '../present'
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

/** The page's rows with their thumbnails, in one query, in page order. */
async function listRows(db: Knex, page: PageRow[], country: string, stores: Map<string, string>) {
  const rows = (await db('customers as c')
    .leftJoin('customer_photos as p', 'p.id', 'c.id')
    .select([...LIST_COLUMNS.map((column) => `c.${column}`), 'p.thumbnail'])
    .whereIn(
      'c.id',
      page.map((r) => r.id),
    )) as (ListColumnsRow & { thumbnail: string | null })[]
  const byId = new Map(rows.map((r) => [r.id, r]))
  const thumbnails = new Map(rows.filter((r) => r.thumbnail).map((r) => [r.id, r.thumbnail!]))
  return page.map((r) => customerListRow(byId.get(r.id)!, { country, stores, thumbnails }))
}

/** Every store (a handful), read once: this one's country and time zone, and all their names. */
export async function storesOf(ctx: CommandContext): Promise<{ local: StoreRow; names: Map<string, string> }> {
  const rows = await storeRows(ctx)
  const local = rows.find((s) => s.id === ctx.localStoreId())
  if (!local) throw notFound('Store')
  return { local, names: new Map(rows.map((s) => [s.id, s.name])) }
}

type ListFilterInput = Pick<SearchInput, 'query' | 'period' | 'from' | 'to' | 'status' | 'flaggedOnly' | 'storeId'>

/**
 * Refuses a store filter that is none of the stores this PC knows (a stale address, a store id
 * typed by hand): it would otherwise answer an empty list as if the store had no customers.
 */
export function checkStoreFilter(storeId: string | null | undefined, stores: Map<string, string>): void {
  if (storeId && !stores.has(storeId)) throw fieldError('storeId', 'Choose one of your stores, or All stores')
}

/** What the list's filters mean as a query; the export (customers/export) reads the same rows through it. */
export function listFilters(input: ListFilterInput, store: Pick<StoreRow, 'country' | 'time_zone'>, now: Date): SearchFilters {
  return {
    terms: readSearchTerms(input.query, store.country),
    giftCard: input.query.trim() === '' ? null : giftCardKey(input.query),
    status: input.status,
    // A search term looks through the whole database (PRODUCT §1.3); the registration
    // period narrows only the plain list, which opens on the last 30 days. So does the store:
    // a customer of another store of the owner's, searched for at this one, is found (and not
    // made again as a new customer because the list opened on this store's).
    range: input.query === '' ? registeredRange(input, now, store.time_zone) : { from: null, to: null },
    flaggedOnly: input.flaggedOnly,
    storeId: input.query === '' ? (input.storeId ?? null) : null,
  }
}

/**
 * The customer table: a page of customers matching the search box, status, registration
 * period, flag filter and store, in the chosen order, with a keyset cursor for the next page and
 * the (capped) number of matches, counted on the first page only.
 */
export async function search(ctx: CommandContext, input: SearchInput) {
  const { local: store, names: storeNames } = await storesOf(ctx)
  checkStoreFilter(input.storeId, storeNames)
  const sort = SORTS[input.sort]
  const after = input.after ? decodeSearchCursor(input.after, { sort: input.sort, direction: input.direction, spec: sort }) : null
  const filters = listFilters(input, store, ctx.now())
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
    rows: await listRows(ctx.db, shown, store.country, storeNames),
    nextCursor,
    total: counted.total,
    totalIsCapped: counted.totalIsCapped,
  }
}

/** Every active customer, whenever they registered, as the lists count them (the covering listing index answers it). */
export async function count(ctx: CommandContext): Promise<{ active: number }> {
  const row = await ctx.db('customers').where({ active: true }).whereNull('erased_at').whereNull('merged_into').count<{ n: number }[]>({ n: '*' }).first()
  return { active: Number(row?.n ?? 0) }
}
