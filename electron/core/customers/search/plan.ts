import type { SearchCursor, Phase } from './cursor'
import { baseMatch, isIndexOnly, isPlainList, PREFIX_COLUMNS, rowMatch, termsMatch, type SearchFilters } from './filters'
import { walkIndex, type SortSpec } from './sorts'
import type { Source } from './sources'
import { raw, sql, type Sql } from './sql'

/**
 * Up to this many candidates, the search collects them all from the narrowest index and sorts
 * them (≈1 µs each); beyond it, it walks the sort column's index and keeps the rows that match,
 * which reaches a page after about limit × (table size ÷ matches) rows. The two costs meet near
 * here on a million customers.
 */
export const CANDIDATE_LIMIT = 3_000
/** Counting a search stops here ("1,000+"): past it, the count would cost more than the page. */
export const SEARCH_COUNT_CAP = 1_000
/** Counting the plain table (status and period only) reads one index alone and may go further. */
export const LISTING_COUNT_CAP = 20_000
/**
 * A walk gives up after this many rows and sorts the candidates instead: a search whose
 * matches sit far down the sort order (customers named "Zoë", sorted by name) would
 * otherwise read most of the table.
 */
export const WALK_BUDGET = 25_000

export type RunSql = (query: Sql) => Promise<Record<string, unknown>[]>

/** Walks with a fallback read at most `budget` rows of the order before sorting the fallback's candidates instead. */
export type Plan = { kind: 'candidates'; source: Source } | { kind: 'walk'; fallback: Source | null; budget: number }

/** Picks the narrowest source; sorting its rows is cheap if it is small enough, otherwise walk. */
export async function choosePlan(run: RunSql, sources: Source[]): Promise<Plan> {
  let best: { source: Source; n: number } | null = null
  for (const source of sources) {
    const [row] = await run(source.count(CANDIDATE_LIMIT + 1))
    const n = Number(row.n)
    if (!best || n < best.n) best = { source, n }
    if (n === 0) break
  }
  if (best && best.n <= CANDIDATE_LIMIT) return { kind: 'candidates', source: best.source }
  return { kind: 'walk', fallback: best?.source ?? null, budget: WALK_BUDGET }
}

export interface PageArgs {
  filters: SearchFilters
  sort: SortSpec
  direction: 'asc' | 'desc'
  after: Pick<SearchCursor, 'phase' | 'key' | 'id'> | null
}

export interface PageRow {
  local_rowid: number
  key: string | number | null
  id: string
}

function keysetMatch(args: PageArgs, phase: Phase, after: PageArgs['after']): Sql {
  const column = raw(`c.${args.sort.column}`)
  const beyond = raw(args.direction === 'asc' ? '>' : '<')
  if (phase === 'blanks') return after ? sql`${column} IS NULL AND c.id ${beyond} ${after.id}` : sql`${column} IS NULL`
  const present = args.sort.nullable ? sql`${column} IS NOT NULL` : raw('1')
  return after ? sql`${present} AND (${column}, c.id) ${beyond} (${after.key}, ${after.id})` : present
}

function orderBy(args: PageArgs, phase: Phase): Sql {
  const dir = args.direction.toUpperCase()
  return raw(phase === 'blanks' ? `c.id ${dir}` : `c.${args.sort.column} ${dir}, c.id ${dir}`)
}

const pageColumns = (args: PageArgs) => raw(`c.local_rowid AS local_rowid, c.${args.sort.column} AS key, c.id AS id`)

/** The columns termsMatch reads for these filters, carried out of a walk's window with the sort column. */
function walkColumns(args: PageArgs): Sql {
  const f = args.filters
  const columns = ['local_rowid', 'id', args.sort.column]
  if (f.flaggedOnly) columns.push('flagged')
  if (f.terms.substrings.length) columns.push('search_text')
  if (f.terms.prefixes.length) columns.push(...PREFIX_COLUMNS, 'customer_number')
  if (f.giftCard) columns.push('gift_card_number')
  return raw([...new Set(columns)].map((c) => `c.${c}`).join(', '))
}

function candidatesQuery(source: Source, args: PageArgs, phase: Phase, after: PageArgs['after'], n: number): Sql {
  return sql`SELECT ${pageColumns(args)} FROM ${source.from} AND ${rowMatch(args.filters)} AND ${keysetMatch(args, phase, after)}
    ORDER BY ${orderBy(args, phase)} LIMIT ${n}`
}

/**
 * Reads the sort order's index from the cursor on and keeps the rows that match. With a
 * budget, only that many rows of the order are looked at (status and period are checked
 * inside, on the index where it holds them; the search outside, on what the window carries).
 */
function walkQuery(args: PageArgs, phase: Phase, after: PageArgs['after'], n: number, budget: number | null): Sql {
  const index = raw(`customers AS c INDEXED BY ${walkIndex(args.sort, args.filters.status)}`)
  const inOrder = sql`${keysetMatch(args, phase, after)} AND ${baseMatch(args.filters)}`
  if (budget === null) {
    return sql`SELECT ${pageColumns(args)} FROM ${index} WHERE ${inOrder} AND ${termsMatch(args.filters)} ORDER BY ${orderBy(args, phase)} LIMIT ${n}`
  }
  const window = sql`SELECT ${walkColumns(args)} FROM ${index} WHERE ${inOrder} ORDER BY ${orderBy(args, phase)} LIMIT ${budget}`
  return sql`SELECT ${pageColumns(args)} FROM (${window}) AS c WHERE ${termsMatch(args.filters)} LIMIT ${n}`
}

async function phaseRows(run: RunSql, plan: Plan, args: PageArgs, phase: Phase, after: PageArgs['after'], n: number) {
  if (plan.kind === 'candidates') return (await run(candidatesQuery(plan.source, args, phase, after, n))) as unknown as PageRow[]
  const budget = plan.fallback ? plan.budget : null
  const walked = (await run(walkQuery(args, phase, after, n, budget))) as unknown as PageRow[]
  if (walked.length === n || !plan.fallback) return walked
  // Short: either the matches ran out, or the window did. The candidates answer both.
  return (await run(candidatesQuery(plan.fallback, args, phase, after, n))) as unknown as PageRow[]
}

/**
 * Up to n rows after the cursor in sort order: first those with a value in the sort column,
 * then (for columns that may be blank) those without.
 */
export async function pageRows(run: RunSql, plan: Plan, args: PageArgs, n: number): Promise<PageRow[]> {
  const phase = args.after?.phase ?? 'values'
  const rows = await phaseRows(run, plan, args, phase, args.after, n)
  if (phase === 'values' && args.sort.nullable && rows.length < n) {
    rows.push(...(await phaseRows(run, plan, args, 'blanks', null, n - rows.length)))
  }
  return rows
}

/** How many customers match, exactly up to a cap. */
export async function countMatches(run: RunSql, filters: SearchFilters, plan: Plan): Promise<{ total: number; totalIsCapped: boolean }> {
  let cap: number
  let query: Sql
  const source = plan.kind === 'candidates' ? plan.source : plan.fallback
  if (isIndexOnly(filters) || !source) {
    cap = LISTING_COUNT_CAP
    query = sql`SELECT count(*) AS n FROM (SELECT 1 FROM customers AS c INDEXED BY customers_listing WHERE ${baseMatch(filters)} LIMIT ${cap + 1})`
  } else {
    // One store's plain list counts as far as the plain list does, through its narrowest index.
    cap = isPlainList(filters) ? LISTING_COUNT_CAP : SEARCH_COUNT_CAP
    query = sql`SELECT count(*) AS n FROM (SELECT 1 FROM ${source.from} AND ${rowMatch(filters)} LIMIT ${cap + 1})`
  }
  const [row] = await run(query)
  const n = Number(row.n)
  return { total: Math.min(n, cap), totalIsCapped: n > cap }
}
