import type { CurrencySales } from '@contract/metrics'
import { formatMonth } from '@/ui/format/dates'

/** One bar chart's figures: a label and an amount in minor units per bar. */
export interface BarSeries {
  labels: string[]
  valuesMinor: number[]
}

const WEEKDAYS = ['Mon', 'Tue', 'Wed', 'Thu', 'Fri', 'Sat', 'Sun']

/** Net sales in one currency per month of the period ("Nov 2026"), months without sales at zero. */
export function netSalesByMonth(sales: CurrencySales): BarSeries {
  return {
    labels: sales.netSalesByMonth.map((m) => formatMonth(`${m.month.slice(0, 7)}-01`)),
    valuesMinor: sales.netSalesByMonth.map((m) => m.netSalesMinor),
  }
}

/** Average spend in one currency per visit on each day of the week, Monday first (weekday 1–7 from the core). */
export function averageSpendByWeekday(sales: CurrencySales): BarSeries {
  const byDay = [...sales.spendByWeekday].sort((a, b) => a.weekday - b.weekday)
  return { labels: byDay.map((d) => WEEKDAYS[d.weekday - 1]!), valuesMinor: byDay.map((d) => d.averageMinor) }
}
