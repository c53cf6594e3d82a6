import { z } from 'zod'
import { command } from './define'
import { cursor, id, requestId, text } from './fields'
import { periodFields, refinePeriod } from './period'

export const SENTIMENTS = ['positive', 'negative'] as const

export const feedbackSchema = z.object({
  id,
  customerId: id,
  receipt: z.object({ id, number: z.string() }).nullable(),
  sentiment: z.enum(SENTIMENTS),
  comment: z.string().nullable(),
  /** UTC ISO time it was recorded. */
  at: z.string(),
  /** Who recorded it. */
  user: z.string().nullable(),
  /**
   * The store it was recorded at: one of the owner's other stores when `thisStore` is false.
   * Its time zone reads `at` on that store's clock, whose day the feedback counts on.
   */
  store: z.object({ name: z.string(), timeZone: z.string(), thisStore: z.boolean() }),
})
export type Feedback = z.infer<typeof feedbackSchema>

export const feedbackPageSchema = z.object({
  rows: z.array(feedbackSchema),
  /** Pass as `after` for the next page; null on the last page. */
  nextCursor: z.string().nullable(),
})

export const feedbackCommands = {
  /**
   * Feedback on a customer, or on one of their receipts (the customer is then the receipt's).
   * Sent again with the same `requestId` and input: the first answer, and no second note.
   */
  'feedback:add': command({
    input: z
      .strictObject({
        customerId: id.nullable().default(null),
        receiptId: id.nullable().default(null),
        sentiment: z.enum(SENTIMENTS, { message: 'Choose positive or negative' }),
        comment: text('Comment', 1000, { multiline: true }).default(''),
        requestId,
      })
      .refine((v) => v.customerId !== null || v.receiptId !== null, {
        path: ['customerId'],
        message: 'Choose a customer or a receipt',
      }),
    output: feedbackSchema,
    access: 'signedIn',
  }),
  /**
   * The customer's feedback given on days of the period (the day of the store it was recorded
   * at, as the metrics page's feedback tiles count it), newest first, keyset-paged. A merged
   * customer's is its survivor's; an erased customer has none left (NOT_FOUND).
   */
  'feedback:listForCustomer': command({
    input: refinePeriod(
      z.strictObject({
        customerId: id,
        ...periodFields,
        after: cursor,
        limit: z.number().int().min(1).max(200).default(25),
      }),
    ),
    output: feedbackPageSchema,
    access: 'signedIn',
  }),
}
