import { z } from 'zod'

/** A calendar day as the store writes it, YYYY-MM-DD; '' means "not given". */
export const localDate = (label: string) =>
  z
    .string()
    .trim()
    .refine(
      (v) => v === '' || (/^\d{4}-\d{2}-\d{2}$/.test(v) && new Date(`${v}T00:00:00Z`).toISOString().startsWith(v)),
      `${label} must be a real date (YYYY-MM-DD)`,
    )
    .optional()
    .default('')

export const METRIC_PERIODS = ['thisMonth', 'last30Days', 'thisYear', 'custom'] as const
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
  return schema
    .refine((v) => v.period !== 'custom' || (v.from !== '' && v.to !== ''), { path: ['from'], message: 'Choose both dates' })
    .refine((v) => v.period !== 'custom' || v.from <= v.to, { path: ['to'], message: 'The end date is before the start date' })
}

/** The period as resolved by the core: first and last local day, both included. */
export const resolvedPeriodSchema = z.object({ period: z.enum(METRIC_PERIODS), from: z.string(), to: z.string() })
export type ResolvedPeriod = z.infer<typeof resolvedPeriodSchema>
