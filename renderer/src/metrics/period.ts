import { METRIC_PERIODS, type MetricPeriod } from '@contract/period'
import type { LocationQuery } from 'vue-router'

export interface PeriodChoice {
  period: MetricPeriod
  from: string
  to: string
}

const PERIOD_LABELS: Record<MetricPeriod, string> = {
  thisMonth: 'This month',
  last30Days: 'Last 30 days',
  last12Months: 'Last 12 months',
  thisYear: 'This year',
  lastYear: 'Last year',
  custom: 'Custom dates',
}

export const metricPeriodOptions: { value: MetricPeriod; label: string }[] = METRIC_PERIODS.map((value) => ({ value, label: PERIOD_LABELS[value] }))

/** Where the metrics page and a customer's sales history both start: the year so far. */
export const DEFAULT_PERIOD: MetricPeriod = 'thisYear'

/**
 * The period lives in the page's address (`?period=custom&from=…&to=…`), so Back from a
 * receipt, a reload or a copied link shows the same period. Anything unknown reads as the default.
 */
export function periodFromQuery(query: LocationQuery, fallback: MetricPeriod = DEFAULT_PERIOD): PeriodChoice {
  const period = METRIC_PERIODS.find((p) => p === query.period) ?? fallback
  const day = (value: unknown) => (typeof value === 'string' ? value : '')
  return period === 'custom' ? { period, from: day(query.from), to: day(query.to) } : { period, from: '', to: '' }
}

export function periodToQuery(choice: PeriodChoice): Record<string, string> {
  return choice.period === 'custom' ? { period: choice.period, from: choice.from, to: choice.to } : { period: choice.period }
}
