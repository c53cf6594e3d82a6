import type { SearchFilters } from './filters'
import { baseMatch, columnStartMatch, giftCardHolders, startsLaterWord } from './filters'
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
 * query, where the planner would rather walk another index than use the five. Two letters may
 * also start a later word of a name (filters.ts, startsLaterWord): the full-text index holds
 * the space before that word and its letters as one trigram, and adds those rows.
 */
function prefixed(token: string): Source {
  const starts = sql`SELECT c.local_rowid AS candidate FROM customers AS c WHERE ${columnStartMatch(token)} LIMIT ${Number.MAX_SAFE_INTEGER}`
  // Each row once, as it comes (DISTINCT over UNION ALL streams, so a count stops at its cap): a
  // UNION built both sets in a temporary b-tree first, and counting "ma" read every "ma…" customer.
  const laterWords = sql`SELECT rowid AS candidate FROM customer_search WHERE customer_search MATCH ${quoteTrigram(' ' + token)}`
  const found = startsLaterWord(token) ? sql`SELECT DISTINCT candidate FROM (SELECT candidate FROM (${starts}) UNION ALL ${laterWords})` : starts
  return {
    name: 'prefix',
    from: sql`(${found}) AS found CROSS JOIN customers AS c ON c.local_rowid = found.candidate WHERE 1`,
    count: (cap) => sql`SELECT count(*) AS n FROM (SELECT 1 FROM (${found}) LIMIT ${cap})`,
  }
}

/**
 * The store's customers, through its join rows' index by store (customer_stores_by_store), each
 * joined to its customer by id. A store holding a handful of the hub's customers is read alone.
 */
function storeMembers(storeId: string): Source {
  const members = sql`customer_stores AS s INDEXED BY customer_stores_by_store WHERE s.store_id = ${storeId}`
  return {
    name: 'store',
    from: sql`customer_stores AS s INDEXED BY customer_stores_by_store CROSS JOIN customers AS c ON c.id = s.customer_id WHERE s.store_id = ${storeId}`,
    count: (cap) => sql`SELECT count(*) AS n FROM (SELECT 1 FROM ${members} LIMIT ${cap})`,
  }
}

/**
 * The words' candidates and the holder of the gift card the search may be: the search matches
 * either (filters.ts, termsMatch), so a source of its words alone would miss the card's holder.
 */
function orGiftCard(words: Source, key: string): Source {
  const holder = sql`SELECT c.local_rowid AS candidate FROM customers AS c WHERE c.id IN (${giftCardHolders(key)}) AND c.gift_card_number IS NOT NULL`
  const found = sql`SELECT c.local_rowid AS candidate FROM ${words.from} UNION ${holder}`
  return {
    name: `${words.name} or gift card`,
    from: sql`(${found}) AS found CROSS JOIN customers AS c ON c.local_rowid = found.candidate WHERE 1`,
    count: (cap) => sql`SELECT count(*) AS n FROM (${found} LIMIT ${cap})`,
  }
}

/** The key, when a customer shows the gift card it is: most searches are not one, and keep their plain sources. */
async function heldCard(run: RunSql, key: string | null | undefined): Promise<string | null> {
  if (!key) return null
  const rows = await run(sql`SELECT 1 FROM customers AS c WHERE c.id IN (${giftCardHolders(key)}) AND c.gift_card_number IS NOT NULL LIMIT 1`)
  return rows.length > 0 ? key : null
}

/** The sources that can narrow this search; none when only "every active customer, ever" is asked. */
export async function sourcesFor(run: RunSql, f: SearchFilters): Promise<Source[]> {
  const sources: Source[] = []
  let words: Source | null = null
  if (f.terms.substrings.length) words = fullText(await trigramsToMatch(run, f.terms.substrings))
  else if (f.terms.prefixes.length) words = prefixed(f.terms.prefixes[0])
  const card = words && (await heldCard(run, f.giftCard))
  if (words) sources.push(card ? orGiftCard(words, card) : words)
  const narrowsByListing = f.range.from !== null || f.range.to !== null || f.status === 'inactive'
  if (narrowsByListing) {
    sources.push(indexed('listing', sql`customers AS c INDEXED BY customers_listing WHERE ${baseMatch(f)}`))
  }
  // After the listing: of two sources both too large to sort, the first is walked beside, and
  // the listing is the one a newest-first walk reads anyway.
  if (f.storeId) sources.push(storeMembers(f.storeId))
  if (f.flaggedOnly) {
    sources.push(indexed('flagged', sql`customers AS c INDEXED BY customers_flagged WHERE ${raw('c.flagged = 1 AND c.erased_at IS NULL')}`))
  }
  return sources
}
