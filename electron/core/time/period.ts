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
 *
 * `reached` is the latest day any of the owner's stores is on now (see latestStoreDay): a store
 * east of this one is already on tomorrow and may have sold on it, so a period that runs to
 * today runs to that day, and a receipt it rang up is in the period as soon as sync brings it.
 * The period still starts on this store's days, and "this month" and "this year" never run past
 * their own month and year: on 31 December evening in New York, a receipt Tokyo dated 1 January
 * is next year's (and the month chart keeps its twelve bars).
 */
export function resolvePeriod(input: PeriodInput, today: LocalDate, reached: LocalDate = today): ResolvedPeriod {
  const to = reached > today ? reached : today
  const within = (prefix: string) => (to.startsWith(prefix) ? to : today)
  switch (input.period) {
    case 'thisMonth':
      return { period: input.period, from: `${today.slice(0, 7)}-01`, to: within(today.slice(0, 7)) }
    case 'last30Days':
      return { period: input.period, from: addDays(today, -29), to }
    case 'thisYear':
      return { period: input.period, from: `${today.slice(0, 4)}-01-01`, to: within(today.slice(0, 4)) }
    case 'custom':
      return { period: input.period, from: input.from, to: input.to }
  }
}
