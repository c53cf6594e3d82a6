import type { CurrencySales } from '@contract/metrics'
import { formatMonth } from '@/ui/format/dates'

/** One bar chart's figures: a label and an amount in minor units per bar. */
export interface BarSeries {
  labels: string[]
  valuesMinor: number[]
}

const WEEKDAYS = ['Mon', 'Tue', 'Wed', 'Thu', 'Fri', 'Sat', 'Sun']

/** Net sales (before tax) in one currency per month ("Nov 2026") or, for a long period, per year ("2026"); bars without sales at zero. */
export function netSalesBars(sales: CurrencySales): BarSeries {
  const label = (bar: string) => (sales.netSalesBy === 'month' ? formatMonth(`${bar.slice(0, 7)}-01`) : bar)
  return {
    labels: sales.netSalesBars.map((b) => label(b.bar)),
    valuesMinor: sales.netSalesBars.map((b) => b.netSalesMinor),
  }
}

/** Average net sales (before tax) in one currency per visit on each day of the week, Monday first (weekday 1–7 from the core). */
export function averageSpendByWeekday(sales: CurrencySales): BarSeries {
  const byDay = [...sales.spendByWeekday].sort((a, b) => a.weekday - b.weekday)
  return { labels: byDay.map((d) => WEEKDAYS[d.weekday - 1]!), valuesMinor: byDay.map((d) => d.averageMinor) }
}
