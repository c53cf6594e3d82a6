import { z } from 'zod'
import { command } from './define'
import { cursor, id, requestId, text } from './fields'
import { emailAddress, OUTBOX_STATES } from './mail'
import { receiptTotalAmount } from './money/amount'
import { localDate } from './period'
import { receiptLineSchema } from './sales'

/** A day on the Receipts screen's range: '' for open, else within the years a store can have receipts. */
const searchDate = (label: string) =>
  localDate(label).refine((v) => v === '' || (v >= '2000-01-01' && v <= '2199-12-31'), `${label} must be between 2000 and 2199`)

export const receiptSearchInputSchema = z
  .strictObject({
    /** A receipt number as people say it: "CS-000123", "cs-123", "#123" or just "123". '' for any. */
    number: text('Receipt number', 40).default(''),
    customerId: id.nullable().default(null),
    /** Store-local days, both included; '' leaves that end open. */
    from: searchDate('From'),
    to: searchDate('To'),
    /**
     * The receipt's total in minor units, both included; null leaves that end open. Without a
     * minus sign it is the amount's size, so 5.00 finds a $5 sale and its void (-$5.00), as the
     * desk says "the $5 one"; a negative end makes the range the signed total's (-5.00: voids alone).
     */
    // Up to what one receipt may total ($100,000,000.00), past one amount's maximum: a large sale is found too.
    minTotalMinor: receiptTotalAmount('Lowest amount').nullable().default(null),
    maxTotalMinor: receiptTotalAmount('Highest amount').nullable().default(null),
    after: cursor,
    limit: z.number().int().min(1).max(200).default(50),
  })
  .refine((v) => v.from === '' || v.to === '' || v.from <= v.to, { path: ['to'], message: 'The end date is before the start date' })
  .refine((v) => v.minTotalMinor === null || v.maxTotalMinor === null || v.minTotalMinor <= v.maxTotalMinor, {
    path: ['maxTotalMinor'],
    message: 'The highest amount is below the lowest',
  })

/** A row of the Receipts screen: a history line, with its customer. */
export const receiptSearchRowSchema = receiptLineSchema.extend({
  customer: z.object({ id, name: z.string(), flagged: z.boolean(), flagReason: z.string().nullable() }).nullable(),
})
export type ReceiptSearchRow = z.infer<typeof receiptSearchRowSchema>

/** One request to email a receipt, and where its message stands in this store's outbox. */
export const receiptEmailSchema = z.object({
  id,
  recipient: z.string(),
  requestedAt: z.string(),
  requestedBy: z.string().nullable(),
  /** null when it was asked for at another store: its outbox is theirs. */
  state: z.enum(OUTBOX_STATES).nullable(),
  attempts: z.number().int(),
  nextAttemptAt: z.string().nullable(),
  sentAt: z.string().nullable(),
  lastError: z.string().nullable(),
})
export type ReceiptEmail = z.infer<typeof receiptEmailSchema>

export const receiptsCommands = {
  /** Every receipt of this store, newest first, narrowed by number, customer, days and amount; keyset-paged. */
  'receipts:search': command({
    input: receiptSearchInputSchema,
    output: z.object({ rows: z.array(receiptSearchRowSchema), nextCursor: z.string().nullable() }),
    access: 'signedIn',
  }),
  /**
   * Queues the receipt's email to `to` (the customer's address unless changed for this send;
   * the customer's record is never changed) and records the request in the receipt's history.
   * Sent again with the same `requestId` and input: the first answer, and no second email (the
   * outbox's "already waiting" refusal would otherwise answer a retry, or a second go out once the first was sent).
   */
  'receipts:send': command({
    input: z.strictObject({ receiptId: id, to: emailAddress('Email address'), requestId }),
    output: receiptEmailSchema,
    access: 'signedIn',
  }),
  /**
   * The receipt's email history, newest first, with each message's state here. Polled while an
   * email is queued or sending (which can last): not use.
   */
  'receipts:emails': command({
    input: z.strictObject({ receiptId: id }),
    output: z.array(receiptEmailSchema),
    access: 'signedIn',
    activity: false,
  }),
}
