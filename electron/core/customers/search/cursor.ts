import { decodeCursor, encodeCursor } from '../../db/keyset'
import { fieldError } from '../../errors'
import { LISTING_COUNT_CAP, SEARCH_COUNT_CAP } from './plan'
import type { SortSpec } from './sorts'

/** Rows with a sort value come first ('values'), then those without ('blanks'), each in key order. */
export type Phase = 'values' | 'blanks'

/**
 * Where the next page starts: the last row's sort key and id. It also carries the first
 * page's total, so later pages do not count again, and the sort it belongs to, so a cursor
 * cannot be replayed against another order.
 */
export interface SearchCursor {
  sort: string
  direction: string
  phase: Phase
  key: string | number | null
  id: string
  total: number
  totalIsCapped: boolean
}

const PARTS = 7
const MAX_TOTAL = Math.max(SEARCH_COUNT_CAP, LISTING_COUNT_CAP)

/** A numeric sort's key is a whole number a row can hold; a text key at most a stored value's length. */
function keyFits(phase: string, key: string, spec: SortSpec): boolean {
  if (phase === 'blanks') return true
  return spec.numeric ? /^-?\d{1,16}$/.test(key) && Number.isSafeInteger(Number(key)) : key.length <= 1000
}

export function encodeSearchCursor(c: SearchCursor): string {
  const key = c.key === null ? '' : String(c.key)
  return encodeCursor([c.sort, c.direction, c.phase, key, c.id, String(c.total), c.totalIsCapped ? '1' : '0'])
}

export function decodeSearchCursor(value: string, expected: { sort: string; direction: string; spec: SortSpec }): SearchCursor {
  const [sort, direction, phase, key, id, total, capped] = decodeCursor(value, PARTS)
  const valid = sort === expected.sort && direction === expected.direction && (phase === 'values' || phase === 'blanks')
  // The total is the first page's count, never above the count's cap: anything else was not made here.
  if (!valid || !/^\d{1,9}$/.test(total) || Number(total) > MAX_TOTAL || !keyFits(phase, key, expected.spec)) throw fieldError('after', 'This page link is no longer valid; start from the first page')
  return {
    sort,
    direction,
    phase,
    key: phase === 'blanks' ? null : expected.spec.numeric ? Number(key) : key,
    id,
    total: Number(total),
    totalIsCapped: capped === '1',
  }
}
