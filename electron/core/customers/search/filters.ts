import { raw, sql, joinSql, allOf, type Sql } from './sql'
import type { RegisteredRange } from './period'
import type { SearchTerms } from './terms'

export type StatusFilter = 'active' | 'inactive' | 'all'

export interface SearchFilters {
  terms: SearchTerms
  /**
   * The whole search as a gift card number's key (contract/claim-keys.ts): the customer holding
   * that card matches too, however the number was written ("1234 5678" finds "12345678").
   * Absent when nothing was typed.
   */
  giftCard?: string | null
  status: StatusFilter
  range: RegisteredRange
  flaggedOnly: boolean
  /** Only the customers of this store (its join rows in customer_stores); absent or null: every store's. */
  storeId?: string | null
}

/** The first string after every string that starts with `prefix`, for an index range scan. */
function prefixEnd(prefix: string): string {
  const last = prefix.codePointAt(prefix.length - 1)!
  return prefix.slice(0, -1) + String.fromCodePoint(last + 1)
}

/** Columns whose start a one- or two-character token may match (each has an index). */
export const PREFIX_COLUMNS = ['name_key', 'last_key', 'nickname_key', 'email', 'username']

/** Rows whose name, last name, nickname, email or username starts with the token, or whose number it is: each an index range. */
export function columnStartMatch(token: string): Sql {
  const end = prefixEnd(token)
  const ranges = PREFIX_COLUMNS.map((column) => sql`(${raw(`c.${column}`)} >= ${token} AND ${raw(`c.${column}`)} < ${end})`)
  if (/^#?\d+$/.test(token)) ranges.push(sql`c.customer_number = ${Number(token.replace('#', ''))}`)
  return joinSql(ranges, ' OR ')
}

/**
 * Two letters also match the start of a later word of a name or nickname: "la" in "De La
 * Cruz", "na" in "Li Na", so typing a customer's whole name finds them. The space before the
 * word and its two letters are one trigram of search_text, which finds these rows (sources.ts);
 * one letter and a space are too short for that, and digits are a customer number.
 */
export function startsLaterWord(token: string): boolean {
  return [...token].length === 2 && !/^#?\d+$/.test(token)
}

export function prefixMatch(token: string): Sql {
  if (!startsLaterWord(token)) return columnStartMatch(token)
  const words = sql`instr(' ' || c.name_key || ' ' || coalesce(c.nickname_key, ''), ${' ' + token}) > 0`
  return sql`${columnStartMatch(token)} OR ${words}`
}

export function substringMatch(token: string): Sql {
  return sql`instr(c.search_text, ${token}) > 0`
}

/**
 * What every list asks of a customer, whatever its status: not erased (gone) and not merged
 * into another (it lives on in that one, whose search words include its own, and opening it
 * opens that one). Both are the listing index's own conditions (it leaves those customers out),
 * so the index answers the lists and their counts alone.
 */
const LISTED = 'c.erased_at IS NULL AND c.merged_into IS NULL'

/** Shown or hidden by status: inactive customers only when asked for; erased and merged ones never. */
export function statusMatch(status: StatusFilter): Sql {
  if (status === 'active') return raw(`c.active = 1 AND ${LISTED}`)
  if (status === 'inactive') return raw(`c.active = 0 AND ${LISTED}`)
  return raw(`c.active IN (0, 1) AND ${LISTED}`)
}

export function rangeMatch(range: RegisteredRange): Sql {
  return allOf([
    ...(range.from ? [sql`c.created_at >= ${range.from}`] : []),
    ...(range.to ? [sql`c.created_at < ${range.to}`] : []),
  ])
}

/** Status and registration time: what the listing index answers by itself. */
export function baseMatch(f: SearchFilters): Sql {
  return sql`${statusMatch(f.status)} AND ${rangeMatch(f.range)}`
}

/**
 * The customer who holds a gift card (the claim's earliest holder shows it; one who lost it to
 * another store's customer claims it still but shows none), found through the claims' index.
 */
export function giftCardHolders(key: string): Sql {
  return sql`SELECT k.customer_id FROM customer_claims AS k WHERE k.kind = 'gift_card' AND k.value_key = ${key}`
}

/**
 * A member of the store: one probe of the join rows' own key (customer, store) per customer, on
 * the id every index of the customers carries, so a walk checks it without reading the row.
 */
export function storeMatch(storeId: string): Sql {
  return sql`EXISTS (SELECT 1 FROM customer_stores AS s WHERE s.customer_id = c.id AND s.store_id = ${storeId})`
}

/**
 * The search box, the flag filter and the store: every word, or the whole search as a held gift
 * card number. Checked outside a walk's window (plan.ts), so a store that holds few of the
 * customers leaves the walk's budget counting rows read, not rows kept.
 */
export function termsMatch(f: SearchFilters): Sql {
  const words = allOf([...f.terms.substrings.map(substringMatch), ...f.terms.prefixes.map(prefixMatch)])
  const card = f.giftCard ? sql`(c.gift_card_number IS NOT NULL AND c.id IN (${giftCardHolders(f.giftCard)}))` : null
  return allOf([
    ...(f.flaggedOnly ? [raw('c.flagged = 1')] : []),
    ...(f.storeId ? [storeMatch(f.storeId)] : []),
    card ? sql`((${words}) OR ${card})` : words,
  ])
}

/** Everything a row must satisfy, whichever index found it. */
export function rowMatch(f: SearchFilters): Sql {
  return sql`${baseMatch(f)} AND ${termsMatch(f)}`
}

/** No words and no flag filter: the plain list (of every store, or of one). */
export function isPlainList(f: SearchFilters): boolean {
  return !f.flaggedOnly && f.terms.substrings.length === 0 && f.terms.prefixes.length === 0
}

/** Only status and registration time: then the listing index alone answers the count. */
export function isIndexOnly(f: SearchFilters): boolean {
  return isPlainList(f) && !f.storeId
}
