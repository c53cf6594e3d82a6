import type { MetricPeriod, ResolvedPeriod } from '../../contract/period'
import { addDays, type LocalDate } from './local-dates'

export interface PeriodInput {
  period: MetricPeriod
  from: string
  to: string
}

/**
 * The first and last store-local day of a period, both included. "This month" and "this
 * year" run to today: nothing has been sold after it. "Last 30 days" includes today.
 */
export function resolvePeriod(input: PeriodInput, today: LocalDate): ResolvedPeriod {
  switch (input.period) {
    case 'thisMonth':
      return { period: input.period, from: `${today.slice(0, 7)}-01`, to: today }
    case 'last30Days':
      return { period: input.period, from: addDays(today, -29), to: today }
    case 'thisYear':
      return { period: input.period, from: `${today.slice(0, 4)}-01-01`, to: today }
    case 'custom':
      return { period: input.period, from: input.from, to: input.to }
  }
}
