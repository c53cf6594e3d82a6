import type { ResolvedPeriod } from '../../../electron/contract/period'
import { foldDailySales, visitDays } from '../../../electron/core/metrics/aggregate'
import { DAILY_IN_RANGE, type DailySales } from '../../../electron/core/metrics/repo'
import type { RawSqlite } from '../raw-sqlite'

/**
 * The metrics page's data straight from the driver: the same statements the core sends,
 * prepared once, and the same fold — everything the core adds on top (Knex, dispatch,
 * session and permission check, zod on the way in and out) is what the comparison measures.
 */
export function rawCustomerMetrics(raw: RawSqlite) {
  const store = raw.prepare<Record<string, unknown>>('SELECT * FROM stores WHERE id = ?')
  const customer = raw.prepare<Record<string, unknown>>('SELECT * FROM customers WHERE id = ?')
  const daily = raw.prepare<DailySales>(DAILY_IN_RANGE)
  const feedback = raw.prepare<{ sentiment: string; n: number }>(
    'SELECT sentiment, COUNT(*) AS n FROM feedback WHERE customer_id = ? AND local_date BETWEEN ? AND ? GROUP BY sentiment',
  )
  const history = raw.prepare<{ id: string; voided: number }>(
    `SELECT id, number, kind, created_at, local_date, total_minor, currency,
            EXISTS (SELECT 1 FROM receipts AS v WHERE v.voids_receipt_id = receipts.id) AS voided
     FROM receipts WHERE customer_id = ? AND local_date BETWEEN ? AND ? ORDER BY local_date DESC, created_at DESC, id DESC LIMIT ?`,
  )
  return async (storeId: string, customerId: string, period: ResolvedPeriod, limit: number) => {
    const range = [customerId, period.from, period.to]
    const [[terms], , days, counts, page] = await Promise.all([
      store([storeId]),
      customer([customerId]),
      daily(range),
      feedback(range),
      history([...range, limit + 1]),
    ])
    return { figures: foldDailySales(days, period, String(terms.currency)), visits: visitDays(days).length, feedback: counts, history: page.slice(0, limit) }
  }
}
