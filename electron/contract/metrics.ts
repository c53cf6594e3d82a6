import { z } from 'zod'
import { command } from './define'
import { id } from './fields'
import { periodFields, refinePeriod, resolvedPeriodSchema } from './period'
import { receiptPageSchema } from './sales'

/**
 * A customer's sales in one currency. The owner's stores may keep different currencies and a
 * receipt keeps its store's: every amount here is of this currency's receipts only, never a
 * sum across currencies (there is no exchange rate to add them with).
 */
/** The longest period the net sales chart draws a bar per month for; a longer one gets a bar per year. */
export const MAX_MONTH_BARS = 24

export const currencySalesSchema = z.object({
  currency: z.string(),
  /** Sales minus voids in the period, tax included: what the customer paid (the "Sale amount" tile). */
  saleAmountMinor: z.number().int(),
  /** Sales minus voids in the period before tax: net sales, the amount points are earned on. */
  netSalesMinor: z.number().int(),
  /**
   * The net sales chart's bars: a month ('YYYY-MM') each for a period of at most MAX_MONTH_BARS
   * months, a year ('YYYY') each for a longer one (all time of a long-standing customer, a long
   * custom range), so the chart stays readable. Every bar the period touches, in order, zero
   * where nothing was sold.
   */
  netSalesBy: z.enum(['month', 'year']),
  netSalesBars: z.array(z.object({ bar: z.string(), netSalesMinor: z.number().int() })),
  /**
   * Monday first. averageMinor = net sales (before tax) on that weekday ÷ visits on that weekday
   * (days with a sale in this currency that was not voided; rounded half away from zero), 0 when
   * there were none.
   */
  spendByWeekday: z.array(
    z.object({
      weekday: z.number().int().min(1).max(7),
      netSalesMinor: z.number().int(),
      visits: z.number().int(),
      averageMinor: z.number().int(),
    }),
  ),
})
export type CurrencySales = z.infer<typeof currencySalesSchema>

export const customerMetricsSchema = z.object({
  customer: z.object({
    id,
    name: z.string(),
    /** Address lines as they would be printed, empty lines left out. */
    address: z.array(z.string()),
    phone: z.string().nullable(),
    email: z.string().nullable(),
    /** When the customer was registered (UTC ISO): their record's creation, whether or not they joined the loyalty programme. */
    customerSince: z.string(),
    loyaltyEnrolled: z.boolean(),
    /**
     * When they joined the loyalty programme (UTC ISO), as the change log recorded it (the
     * latest joining, after leaving and coming back). Null when not enrolled, or when the log
     * cannot say (a customer enrolled before this database kept a change log).
     */
    loyaltyEnrolledAt: z.string().nullable(),
    flagged: z.boolean(),
    flagReason: z.string().nullable(),
  }),
  /** This store's currency: the loyalty value's, and the first of `sales`. */
  currency: z.string(),
  period: resolvedPeriodSchema,
  tiles: z.object({
    /**
     * Check-ins in the period (a second check-in of one stay not counted) at a store that
     * checks customers in; otherwise, local days with at least one sale that was not voided
     * (core metrics/visits.ts `visitsOf`, the rule the customer page's totals use too).
     */
    visits: z.number().int(),
    /** Which of the two `visits` counts. */
    visitsCounted: z.enum(['check-ins', 'sale days']),
    /** The current balance (not limited to the period). */
    loyaltyPoints: z.number().int(),
    /** loyaltyPoints × the store's value per point, in this store's currency. */
    loyaltyValueMinor: z.number().int(),
    positiveFeedback: z.number().int(),
    negativeFeedback: z.number().int(),
  }),
  /**
   * The period's sales (the sale amount tile and both charts), one entry per currency: this
   * store's currency first, always (zeros when the customer bought nothing in it), then each
   * other currency the customer's receipts of the period are in (receipts of the owner's
   * stores that keep another currency), by code.
   */
  sales: z.array(currencySalesSchema).min(1),
  /** The first page of receipts:listForCustomer for the same period. */
  history: receiptPageSchema,
})
export type CustomerMetrics = z.infer<typeof customerMetricsSchema>

/** An amount in one currency. */
export const currencyAmountSchema = z.object({ currency: z.string(), amountMinor: z.number().int() })
export type CurrencyAmount = z.infer<typeof currencyAmountSchema>

/** A customer's whole history with the store at a glance (their page's header). */
export const customerTotalsSchema = z.object({
  /**
   * Sales minus voids, tax included, since the first receipt, one amount per currency, never
   * added across: this store's currency first, always, then each other currency the customer's
   * receipts are in, by code.
   */
  lifetimeSpend: z.array(currencyAmountSchema).min(1),
  /** Counted as the metrics page's tile counts them (core metrics/visits.ts `visitsOf`), over the whole history. */
  visits: z.number().int().min(0),
  /**
   * The last store-local day they came ('YYYY-MM-DD'), or null before the first: at a store
   * that checks customers in, the later of the last check-in and the last day with a sale.
   */
  lastVisit: z.string().nullable(),
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
