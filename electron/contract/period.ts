import { z } from 'zod'

/** The days a date field may hold: wide enough for any birthday or expiry, narrow enough for date arithmetic. */
export const EARLIEST_DAY = '1900-01-01'
export const LATEST_DAY = '9998-12-31'
/** The longest custom period a list or chart is asked for. */
export const MAX_PERIOD_YEARS = 20

const DAY_SHAPE = /^(\d{4})-(\d{2})-(\d{2})$/

/** A day that exists (no 2023-02-29, no month 13) between EARLIEST_DAY and LATEST_DAY; read without Date, which throws on some. */
export function isCalendarDay(value: string): boolean {
  const match = DAY_SHAPE.exec(value)
  if (!match) return false
  const [year, month, day] = match.slice(1).map(Number)
  const leap = year % 4 === 0 && (year % 100 !== 0 || year % 400 === 0)
  const days = [31, leap ? 29 : 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31][month - 1]
  return days !== undefined && day >= 1 && day <= days && value >= EARLIEST_DAY && value <= LATEST_DAY
}

/** A calendar day as the store writes it, YYYY-MM-DD; '' means "not given". */
export const localDate = (label: string) =>
  z
    .string()
    .trim()
    .max(10, `${label} must be a real date (YYYY-MM-DD)`)
    .refine((v) => v === '' || isCalendarDay(v), `${label} must be a real date (YYYY-MM-DD) between 1900 and 9998`)
    .optional()
    .default('')

/** `to` at most MAX_PERIOD_YEARS after `from` (both real days). */
export function spansAtMostMaxPeriod(from: string, to: string): boolean {
  // Years as numbers: as strings, "10018" sorts before "9998".
  const years = Number(to.slice(0, 4)) - Number(from.slice(0, 4))
  return years < MAX_PERIOD_YEARS || (years === MAX_PERIOD_YEARS && to.slice(4) <= from.slice(4))
}

type RangeInput = { period: string; from: string; to: string }

/** The checks of a custom range of days: both given, in order, at most MAX_PERIOD_YEARS long; messages on the field to fix. */
export function refineCustomRange<T extends z.ZodType<RangeInput>>(schema: T) {
  // Order and length are compared only between two real days; a bad day has its own message.
  const custom = (v: RangeInput) => v.period === 'custom' && isCalendarDay(v.from) && isCalendarDay(v.to)
  return schema
    .refine((v) => v.period !== 'custom' || (v.from !== '' && v.to !== ''), { path: ['from'], message: 'Choose both dates' })
    .refine((v) => !custom(v) || v.from <= v.to, { path: ['to'], message: 'The end date is before the start date' })
    .refine((v) => !custom(v) || v.from > v.to || spansAtMostMaxPeriod(v.from, v.to), {
      path: ['to'],
      message: `Choose a period of at most ${MAX_PERIOD_YEARS} years`,
    })
}

/** 'allTime' runs from the customer's first day with the store (their first receipt, check-in or feedback) to today. */
export const METRIC_PERIODS = ['thisMonth', 'last30Days', 'last12Months', 'thisYear', 'lastYear', 'allTime', 'custom'] as const
export type MetricPeriod = (typeof METRIC_PERIODS)[number]

/**
 * A time period for metrics and receipt lists. Days are the store's local days (its time
 * zone), both ends included; `from`/`to` are read only for 'custom'.
 */
export const periodFields = {
  period: z.enum(METRIC_PERIODS, { message: 'Choose a time period' }).default('thisMonth'),
  from: localDate('From'),
  to: localDate('To'),
}

type PeriodInput = { period: MetricPeriod; from: string; to: string }

/** The checks every schema built from `periodFields` adds, with the message on the field to fix. */
export function refinePeriod<T extends z.ZodType<PeriodInput>>(schema: T) {
  return refineCustomRange(schema)
}

/** The period as resolved by the core: first and last local day, both included. */
export const resolvedPeriodSchema = z.object({ period: z.enum(METRIC_PERIODS), from: z.string(), to: z.string() })
export type ResolvedPeriod = z.infer<typeof resolvedPeriodSchema>
