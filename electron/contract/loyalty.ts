import { z } from 'zod'
import { command } from './define'
import { cursor, empty, id, pin, requestId, text } from './fields'

/** `redeemed`: points a customer paid a sale with (negative; a void of that sale gives them back as a `void` entry). */
export const LOYALTY_ENTRY_KINDS = ['adjustment', 'earned', 'void', 'redeemed'] as const
export type LoyaltyEntryKind = (typeof LOYALTY_ENTRY_KINDS)[number]

const named = z.object({ id, name: z.string() })

/** One line of the append-only points ledger; the balance is the sum of `points`. */
export const loyaltyEntrySchema = z.object({
  id,
  at: z.string(),
  kind: z.enum(LOYALTY_ENTRY_KINDS),
  /** Added (positive) or removed (negative). */
  points: z.number().int(),
  /** The balance right after this entry, in ledger order. */
  balanceAfter: z.number().int(),
  reason: z.string(),
  user: z.string().nullable(),
  /** The manager whose PIN approved an adjustment. */
  approver: z.string().nullable(),
  receipt: z.object({ id, number: z.string() }).nullable(),
})
export type LoyaltyEntry = z.infer<typeof loyaltyEntrySchema>

export const loyaltyAdjustInputSchema = z.strictObject({
  customerId: id,
  direction: z.enum(['add', 'remove'], { message: 'Choose add or remove' }),
  points: z.number({ message: 'Points must be a number' }).int('Whole points only').min(1, 'At least 1 point').max(1_000_000, 'At most 1000000 points'),
  reason: text('Reason', 200, 1),
  /** One of `loyalty:approvers`; may be the signed-in user. */
  approverId: id,
  approverPin: pin,
  requestId,
})

export const loyaltyCommands = {
  /** Active users holding "Adjust loyalty points": whose PIN may approve an adjustment. */
  'loyalty:approvers': command({ input: empty, output: z.array(named), access: 'signedIn' }),
  /**
   * Adds or removes points with a reason. Any signed-in user may ask; a manager's PIN
   * approves it. Wrong PIN: BAD_CREDENTIALS on `approverPin`, throttled like sign-in.
   * Removing more than the balance: VALIDATION on `points`. A customer not in the programme
   * may have points removed, never added (VALIDATION on `customerId`). Sent again with the
   * same `requestId` and input: the first answer, and no second entry.
   */
  'loyalty:adjust': command({
    input: loyaltyAdjustInputSchema,
    output: z.object({ balance: z.number().int(), entry: loyaltyEntrySchema }),
    access: 'signedIn',
  }),
  /**
   * Newest first, keyset-paged, with the balance and whether the customer is in the programme
   * (one who is not may only have points removed).
   */
  'loyalty:history': command({
    input: z.strictObject({
      customerId: id,
      after: cursor,
      limit: z.number().int().min(1).max(200).default(50),
    }),
    output: z.object({ balance: z.number().int(), enrolled: z.boolean(), rows: z.array(loyaltyEntrySchema), nextCursor: z.string().nullable() }),
    access: 'signedIn',
  }),
}
