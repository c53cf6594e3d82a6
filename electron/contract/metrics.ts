import { z } from 'zod'
import { command } from './define'
import { id } from './fields'
import { periodFields, refinePeriod, resolvedPeriodSchema } from './period'
import { receiptPageSchema } from './sales'

export const customerMetricsSchema = z.object({
  customer: z.object({
    id,
    name: z.string(),
    /** Address lines as they would be printed, empty lines left out. */
    address: z.array(z.string()),
    phone: z.string().nullable(),
    email: z.string().nullable(),
    /** When the customer was registered with the store (UTC ISO). */
    enrolledAt: z.string(),
    loyaltyEnrolled: z.boolean(),
    flagged: z.boolean(),
    flagReason: z.string().nullable(),
  }),
  currency: z.string(),
  period: resolvedPeriodSchema,
  tiles: z.object({
    /**
     * Check-ins in the period (a second check-in of one stay not counted) at a store that
     * checks customers in; otherwise, local days with at least one sale that was not voided.
     */
    visits: z.number().int(),
    /** Which of the two `visits` counts. */
    visitsCounted: z.enum(['check-ins', 'sale days']),
    /** Sales minus voids in the period. */
    saleAmountMinor: z.number().int(),
    /** The current balance (not limited to the period). */
    loyaltyPoints: z.number().int(),
    /** loyaltyPoints × the store's value per point. */
    loyaltyValueMinor: z.number().int(),
    positiveFeedback: z.number().int(),
    negativeFeedback: z.number().int(),
  }),
  /** Every month the period touches, in order, zero where nothing was sold. */
  netSalesByMonth: z.array(z.object({ month: z.string(), netSalesMinor: z.number().int() })),
  /**
   * Monday first. averageMinor = net sales on that weekday ÷ visits on that weekday
   * (rounded half away from zero), 0 when there were none.
   */
  spendByWeekday: z.array(
    z.object({
      weekday: z.number().int().min(1).max(7),
      netSalesMinor: z.number().int(),
      visits: z.number().int(),
      averageMinor: z.number().int(),
    }),
  ),
  /** The first page of receipts:listForCustomer for the same period. */
  history: receiptPageSchema,
})
export type CustomerMetrics = z.infer<typeof customerMetricsSchema>

/** A customer's whole history with the store at a glance (their page's header). */
export const customerTotalsSchema = z.object({
  /** Sales minus voids, tax included, since the first receipt. */
  lifetimeSpendMinor: z.number().int(),
  /** Store-local days with at least one sale that was not voided. */
  visits: z.number().int().min(0),
  /** The last such day ('YYYY-MM-DD'), or null before the first. */
  lastVisit: z.string().nullable(),
  currency: z.string(),
})
export type CustomerTotals = z.infer<typeof customerTotalsSchema>

export const metricsCommands = {
  'metrics:customerTotals': command({ input: z.strictObject({ customerId: id }), output: customerTotalsSchema, access: 'signedIn' }),
  'metrics:customer': command({
    input: refinePeriod(z.strictObject({ customerId: id, ...periodFields, historyLimit: z.number().int().min(1).max(200).default(25) })),
    output: customerMetricsSchema,
    access: 'signedIn',
  }),
}
