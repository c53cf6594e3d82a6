import { z } from 'zod'
import { command } from './define'
import { id, requestId, text } from './fields'

export const SENTIMENTS = ['positive', 'negative'] as const

export const feedbackSchema = z.object({
  id,
  customerId: id,
  receipt: z.object({ id, number: z.string() }).nullable(),
  sentiment: z.enum(SENTIMENTS),
  comment: z.string().nullable(),
  at: z.string(),
  user: z.string().nullable(),
})
export type Feedback = z.infer<typeof feedbackSchema>

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
  /** Newest first; the latest 200. */
  'feedback:listForCustomer': command({
    input: z.strictObject({ customerId: id }),
    output: z.array(feedbackSchema),
    access: 'signedIn',
  }),
}
