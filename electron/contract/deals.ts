import { z } from 'zod'
import { command } from './define'
import { id, requestId, text } from './fields'

/**
 * A deal is one conversion cycle of a customer (guide 000): opened at a first visit (or by
 * hand), then sold, delivered to the customer, or lost (a duplicate closed, a customer who
 * walked away). A delivered customer's next visit opens a new deal.
 */
export const DEAL_STATUSES = ['open', 'sold', 'delivered', 'lost'] as const
export type DealStatus = (typeof DEAL_STATUSES)[number]

export const DEAL_STATUS_LABELS: Record<DealStatus, string> = { open: 'Open', sold: 'Sold', delivered: 'Delivered', lost: 'Lost' }

/** Where a deal may go from each status. */
export const DEAL_MOVES: Record<DealStatus, readonly DealStatus[]> = {
  open: ['sold', 'lost'],
  sold: ['delivered', 'lost'],
  delivered: [],
  lost: ['open'],
}

const named = z.object({ id, name: z.string() })

export const dealSchema = z.object({
  id,
  customerId: id,
  storeName: z.string(),
  status: z.enum(DEAL_STATUSES),
  /** Why it was lost, or what the last status change said. */
  statusNote: z.string().nullable(),
  assignedTo: named.nullable(),
  openedAt: z.string(),
  openedBy: z.string().nullable(),
  soldAt: z.string().nullable(),
  deliveredAt: z.string().nullable(),
  lostAt: z.string().nullable(),
  /** Visits that belong to this deal. */
  visits: z.number().int().min(0),
  /** Whether the signed-in user may change it (its assigned staff, or "See all deals"). */
  canChange: z.boolean(),
})
export type Deal = z.infer<typeof dealSchema>

export const dealNote = text('Note', 200).optional().default('')

export const dealsCommands = {
  /**
   * A customer's deals, newest first: all of them for users who see all deals, otherwise the
   * ones assigned to the user (the others are counted in `hidden`).
   */
  'deals:listForCustomer': command({
    input: z.strictObject({ customerId: id }),
    output: z.object({ deals: z.array(dealSchema), hidden: z.number().int().min(0) }),
    access: 'signedIn',
  }),
  /**
   * Sent again with the same `requestId` and input: the first answer, and no second deal.
   * Refused while the customer has an open deal (two open deals stop the check-out, guide 000),
   * naming it, unless `alsoWhenOpen` says the user means a second one.
   */
  'deals:create': command({
    input: z.strictObject({ customerId: id, assignedUserId: id, note: dealNote, alsoWhenOpen: z.boolean().optional().default(false), requestId }),
    output: dealSchema,
    access: 'signedIn',
  }),
  /** Sold, delivered, lost, or open again; only along DEAL_MOVES. */
  'deals:setStatus': command({
    input: z.strictObject({ dealId: id, status: z.enum(DEAL_STATUSES, { message: 'Choose a status' }), note: dealNote }),
    output: dealSchema,
    access: 'signedIn',
  }),
  'deals:assign': command({
    input: z.strictObject({ dealId: id, userId: id }),
    output: dealSchema,
    access: 'signedIn',
  }),
}
