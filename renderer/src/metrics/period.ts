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
  allTime: 'All time',
  custom: 'Custom dates',
}

export type PeriodOption = { value: MetricPeriod; label: string }

/** A customer's periods: "All time" runs from their first day with the store. */
export const metricPeriodOptions: PeriodOption[] = METRIC_PERIODS.map((value) => ({ value, label: PERIOD_LABELS[value] }))
/** A store's periods (conversion): without "All time", which would run from the earliest day a date may hold. */
export const storePeriodOptions: PeriodOption[] = metricPeriodOptions.filter((option) => option.value !== 'allTime')

/** Where the metrics page starts: the year so far. */
export const DEFAULT_PERIOD: MetricPeriod = 'thisYear'
/** Where a customer's sales history starts: every receipt they have, however long ago (guide 002 "sales history"). */
export const SALES_HISTORY_PERIOD: MetricPeriod = 'allTime'

/**
 * The period lives in the page's address (`?period=custom&from=…&to=…`), so Back from a
 * receipt, a reload or a copied link shows the same period. Anything unknown, or not among
 * `options`, reads as the default.
 */
export function periodFromQuery(query: LocationQuery, fallback: MetricPeriod = DEFAULT_PERIOD, options: PeriodOption[] = metricPeriodOptions): PeriodChoice {
  const period = options.find((option) => option.value === query.period)?.value ?? fallback
  const day = (value: unknown) => (typeof value === 'string' ? value : '')
  return period === 'custom' ? { period, from: day(query.from), to: day(query.to) } : { period, from: '', to: '' }
}

export function periodToQuery(choice: PeriodChoice): Record<string, string> {
  return choice.period === 'custom' ? { period: choice.period, from: choice.from, to: choice.to } : { period: choice.period }
}

/** The address's query with `choice` in place of its period (a fixed period drops the custom dates). */
export function withPeriod(query: LocationQuery, choice: PeriodChoice): LocationQuery {
  const { period: _period, from: _from, to: _to, ...rest } = query
  return { ...rest, ...periodToQuery(choice) }
}
