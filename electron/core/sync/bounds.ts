import { contract } from '../../contract'
import { APPOINTMENT_STATUSES } from '../../contract/appointments'
import { customerFieldsSchema, flagEventSchema } from '../../contract/customers'
import { DEAL_STATUSES } from '../../contract/deals'
import { SENTIMENTS } from '../../contract/feedback'
import { localDate } from '../../contract/period'
import { LOYALTY_ENTRY_KINDS, loyaltyAdjustInputSchema } from '../../contract/loyalty'
import { lockPolicySchema } from '../../contract/lock'
import { MAX_POINTS_BALANCE, MAX_RECEIPT_MINOR } from '../../contract/money/amount'
import { PERMISSIONS } from '../../contract/permissions'
import { createSaleInputSchema, paymentInputSchema, receiptSchema, saleItemInputSchema } from '../../contract/sales'
import { settingsSchema } from '../../contract/settings'
import { ratePercent } from '../../contract/tax-rates'
import { createUserInputSchema } from '../../contract/users'
import { MAX_HASH_LENGTH } from '../auth/kdf'
import { fieldOfColumn } from '../customers/columns'
import { CHECKOUT_KINDS } from '../visits/repo'
import { arrayMaxOf, fail, fromSchema, maxOf, textMaxOf, type Bound } from './schema-bounds'
import { SYNC_SPEC, type SyncedTable } from './spec'

export type { Bound } from './schema-bounds'

/**
 * The bounds of every synced column: what a local command may write there, so what an entry
 * from another store may hold. Local commands are held to the contract's schemas (a first name
 * of at most 80 characters, a quantity of at most 10,000); the applier refuses an entry whose
 * values break these bounds, as it refuses a malformed one (entry.ts): a store that is broken
 * or hostile cannot give every other store a 1.5 MB first name.
 *
 * The bounds are read from the contract's own schemas and constants wherever a command writes
 * the column from what a user typed, so they cannot drift apart; the rest (ids, times, HLC
 * stamps, hashes, numbers the core computes) are stated here once, from what the core writes.
 * `test/core/sync/bounds.test.ts` fails when a synced column has no bound (or one not of its
 * column's kind), and checks that what the commands write at the contract's maxima applies.
 *
 * Raising a maximum in the contract changes what entries may hold: stores still on the older
 * app would refuse the longer values. Such a change must raise SCHEMA_VERSION (spec.ts), so older
 * stores park those entries until they are updated instead (entries of a newer version are
 * checked when they apply, see apply.ts).
 */
/** Ids are UUIDs (36 characters); the entry's own ids are held to the same (entry.ts). */
export const ID_MAX = 64
/** A UTC ISO time ('2026-12-04T10:00:00.000Z', 24 characters; an extended year 27). */
export const TIMESTAMP_MAX = 40
/** An HLC stamp, `<15-digit wall>-<6-digit counter>-<node of at most 64>` (hlc.ts, entry.ts). */
export const HLC_MAX = 15 + 1 + 6 + 1 + 64

const text = (max: number): Bound => ({ type: 'text', max })
const oneOf = (values: readonly string[]): Bound => text(Math.max(...values.map((v) => v.length)))
const integer = (min: number, max: number): Bound => ({ type: 'integer', min, max })
/** Amounts a void negates: as far below zero as the sale's went above. */
const signed = (max: number): Bound => integer(-max, max)
const ID = text(ID_MAX)
const TIME = text(TIMESTAMP_MAX)
const HLC = text(HLC_MAX)
const BOOLEAN: Bound = { type: 'boolean' }
/** A store-local day, YYYY-MM-DD. */
const DAY = fromSchema(localDate('Day'))
/** A scrypt hash as kdf.ts writes it. */
const HASH = text(MAX_HASH_LENGTH)
/** Numbers the store counts up from 1 (customer numbers, receipt sequences). */
const COUNTER = integer(1, Number.MAX_SAFE_INTEGER)
/** A tax rate in thousandths of a percent, as the core keeps the contract's percent. */
const MILLIPERCENT = integer(0, maxOf(ratePercent) * 1000)

/**
 * Per-user permission overrides as users/service.ts stores them: JSON of an object of booleans.
 * Not checked against today's permissions (a newer app may add one), but each key is a name of
 * the kind PERMISSIONS holds, and the whole has room for four times as many as there are.
 */
const PERMISSION_OVERRIDES: Bound = {
  type: 'text',
  max: 4 * JSON.stringify(Object.fromEntries(PERMISSIONS.map((p) => [p, false]))).length,
  valid: (value) => {
    try {
      const parsed: unknown = JSON.parse(value)
      return typeof parsed === 'object' && parsed !== null && !Array.isArray(parsed) && Object.entries(parsed).every(([key, v]) => key.length <= 64 && typeof v === 'boolean')
    } catch {
      return false
    }
  },
}

const customerField = (column: string): Bound => {
  const field = fieldOfColumn(column)
  return field ? fromSchema(customerFieldsSchema.shape[field]) : fail(`customers.${column} is not a field of the customer form`)
}

const CUSTOMERS: Record<string, Bound> = {
  store_id: ID,
  customer_number: COUNTER,
  active: BOOLEAN,
  created_at: TIME,
  merged_into: ID,
  // The customer account's password, hashed like a user's.
  password_hash: HASH,
}

const saleInput = createSaleInputSchema.shape
const receiptNumber = text(textMaxOf(settingsSchema.shape.receiptPrefix) + 1 + String(Number.MAX_SAFE_INTEGER).length)
const appointmentInput = contract['appointments:schedule'].input.shape

/** Every synced column's bound, per synced table (set tables have none: their member is an id, checked with the entry). */
export const SYNC_BOUNDS: Record<Exclude<SyncedTable, 'customer_stores' | 'customer_staff'>, Record<string, Bound>> = {
  stores: {
    name: fromSchema(settingsSchema.shape.storeName),
    currency: fromSchema(settingsSchema.shape.currency),
    time_zone: fromSchema(settingsSchema.shape.timeZone),
    country: fromSchema(settingsSchema.shape.country),
    medical_shop: fromSchema(settingsSchema.shape.medicalShop),
    loyalty_points_per_unit: fromSchema(settingsSchema.shape.loyaltyPointsPerUnit),
    loyalty_value_per_point_minor: fromSchema(settingsSchema.shape.loyaltyValuePerPointMinor),
    auto_checkout_at_day_start: fromSchema(settingsSchema.shape.autoCheckoutAtDayStart),
    receipt_prefix: fromSchema(settingsSchema.shape.receiptPrefix),
    locale: fromSchema(settingsSchema.shape.locale),
    loyalty_enroll_by_default: fromSchema(settingsSchema.shape.loyaltyEnrollByDefault),
    address: fromSchema(settingsSchema.shape.storeAddress),
    lock_idle_minutes: fromSchema(lockPolicySchema.shape.idleMinutes),
    lock_pin_unlock: fromSchema(lockPolicySchema.shape.pinUnlock),
    created_at: TIME,
  },
  users: {
    store_id: ID,
    username: fromSchema(createUserInputSchema.shape.username),
    display_name: fromSchema(createUserInputSchema.shape.displayName),
    role: fromSchema(createUserInputSchema.shape.role),
    password_hash: HASH,
    pin_hash: HASH,
    permission_overrides: PERMISSION_OVERRIDES,
    active: BOOLEAN,
    created_at: TIME,
    recovery_key_hash: HASH,
    recovery_key_made_at: TIME,
  },
  tax_rates: {
    store_id: ID,
    name: fromSchema(contract['taxRates:save'].input.shape.name),
    rate_millipercent: MILLIPERCENT,
    active: BOOLEAN,
    created_at: TIME,
  },
  // The form's fields from the form's schema (their columns are customers/columns.ts's), the others from CUSTOMERS.
  customers: Object.fromEntries(SYNC_SPEC.customers.synced.map((column) => [column, CUSTOMERS[column] ?? customerField(column)])),
  customer_photos: {
    // The photo's sha256 in hex (customers/photos.ts); the bytes travel as a blob of their own.
    photo_hash: text(64),
  },
  flag_events: {
    customer_id: ID,
    action: fromSchema(flagEventSchema.shape.action),
    reason: fromSchema(contract['customers:setFlag'].input.shape.reason),
    user_id: ID,
    store_id: ID,
    hlc: HLC,
    created_at: TIME,
  },
  loyalty_ledger: {
    store_id: ID,
    customer_id: ID,
    kind: oneOf(LOYALTY_ENTRY_KINDS),
    // No entry moves more than a balance may hold (loyalty/points.ts), in either direction.
    points: signed(MAX_POINTS_BALANCE),
    // Typed with an adjustment; a sale's and a void's are written by the core, shorter.
    reason: fromSchema(loyaltyAdjustInputSchema.shape.reason),
    receipt_id: ID,
    user_id: ID,
    approver_id: ID,
    created_at: TIME,
    hlc: HLC,
  },
  feedback: {
    store_id: ID,
    customer_id: ID,
    receipt_id: ID,
    sentiment: oneOf(SENTIMENTS),
    comment: fromSchema(contract['feedback:add'].input.shape.comment),
    user_id: ID,
    created_at: TIME,
    local_date: DAY,
  },
  receipts: {
    store_id: ID,
    seq: COUNTER,
    // `<prefix>-<sequence>` (sales/receipt-number.ts).
    number: receiptNumber,
    kind: fromSchema(receiptSchema.shape.kind),
    voids_receipt_id: ID,
    void_reason: fromSchema(contract['sales:void'].input.shape.reason),
    customer_id: ID,
    user_id: ID,
    created_at: TIME,
    local_date: DAY,
    currency: fromSchema(settingsSchema.shape.currency),
    // A receipt holds at most MAX_RECEIPT_MINOR (sales/sale.ts); its void, as much below zero.
    subtotal_minor: signed(MAX_RECEIPT_MINOR),
    tax_minor: signed(MAX_RECEIPT_MINOR),
    total_minor: signed(MAX_RECEIPT_MINOR),
    paid_minor: signed(MAX_RECEIPT_MINOR),
    change_minor: signed(MAX_RECEIPT_MINOR),
    loyalty_points: signed(MAX_POINTS_BALANCE),
  },
  receipt_items: {
    receipt_id: ID,
    position: integer(0, arrayMaxOf(saleInput.items) - 1),
    name: fromSchema(saleItemInputSchema.shape.name),
    quantity: signed(maxOf(saleItemInputSchema.shape.quantity)),
    unit_price_minor: fromSchema(saleItemInputSchema.shape.unitPriceMinor),
    line_subtotal_minor: signed(MAX_RECEIPT_MINOR),
    tax_rate_id: ID,
    tax_rate_name: fromSchema(contract['taxRates:save'].input.shape.name),
    tax_rate_millipercent: MILLIPERCENT,
    tax_minor: signed(MAX_RECEIPT_MINOR),
    line_total_minor: signed(MAX_RECEIPT_MINOR),
  },
  receipt_emails: {
    receipt_id: ID,
    store_id: ID,
    recipient: fromSchema(contract['receipts:send'].input.shape.to),
    user_id: ID,
    created_at: TIME,
  },
  receipt_payments: {
    receipt_id: ID,
    position: integer(0, arrayMaxOf(saleInput.payments) - 1),
    method: fromSchema(paymentInputSchema.shape.method),
    amount_minor: signed(maxOf(paymentInputSchema.shape.amountMinor)),
    reference: fromSchema(paymentInputSchema.shape.reference),
    // A void gives the points back: as far below zero as the sale's went above.
    points: signed(maxOf(paymentInputSchema.shape.points)),
  },
  deals: {
    store_id: ID,
    customer_id: ID,
    created_by: ID,
    created_at: TIME,
  },
  deal_events: {
    deal_id: ID,
    customer_id: ID,
    store_id: ID,
    status: oneOf(DEAL_STATUSES),
    assigned_user_id: ID,
    note: fromSchema(contract['deals:setStatus'].input.shape.note),
    user_id: ID,
    hlc: HLC,
    created_at: TIME,
  },
  visits: {
    store_id: ID,
    customer_id: ID,
    deal_id: ID,
    return_visit: BOOLEAN,
    checked_in_by: ID,
    checked_in_at: TIME,
    local_date: DAY,
    hlc: HLC,
  },
  visit_checkouts: {
    visit_id: ID,
    customer_id: ID,
    store_id: ID,
    deal_id: ID,
    kind: oneOf(CHECKOUT_KINDS),
    checked_out_at: TIME,
    user_id: ID,
    hlc: HLC,
    created_at: TIME,
  },
  appointments: {
    store_id: ID,
    customer_id: ID,
    created_by: ID,
    created_at: TIME,
  },
  appointment_events: {
    appointment_id: ID,
    customer_id: ID,
    store_id: ID,
    // 'YYYY-MM-DDTHH:MM', the store-local start (appointments/service.ts).
    local_start: text(textMaxOf(appointmentInput.date) + 1 + textMaxOf(appointmentInput.time)),
    staff_id: ID,
    note: fromSchema(appointmentInput.note),
    status: oneOf(APPOINTMENT_STATUSES),
    user_id: ID,
    hlc: HLC,
    created_at: TIME,
  },
}

/** The most members of a set a new row's entry carries (a new customer's first stores and staff, as the form takes them). */
export const SET_SIZE: Record<string, number> = {
  customer_stores: arrayMaxOf(customerFieldsSchema.shape.storeIds),
  customer_staff: arrayMaxOf(customerFieldsSchema.shape.assignedStaffIds),
}

/** The most children an append entry carries (a sale's lines and payments; its void has as many). */
export const CHILD_COUNT: Record<string, number> = {
  receipt_items: arrayMaxOf(saleInput.items),
  receipt_payments: arrayMaxOf(saleInput.payments),
}

/** What an erase's tombstone writes on a customer row when the store never had the customer. */
export const TOMBSTONE_BOUNDS: Record<string, Bound> = {
  store_id: ID,
  customer_number: COUNTER,
  created_at: TIME,
  erased_at: TIME,
}

/** Whether a value is within its column's bound; null always is (a cleared field). */
export function withinBound(bound: Bound, value: unknown): boolean {
  if (value === null) return true
  switch (bound.type) {
    case 'text':
      return typeof value === 'string' && value.length <= bound.max && (bound.valid?.(value) ?? true)
    case 'integer':
      return Number.isSafeInteger(value) && (value as number) >= bound.min && (value as number) <= bound.max
    case 'number':
      return typeof value === 'number' && Number.isFinite(value) && value >= bound.min && value <= bound.max
    case 'boolean':
      return value === true || value === false || value === 0 || value === 1
  }
}
