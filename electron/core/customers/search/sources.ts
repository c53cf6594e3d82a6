import type { SearchFilters } from './filters'
import { baseMatch, prefixMatch } from './filters'
import type { RunSql } from './plan'
import { raw, sql, type Sql } from './sql'
import { quoteTrigram, trigramsToMatch } from './trigrams'

/**
 * A way to find candidate rows through one index: the full-text index for substrings, the
 * prefix indexes for short tokens, the listing index for status and registration time, the
 * flagged index. `count(cap)` says how many rows it yields, stopping at the cap, cheaply.
 */
export interface Source {
  name: string
  /** FROM … WHERE … yielding candidate rows as `c`, before the other filters. */
  from: Sql
  count(cap: number): Sql
}

/** Rows holding every chosen trigram: a superset of the substring matches, narrowed further by rowMatch. */
function fullText(trigrams: string[]): Source {
  const match = trigrams.map(quoteTrigram).join(' AND ')
  return {
    name: 'text',
    from: sql`customer_search CROSS JOIN customers AS c ON c.local_rowid = customer_search.rowid WHERE customer_search MATCH ${match}`,
    count: (cap) => sql`SELECT count(*) AS n FROM (SELECT 1 FROM customer_search WHERE customer_search MATCH ${match} LIMIT ${cap})`,
  }
}

function indexed(name: string, from: Sql): Source {
  return { name, from, count: (cap) => sql`SELECT count(*) AS n FROM (SELECT 1 FROM ${from} LIMIT ${cap})` }
}

/**
 * Rows whose name, last name, nickname, email or username starts with a short token, found by
 * SQLite's multi-index OR. The LIMIT keeps the subquery from being flattened into the outer
 * query, where the planner would rather walk another index than use the five.
 */
function prefixed(token: string): Source {
  const found = sql`SELECT c.local_rowid AS candidate FROM customers AS c WHERE ${prefixMatch(token)} LIMIT ${Number.MAX_SAFE_INTEGER}`
  return {
    name: 'prefix',
    from: sql`(${found}) AS found CROSS JOIN customers AS c ON c.local_rowid = found.candidate WHERE 1`,
    count: (cap) => sql`SELECT count(*) AS n FROM (SELECT 1 FROM customers AS c WHERE ${prefixMatch(token)} LIMIT ${cap})`,
  }
}

/** The sources that can narrow this search; none when only "every active customer, ever" is asked. */
export async function sourcesFor(run: RunSql, f: SearchFilters): Promise<Source[]> {
  const sources: Source[] = []
  if (f.terms.substrings.length) sources.push(fullText(await trigramsToMatch(run, f.terms.substrings)))
  else if (f.terms.prefixes.length) sources.push(prefixed(f.terms.prefixes[0]))
  const narrowsByListing = f.range.from !== null || f.range.to !== null || f.status === 'inactive'
  if (narrowsByListing) {
    sources.push(indexed('listing', sql`customers AS c INDEXED BY customers_listing WHERE ${baseMatch(f)}`))
  }
  if (f.flaggedOnly) {
    sources.push(indexed('flagged', sql`customers AS c INDEXED BY customers_flagged WHERE ${raw('c.flagged = 1 AND c.erased_at IS NULL')}`))
  }
  return sources
}
