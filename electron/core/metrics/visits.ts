import type { Rows } from '../db/prepared'

/** A customer's check-ins, read for the visits rule; null when this store does not check customers in. */
export interface CheckIns {
  /** Check-ins, a second check-in of one stay (merged into the first) not counted. */
  count: number
  /** The store-local day of the latest check-in ('YYYY-MM-DD'), null before the first. */
  lastDay: string | null
}

/** A customer's visits as the metrics page and their page both show them. */
export interface Visits {
  visits: number
  /** The last day they came ('YYYY-MM-DD'), null before the first. */
  lastVisit: string | null
  counted: 'check-ins' | 'sale days'
}

const STORE_CHECKS_IN = 'SELECT EXISTS (SELECT 1 FROM visits WHERE store_id = ?) AS checks_in'
const CHECK_INS = 'SELECT COUNT(*) - COUNT(merged_into) AS n, MAX(local_date) AS last_day FROM visits WHERE customer_id = ?'
const CHECK_INS_IN_RANGE = `${CHECK_INS} AND local_date BETWEEN ? AND ?`

/**
 * The customer's check-ins at every store of the owner (in [from, to] with a range, their whole
 * history without), or null when this store has never checked anyone in: it then counts days
 * with a sale, as before visits existed (issue 12). Whether a store checks customers in is
 * this store's way of working, so a check-in at another store does not switch it.
 */
export async function checkInsOf(rows: Rows, storeId: string, customerId: string, range?: { from: string; to: string }): Promise<CheckIns | null> {
  const [[store], [found]] = await Promise.all([
    rows<{ checks_in: number }>(STORE_CHECKS_IN, [storeId]),
    range
      ? rows<{ n: number; last_day: string | null }>(CHECK_INS_IN_RANGE, [customerId, range.from, range.to])
      : rows<{ n: number; last_day: string | null }>(CHECK_INS, [customerId]),
  ])
  if (!store?.checks_in) return null
  return { count: Number(found?.n ?? 0), lastDay: found?.last_day ?? null }
}

/**
 * The one rule for a customer's visits, used by the metrics page's tile and the line under the
 * customer's name on their page, so the two never disagree. At a store that checks customers
 * in, a visit is a check-in (a customer checked in who bought nothing came all the same), and
 * the last visit is the later of the last check-in and the last day with a sale: a sale rung up
 * without a check-in still says they were in the store that day, but is not counted as a
 * visit of its own (the count agrees with Conversion's). At a store that does not check
 * customers in, a visit is a store-local day with a sale that was not voided.
 */
export function visitsOf(saleDays: readonly string[], checkIns: CheckIns | null): Visits {
  const lastSaleDay = latest(saleDays)
  if (checkIns === null) return { visits: saleDays.length, lastVisit: lastSaleDay, counted: 'sale days' }
  return { visits: checkIns.count, lastVisit: latest([lastSaleDay, checkIns.lastDay]), counted: 'check-ins' }
}

/** The latest of some 'YYYY-MM-DD' days (they sort as text), null when there is none. */
function latest(days: readonly (string | null)[]): string | null {
  return days.reduce<string | null>((last, day) => (day !== null && (last === null || day > last) ? day : last), null)
}
