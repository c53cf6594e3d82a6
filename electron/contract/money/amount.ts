import { z } from 'zod'

/** Money is an integer count of the currency's minor unit (cents); this cap keeps sums exact. */
export const MAX_MINOR = 1_000_000_000

/**
 * The most one receipt may total (items, tax or payments), in minor units: $100,000,000.00.
 * Far above any sale at a desk, and low enough that a customer's sales over any period add up
 * exactly in a JavaScript number (2^53 is 900,000 such receipts).
 */
export const MAX_RECEIPT_MINOR = 10_000_000_000

/**
 * The most loyalty points a balance may hold. Points × value per point (at most 100,000 minor
 * units) stays an exact number; a rule of 1,000 points per yen could otherwise pass 2^53.
 */
export const MAX_POINTS_BALANCE = 1_000_000_000

export const minorAmount = (label: string) =>
  z
    .number({ message: `${label} must be a number` })
    .int(`${label} must be whole cents`)
    .min(0, `${label} cannot be negative`)
    .max(MAX_MINOR, `${label} is too large`)

/**
 * A receipt's total, as a search names it: up to what one receipt may total, either sign (a
 * void's total is its sale's, negated).
 */
export const receiptTotalAmount = (label: string) =>
  z
    .number({ message: `${label} must be a number` })
    .int(`${label} must be whole cents`)
    .min(-MAX_RECEIPT_MINOR, `${label} is more than one receipt can total`)
    .max(MAX_RECEIPT_MINOR, `${label} is more than one receipt can total`)
