import { z } from 'zod'
import { command } from './define'
import { cursor, id, requestId, text } from './fields'
import { MAX_POINTS_BALANCE, MAX_RECEIPT_MINOR, minorAmount } from './money/amount'
import { periodFields, refinePeriod } from './period'

/**
 * `loyalty_points`: the customer pays with their points (only an enrolled customer, only when
 * the store gives points a value): the payment names the points, its amount is their value.
 */
export const PAYMENT_METHODS = ['cash', 'card', 'gift_card', 'other', 'loyalty_points'] as const
export type PaymentMethod = (typeof PAYMENT_METHODS)[number]
export const PAYMENT_METHOD_LABELS: Record<PaymentMethod, string> = {
  cash: 'Cash',
  card: 'Card',
  gift_card: 'Gift card',
  other: 'Other',
  loyalty_points: 'Loyalty points',
}

export const saleItemInputSchema = z.strictObject({
  name: text('Item', 120, 1),
  quantity: z.number({ message: 'Quantity must be a number' }).int('Whole quantities only').min(1, 'At least 1').max(10_000, 'At most 10000'),
  unitPriceMinor: minorAmount('Unit price'),
  /** One of the store's active tax rates, or null for an untaxed item. */
  taxRateId: id.nullable().default(null),
})

export const paymentInputSchema = z.strictObject({
  method: z.enum(PAYMENT_METHODS, { message: 'Choose a payment method' }),
  amountMinor: minorAmount('Amount').min(1, 'Amount must be more than zero'),
  /** Card slip, gift card number…: optional, printed on the receipt. */
  reference: text('Reference', 60).default(''),
  /**
   * Only with `loyalty_points`, and required there: the whole points used. `amountMinor` must be
   * their value (points × the store's value per point), as the cashier saw it.
   */
  points: z
    .number({ message: 'Points must be a number' })
    .int('Whole points only')
    .min(1, 'At least 1 point')
    .max(MAX_POINTS_BALANCE, `At most ${MAX_POINTS_BALANCE} points`)
    .nullable()
    .default(null),
})

export const createSaleInputSchema = z.strictObject({
  customerId: id.nullable().default(null),
  items: z.array(saleItemInputSchema).min(1, 'Add at least one item').max(200, 'At most 200 items'),
  /** Must cover the total; only cash may exceed it (the difference is change due). */
  payments: z.array(paymentInputSchema).max(10, 'At most 10 payments'),
  /**
   * The total the screen showed, worked out with the tax rates it read when it opened: main refuses
   * the sale when its own total differs (a rate changed meanwhile), so the customer pays what they
   * were told. Null: not checked (a caller that shows no total).
   */
  expectedTotalMinor: z.number().int().min(0).max(MAX_RECEIPT_MINOR, 'The total is more than one receipt can hold: split the sale').nullable().default(null),
  /** One per sale being rung up: a double click or a retry gets the first receipt, not a second sale. */
  requestId,
})

/**
 * Flagged customers show in red with their flag wherever their name appears. An erased
 * customer's name is "Erased customer", shown as plain text: their page is gone.
 */
const receiptCustomer = z.object({ id, name: z.string(), flagged: z.boolean(), flagReason: z.string().nullable(), erased: z.boolean() })

export const receiptItemSchema = z.object({
  name: z.string(),
  quantity: z.number().int(),
  unitPriceMinor: z.number().int(),
  /** quantity × unit price, before tax. */
  lineSubtotalMinor: z.number().int(),
  taxRateName: z.string().nullable(),
  taxRatePercent: z.number().nullable(),
  /** This line's tax, rounded half away from zero to the minor unit. */
  taxMinor: z.number().int(),
  lineTotalMinor: z.number().int(),
})

export const receiptTaxSchema = z.object({
  name: z.string(),
  ratePercent: z.number(),
  taxableMinor: z.number().int(),
  taxMinor: z.number().int(),
})

export const receiptPaymentSchema = z.object({
  method: z.enum(PAYMENT_METHODS),
  amountMinor: z.number().int(),
  reference: z.string().nullable(),
  /** A payment by loyalty points: the points it took (negative on a void, which gives them back); null otherwise. */
  points: z.number().int().nullable(),
})

/**
 * A receipt as the receipt view shows it. A void is a receipt of its own (kind 'void') with
 * every amount negated; the sale it reverses stays as it was and shows `voidedBy`.
 * On a void, amounts are negative.
 */
export const receiptSchema = z.object({
  id,
  number: z.string(),
  kind: z.enum(['sale', 'void']),
  /** UTC ISO time it was saved. */
  createdAt: z.string(),
  /** The store-local business day it counts on (a void counts on its sale's day). */
  localDate: z.string(),
  storeName: z.string(),
  /** The store's postal address as printed on the receipt ('' when none is set). */
  storeAddress: z.string(),
  /**
   * The issuing store's time zone: its date and time are read on that store's clock, as it was
   * printed and emailed, and agree with its business day (another store's may be a day apart).
   */
  storeTimeZone: z.string(),
  /**
   * Whether this store issued it: only the issuing store voids a receipt (one store's books, so a
   * sale is never voided twice at two stores); another store's receipt, brought by sync, is shown here.
   */
  issuedHere: z.boolean(),
  currency: z.string(),
  customer: receiptCustomer.nullable(),
  cashier: z.string().nullable(),
  items: z.array(receiptItemSchema),
  taxes: z.array(receiptTaxSchema),
  payments: z.array(receiptPaymentSchema),
  subtotalMinor: z.number().int(),
  taxMinor: z.number().int(),
  totalMinor: z.number().int(),
  paidMinor: z.number().int(),
  changeMinor: z.number().int(),
  /** Points this receipt added (sale) or took back (void, as a negative number). */
  loyaltyPoints: z.number().int(),
  voidReason: z.string().nullable(),
  /** On a sale that was voided: the void receipt. */
  voidedBy: z.object({ id, number: z.string(), createdAt: z.string(), by: z.string().nullable() }).nullable(),
  /** On a void: the sale it reverses. */
  voids: z.object({ id, number: z.string() }).nullable(),
})
export type Receipt = z.infer<typeof receiptSchema>

/** One row of a customer's transaction history. */
export const receiptLineSchema = z.object({
  id,
  number: z.string(),
  kind: z.enum(['sale', 'void']),
  createdAt: z.string(),
  localDate: z.string(),
  totalMinor: z.number().int(),
  /** The receipt's own currency, its store's: a customer's history may hold receipts of the owner's stores that keep another. */
  currency: z.string(),
  /** The issuing store's time zone: a list shows `createdAt` on that store's clock, as the receipt view does. */
  storeTimeZone: z.string(),
  voided: z.boolean(),
})
export type ReceiptLine = z.infer<typeof receiptLineSchema>

export const receiptPageSchema = z.object({
  rows: z.array(receiptLineSchema),
  /** Pass as `after` for the next page; null on the last page. */
  nextCursor: z.string().nullable(),
})

export const receiptListInputSchema = refinePeriod(
  z.strictObject({
    customerId: id,
    ...periodFields,
    after: cursor,
    limit: z.number().int().min(1).max(200).default(25),
  }),
)

export const salesCommands = {
  /**
   * Rings up a sale at the desk; answers the saved receipt. Sent again with the same `requestId`
   * and input: the first receipt, and no second sale, charge or points.
   */
  'sales:create': command({ input: createSaleInputSchema, output: receiptSchema, access: 'signedIn' }),
  /** Writes a reversing receipt and takes back the points the sale earned (never below zero). Once per receipt: a second void is refused. */
  'sales:void': command({
    input: z.strictObject({ receiptId: id, reason: text('Reason', 500, { min: 1, multiline: true }) }),
    output: z.object({ original: receiptSchema, reversal: receiptSchema }),
    access: 'void_receipts',
  }),
  'receipts:get': command({ input: z.strictObject({ id }), output: receiptSchema, access: 'signedIn' }),
  /** Newest first, in the period (by local day), keyset-paged. */
  'receipts:listForCustomer': command({ input: receiptListInputSchema, output: receiptPageSchema, access: 'signedIn' }),
}
