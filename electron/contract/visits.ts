import { z } from 'zod'
import { appointmentSchema, customerRefSchema } from './appointments'
import { DEAL_STATUSES } from './deals'
import { command } from './define'
import { empty, id } from './fields'
import { periodFields, refinePeriod, resolvedPeriodSchema } from './period'

const dealRef = z.object({ id, status: z.enum(DEAL_STATUSES), assignedTo: z.string().nullable() })

/** A customer in the store now (an open visit at this store). */
export const openVisitSchema = z.object({
  id,
  customer: customerRefSchema,
  /** When they were checked in (UTC ISO). */
  since: z.string(),
  checkedInBy: z.string().nullable(),
  /** The deal the visit belongs to; null while several deals are open (chosen at check-out). */
  deal: dealRef.nullable(),
  openDeals: z.number().int().min(0),
  returnVisit: z.boolean(),
})
export type OpenVisit = z.infer<typeof openVisitSchema>

/** Whether a customer is in the store, and what the signed-in user may do about it. */
export const visitStatusSchema = z.object({
  customerId: id,
  visit: openVisitSchema.nullable(),
  /** Checking in needs access to the customer's active deal: its staff, or "See all deals". */
  canCheckIn: z.boolean(),
  /** Why not, in words, when canCheckIn is false and they are not in the store. */
  checkInRefusal: z.string().nullable(),
  canCheckOut: z.boolean(),
})
export type VisitStatus = z.infer<typeof visitStatusSchema>

export const checkedOutVisitSchema = z.object({
  id,
  customer: customerRefSchema,
  since: z.string(),
  out: z.string(),
  /** Who checked them out; null for the automatic check-out at the start of a day. */
  by: z.string().nullable(),
  automatic: z.boolean(),
})

export const todaySchema = z.object({
  /** Today, the store-local day. */
  date: z.string(),
  inStore: z.array(openVisitSchema),
  appointments: z.array(appointmentSchema),
  /** The latest check-outs of the day (at most 100); `checkedOutTotal` counts them all. */
  checkedOut: z.array(checkedOutVisitSchema),
  checkedOutTotal: z.number().int().min(0),
})
export type Today = z.infer<typeof todaySchema>

export const conversionSchema = z.object({
  period: resolvedPeriodSchema,
  /** Check-ins at this store on days of the period (a second check-in of one stay is not counted). */
  visits: z.number().int().min(0),
  /** Of those, visits of customers whose deal was already sold. */
  returnVisits: z.number().int().min(0),
  dealsOpened: z.number().int().min(0),
  /** Deals marked sold (and not lost since) on days of the period. */
  sold: z.number().int().min(0),
  delivered: z.number().int().min(0),
  /** Of the deals opened in the period, the share now sold or delivered (percent, one decimal); null with none opened. */
  ratePercent: z.number().nullable(),
})
export type Conversion = z.infer<typeof conversionSchema>

export const visitsCommands = {
  /**
   * Starts a visit at this store (guide 000): a new deal for a customer without an active one.
   * Once-only by nature: a customer already checked in here is refused, so no `requestId`.
   */
  'visits:checkIn': command({ input: z.strictObject({ customerId: id }), output: visitStatusSchema, access: 'signedIn' }),
  /**
   * Ends the customer's visit at this store; needs "Check customers out". With several open
   * deals it is refused unless `dealId` names the one the visit belongs to; `closeDealIds`
   * closes duplicates (as lost) on the spot.
   */
  'visits:checkOut': command({
    input: z.strictObject({
      customerId: id,
      dealId: id.nullable().default(null),
      closeDealIds: z.array(id).max(20, 'Close at most 20 deals at once').default([]),
    }),
    output: visitStatusSchema,
    access: 'signedIn',
  }),
  /** Read again by the customer's page by itself when the store's data changed: no use of the app, as `visits:today`. */
  'visits:status': command({ input: z.strictObject({ customerId: id }), output: visitStatusSchema, access: 'signedIn', activity: false }),
  /** The Today screen: who is in, today's appointments, who left today. */
  /**
   * Read again by the open Today screen by itself (a change elsewhere, the store's new day): no
   * use of the app (`activity`), as the click that opens or refreshes it already is.
   */
  'visits:today': command({ input: empty, output: todaySchema, access: 'signedIn', activity: false }),
  /** Whether this store checks customers in at all: it then opens on Today after sign-in. */
  'visits:inUse': command({ input: empty, output: z.object({ inUse: z.boolean() }), access: 'signedIn' }),
  'visits:conversion': command({
    // A store's figures have no "first day" as a customer's do: all time would run from 1900.
    input: refinePeriod(z.strictObject({ ...periodFields, period: periodFields.period.refine((p) => p !== 'allTime', 'Choose a time period: All time is for one customer') })),
    output: conversionSchema,
    access: 'signedIn',
  }),
}
