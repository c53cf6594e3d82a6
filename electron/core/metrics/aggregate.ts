import { MAX_MONTH_BARS, type CurrencyAmount, type CurrencySales } from '../../contract/metrics'
import type { ResolvedPeriod } from '../../contract/period'
import { roundedRatio } from '../../contract/money/rounding'
import { isoWeekday, monthOf, monthsBetween } from '../time/local-dates'
import type { DailySales } from './repo'

export interface SalesFigures {
  /** This store's currency first, always; then every other currency of the rows, by code. */
  sales: CurrencySales[]
}

/**
 * The currencies to show: the store's own first (its zeros say the customer bought nothing
 * here), then the others the customer's receipts are in, by code. Amounts are never added
 * across them.
 */
export function currenciesOf(days: readonly { currency: string }[], storeCurrency: string): string[] {
  const others = new Set(days.map((day) => day.currency))
  others.delete(storeCurrency)
  return [storeCurrency, ...[...others].sort()]
}

/** The local days with at least one sale that was not voided, whatever its currency (a visit). */
export function visitDays(days: readonly DailySales[]): string[] {
  const kept = new Map<string, number>()
  for (const day of days) kept.set(day.local_date, (kept.get(day.local_date) ?? 0) + Number(day.sales) - Number(day.voids))
  return [...kept].filter(([, sales]) => sales > 0).map(([date]) => date)
}

/** Sales minus voids per currency, tax included (what the customer paid), in the order of currenciesOf. */
export function spendByCurrency(days: readonly DailySales[], storeCurrency: string): CurrencyAmount[] {
  const spend = new Map(currenciesOf(days, storeCurrency).map((currency) => [currency, 0]))
  for (const day of days) spend.set(day.currency, spend.get(day.currency)! + Number(day.total_minor))
  return [...spend].map(([currency, amountMinor]) => ({ currency, amountMinor }))
}

/**
 * The net sales chart's bars for a period: its months, or its years when it has more than
 * MAX_MONTH_BARS months (a customer's all time may span decades: a bar per month would be
 * hundreds of slivers).
 */
function barsOf(period: ResolvedPeriod): { by: 'month' | 'year'; bars: string[]; barOf: (day: string) => string } {
  const months = monthsBetween(period.from, period.to)
  if (months.length <= MAX_MONTH_BARS) return { by: 'month', bars: months, barOf: monthOf }
  const first = Number(period.from.slice(0, 4))
  const years = Array.from({ length: Number(period.to.slice(0, 4)) - first + 1 }, (_, i) => String(first + i).padStart(4, '0'))
  return { by: 'year', bars: years, barOf: (day) => day.slice(0, 4) }
}

/**
 * Folds per-day, per-currency sums into the tiles and charts. A visit is a local day with at
 * least one sale that was not voided (voids count on their sale's day, so sales > voids);
 * each currency's weekday average is its net sales on that weekday over the visits in which
 * the customer paid in it. Net sales are before tax; the sale amount is with it. Amounts of
 * different currencies are never added together.
 */
export function foldDailySales(days: readonly DailySales[], period: ResolvedPeriod, storeCurrency: string): SalesFigures {
  const sales = currenciesOf(days, storeCurrency).map((currency) =>
    foldCurrency(
      days.filter((day) => day.currency === currency),
      period,
      currency,
    ),
  )
  return { sales }
}

function foldCurrency(days: readonly DailySales[], period: ResolvedPeriod, currency: string): CurrencySales {
  const { by, bars, barOf } = barsOf(period)
  const byBar = new Map(bars.map((bar) => [bar, 0]))
  const weekdays = Array.from({ length: 7 }, (_, i) => ({ weekday: i + 1, netSalesMinor: 0, visits: 0, averageMinor: 0 }))
  let saleAmountMinor = 0
  let netSalesMinor = 0
  for (const day of days) {
    const net = Number(day.net_minor)
    const visited = Number(day.sales) > Number(day.voids) ? 1 : 0
    saleAmountMinor += Number(day.total_minor)
    netSalesMinor += net
    const bar = barOf(day.local_date)
    byBar.set(bar, (byBar.get(bar) ?? 0) + net)
    const weekday = weekdays[isoWeekday(day.local_date) - 1]
    weekday.netSalesMinor += net
    weekday.visits += visited
  }
  for (const weekday of weekdays) {
    weekday.averageMinor = weekday.visits > 0 ? roundedRatio(weekday.netSalesMinor, weekday.visits) : 0
  }
  return {
    currency,
    saleAmountMinor,
    netSalesMinor,
    netSalesBy: by,
    netSalesBars: [...byBar].map(([bar, netSalesMinor]) => ({ bar, netSalesMinor })),
    spendByWeekday: weekdays,
  }
}
