import type { CustomerMetrics } from '../../contract/metrics'
import type { ResolvedPeriod } from '../../contract/period'
import { roundedRatio } from '../../contract/money/rounding'
import { isoWeekday, monthOf, monthsBetween } from '../time/local-dates'
import type { DailySales } from './repo'

type SalesFigures = Pick<CustomerMetrics, 'netSalesByMonth' | 'spendByWeekday'> & { visits: number; saleAmountMinor: number }

/**
 * Folds per-day sums into the tiles and charts. A visit is a local day with at least one
 * sale that was not voided (voids count on their sale's day, so sales > voids). The
 * weekday average is that weekday's net sales over its visits.
 */
export function foldDailySales(days: readonly DailySales[], period: ResolvedPeriod): SalesFigures {
  const byMonth = new Map(monthsBetween(period.from, period.to).map((month) => [month, 0]))
  const weekdays = Array.from({ length: 7 }, (_, i) => ({ weekday: i + 1, netSalesMinor: 0, visits: 0, averageMinor: 0 }))
  let visits = 0
  let saleAmountMinor = 0
  for (const day of days) {
    const net = Number(day.net_minor)
    const visited = Number(day.sales) > Number(day.voids) ? 1 : 0
    visits += visited
    saleAmountMinor += net
    const month = monthOf(day.local_date)
    byMonth.set(month, (byMonth.get(month) ?? 0) + net)
    const weekday = weekdays[isoWeekday(day.local_date) - 1]
    weekday.netSalesMinor += net
    weekday.visits += visited
  }
  for (const weekday of weekdays) {
    weekday.averageMinor = weekday.visits > 0 ? roundedRatio(weekday.netSalesMinor, weekday.visits) : 0
  }
  return {
    visits,
    saleAmountMinor,
    netSalesByMonth: [...byMonth].map(([month, netSalesMinor]) => ({ month, netSalesMinor })),
    spendByWeekday: weekdays,
  }
}
