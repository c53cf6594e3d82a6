import type { CustomerMetrics } from '@contract/metrics'
import { formatMonth } from '@/ui/format/dates'

/** One bar chart's figures: a label and an amount in minor units per bar. */
export interface BarSeries {
  labels: string[]
  valuesMinor: number[]
}

const WEEKDAYS = ['Mon', 'Tue', 'Wed', 'Thu', 'Fri', 'Sat', 'Sun']

/** Net sales per month of the period ("Nov 2026"), months without sales at zero. */
export function netSalesByMonth(metrics: CustomerMetrics): BarSeries {
  return {
    labels: metrics.netSalesByMonth.map((m) => formatMonth(`${m.month.slice(0, 7)}-01`)),
    valuesMinor: metrics.netSalesByMonth.map((m) => m.netSalesMinor),
  }
}

/** Average spend per visit on each day of the week, Monday first (weekday 1–7 from the core). */
export function averageSpendByWeekday(metrics: CustomerMetrics): BarSeries {
  const byDay = [...metrics.spendByWeekday].sort((a, b) => a.weekday - b.weekday)
  return { labels: byDay.map((d) => WEEKDAYS[d.weekday - 1]!), valuesMinor: byDay.map((d) => d.averageMinor) }
}
