import { addDays, localDateOf, startOfLocalDay } from '../../time/local-dates'

export interface RegisteredInput {
  period: '7d' | '30d' | '90d' | '365d' | 'all' | 'custom'
  from: string
  to: string
}

/** Registration times as stored (UTC ISO): from included, to excluded; null is open-ended. */
export interface RegisteredRange {
  from: string | null
  to: string | null
}

/**
 * "Registered in the last N days" counts today as one of them, in the store's time zone;
 * a custom range includes both its days.
 */
export function registeredRange(input: RegisteredInput, now: Date, timeZone: string): RegisteredRange {
  if (input.period === 'all') return { from: null, to: null }
  if (input.period === 'custom') {
    return { from: startOfLocalDay(input.from, timeZone), to: startOfLocalDay(addDays(input.to, 1), timeZone) }
  }
  const days = Number.parseInt(input.period, 10)
  const today = localDateOf(now, timeZone)
  return { from: startOfLocalDay(addDays(today, 1 - days), timeZone), to: null }
}
