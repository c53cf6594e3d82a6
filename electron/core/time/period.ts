import { EARLIEST_DAY, type MetricPeriod, type ResolvedPeriod } from '../../contract/period'
import { addDays, type LocalDate } from './local-dates'

export interface PeriodInput {
  period: MetricPeriod
  from: string
  to: string
}

/** The month (YYYY-MM) `n` months before the one `day` is in. */
function monthsBefore(day: LocalDate, n: number): string {
  const index = Number(day.slice(0, 4)) * 12 + Number(day.slice(5, 7)) - 1 - n
  return `${String(Math.floor(index / 12)).padStart(4, '0')}-${String((index % 12) + 1).padStart(2, '0')}`
}

/**
 * The first and last store-local day of a period, both included. "This month" and "this
 * year" run to today: nothing has been sold after it. "Last 30 days" includes today; "last 12
 * months" is this month and the eleven whole months before it; "last year" the whole calendar
 * year before this one. "All time" runs from `firstDay` to today: the caller passes the first
 * day of what the period is about (a customer's first receipt, check-in or feedback; today when
 * there is none); without it, from the earliest day a date may hold, which leaves nothing out.
 *
 * `reached` is the latest day any of the owner's stores is on now (see latestStoreDay): a store
 * east of this one is already on tomorrow and may have sold on it, so a period that runs to
 * today runs to that day, and a receipt it rang up is in the period as soon as sync brings it.
 * The period still starts on this store's days, and "this month" and "this year" never run past
 * their own month and year: on 31 December evening in New York, a receipt Tokyo dated 1 January
 * is next year's (and the month chart keeps its twelve bars).
 */
export function resolvePeriod(input: PeriodInput, today: LocalDate, reached: LocalDate = today, firstDay: LocalDate = EARLIEST_DAY): ResolvedPeriod {
  const to = reached > today ? reached : today
  const within = (prefix: string) => (to.startsWith(prefix) ? to : today)
  switch (input.period) {
    case 'thisMonth':
      return { period: input.period, from: `${today.slice(0, 7)}-01`, to: within(today.slice(0, 7)) }
    case 'last30Days':
      return { period: input.period, from: addDays(today, -29), to }
    case 'last12Months':
      // This month and the eleven before it: in January, December is still there; twelve bars, as "this month" it stays in its month.
      return { period: input.period, from: `${monthsBefore(today, 11)}-01`, to: within(today.slice(0, 7)) }
    case 'thisYear':
      return { period: input.period, from: `${today.slice(0, 4)}-01-01`, to: within(today.slice(0, 4)) }
    case 'lastYear': {
      const year = String(Number(today.slice(0, 4)) - 1).padStart(4, '0')
      return { period: input.period, from: `${year}-01-01`, to: `${year}-12-31` }
    }
    case 'allTime':
      // A first day after today is a receipt a store east of this one rang up on its tomorrow.
      return { period: input.period, from: firstDay < today ? firstDay : today, to }
    case 'custom':
      return { period: input.period, from: input.from, to: input.to }
  }
}
