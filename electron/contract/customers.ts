import { z } from 'zod'
import { command } from './define'
import { backupNotCleanedSchema } from './backups'
import { cursor, empty, id, requestId, text, username } from './fields'
import { localDate, refineCustomRange } from './period'

/** '' from an empty form field means "not given"; the core stores it as null. */
const optionalText = (label: string, max: number) => text(label, max).optional().default('')

/** The most a flag's reason holds: typed at the desk (customers:setFlag) or read from an import. */
export const MAX_FLAG_REASON = 500
/** A flag's reason, several lines allowed; required when flagging (the caller says so). */
export const flagReasonText = (label: string) => text(label, MAX_FLAG_REASON, { multiline: true })

const isoDate = localDate

const optionalCountry = (label: string) =>
  z
    .string()
    .trim()
    .max(2, `${label} must be a two-letter country code`)
    .regex(/^([A-Z]{2})?$/, `${label} must be a two-letter country code`)
    .optional()
    .default('')

/** The most staff a customer has assigned (PRODUCT §1.7). */
export const MAX_ASSIGNED_STAFF = 2
/** The longest a customer's notes can be, in characters (a merge joining two customers' notes keeps to it too). */
export const MAX_NOTES_LENGTH = 4000

export const GENDERS = ['female', 'male', 'non_binary', 'other', 'prefer_not_to_say'] as const
export const CUSTOMER_TYPES = ['regular', 'vip', 'wholesale', 'employee', 'other'] as const

const imageDataUrl = (maxChars: number, tooLarge: string) =>
  z
    .string()
    .max(maxChars, tooLarge)
    .regex(/^data:image\/(jpeg|png);base64,[A-Za-z0-9+/]+=*$/, 'The photo must be a JPEG or PNG image')

/** A photo as a data URL; the renderer resizes it, main checks type and size again. */
const photoDataUrl = imageDataUrl(700_000, 'The photo is too large (at most 500 KB after resizing)')
/** Accepted from renderers that still send a thumbnail, and ignored: main makes the table's thumbnail from the photo. */
const thumbnailDataUrl = imageDataUrl(40_000, 'The thumbnail is too large (at most 30 KB)')

/** Every field a user can type on the customer form (PRODUCT §1.4–1.8). */
export const customerFieldsSchema = z.strictObject({
  // General
  firstName: text('First name', 80, 1),
  lastName: optionalText('Last name', 80),
  nickname: optionalText('Nickname', 80),
  phone: z
    .string()
    .trim()
    .max(30, 'Phone is at most 30 characters')
    .regex(/^[0-9+()\-.\s]*$/, 'Use digits, spaces and + ( ) - . only')
    .optional()
    .default(''),
  smsOptIn: z.boolean().default(false),
  email: z
    .union([z.literal(''), z.email('Not a valid email address').max(254, 'Email is at most 254 characters')])
    .optional()
    .default(''),
  emailOptIn: z.boolean().default(false),
  gender: z.union([z.literal(''), z.enum(GENDERS)]).optional().default(''),
  dateOfBirth: isoDate('Date of birth'),
  nationality: optionalCountry('Nationality'),
  anniversary: isoDate('Anniversary'),
  gateCode: optionalText('Gate code', 40),
  idNumber: optionalText('Customer ID number', 60),
  customerType: z.union([z.literal(''), z.enum(CUSTOMER_TYPES)]).optional().default(''),
  notes: text('Notes', MAX_NOTES_LENGTH, { multiline: true }).optional().default(''),
  /** Left out: keep the photo; null: remove it; a data URL: replace it (with its thumbnail). */
  photo: photoDataUrl.nullable().optional(),
  photoThumbnail: thumbnailDataUrl.nullable().optional(),
  // Account
  username: z.union([z.literal(''), username]).optional().default(''),
  password: z
    .union([z.literal(''), z.string().min(8, 'Password needs at least 8 characters').max(200, 'Password is at most 200 characters')])
    .optional()
    .default(''),
  assignedStaffIds: z.array(id).max(MAX_ASSIGNED_STAFF, 'At most two assigned staff').default([]),
  // Customer store
  storeIds: z.array(id).min(1, 'Choose at least one store').max(50),
  // Loyalty
  /**
   * Left out: a new customer (the form, customers:create, an import without the column) takes
   * the store's "New customers join the loyalty programme"; an edit keeps what is saved.
   */
  loyaltyEnrolled: z.boolean().optional(),
  giftCardNumber: optionalText('Gift card number', 40),
  // Address
  addressLine1: optionalText('Address line 1', 120),
  addressLine2: optionalText('Address line 2', 120),
  city: optionalText('City', 80),
  state: optionalText('State', 80),
  zip: optionalText('ZIP', 20),
  country: optionalCountry('Country'),
  // Additional information
  driversLicenseNumber: optionalText("Driver's licence number", 40),
  driversLicenseState: optionalText("Driver's licence state", 40),
  driversLicenseExpiry: isoDate("Driver's licence expiry"),
  medicalNumber: optionalText('Medical number', 60),
  medicalExpiry: isoDate('Medical expiry'),
})
export type CustomerFields = z.input<typeof customerFieldsSchema>
export type CustomerFieldName = keyof z.output<typeof customerFieldsSchema>

/**
 * The values an edit form was loaded with, as customers:get answered them. Only compared with
 * what is sent, never stored, so any value of the right kind is taken (a value saved before a
 * rule was tightened must not block the save).
 */
const loadedValue = z.union([z.string().max(4000), z.boolean(), z.array(id).max(50)])
const loadedFormSchema = z.strictObject(
  Object.fromEntries(
    Object.keys(customerFieldsSchema.shape)
      .filter((field) => !['password', 'photo', 'photoThumbnail'].includes(field))
      .map((field) => [field, loadedValue.optional()]),
  ) as Record<Exclude<keyof typeof customerFieldsSchema.shape, 'password' | 'photo' | 'photoThumbnail'>, z.ZodOptional<typeof loadedValue>>,
)

/** What the form, the change history and the field messages call each field. */
export const CUSTOMER_FIELD_LABELS: Record<CustomerFieldName, string> = {
  firstName: 'First name',
  lastName: 'Last name',
  nickname: 'Nickname',
  phone: 'Phone',
  smsOptIn: 'SMS opt-in',
  email: 'Email',
  emailOptIn: 'Email opt-in',
  gender: 'Gender',
  dateOfBirth: 'Date of birth',
  nationality: 'Nationality',
  anniversary: 'Anniversary',
  gateCode: 'Gate code',
  idNumber: 'Customer ID number',
  customerType: 'Customer type',
  notes: 'Notes',
  photo: 'Photo',
  photoThumbnail: 'Photo thumbnail',
  username: 'Username',
  password: 'Password',
  assignedStaffIds: 'Assigned staff',
  storeIds: 'Stores',
  loyaltyEnrolled: 'Loyalty enrolled',
  giftCardNumber: 'Gift card number',
  addressLine1: 'Address line 1',
  addressLine2: 'Address line 2',
  city: 'City',
  state: 'State',
  zip: 'ZIP',
  country: 'Country',
  driversLicenseNumber: "Driver's licence number",
  driversLicenseState: "Driver's licence state",
  driversLicenseExpiry: "Driver's licence expiry",
  medicalNumber: 'Medical number',
  medicalExpiry: 'Medical expiry',
}

const named = z.object({ id, name: z.string() })

export const flagStateSchema = z.object({
  flagged: z.boolean(),
  reason: z.string().nullable(),
  /** Who flagged (or un-flagged) last, and when. */
  by: z.string().nullable(),
  at: z.string().nullable(),
})

/** One row of the customer table (PRODUCT §1.1). */
export const customerRowSchema = z.object({
  id,
  customerNumber: z.string(),
  firstName: z.string(),
  lastName: z.string().nullable(),
  nickname: z.string().nullable(),
  email: z.string().nullable(),
  /** As the store would write it (national format for the store's country). */
  phone: z.string().nullable(),
  username: z.string().nullable(),
  photoThumbnail: z.string().nullable(),
  loyaltyPoints: z.number().int(),
  lastLoyaltyReason: z.string().nullable(),
  giftCardNumber: z.string().nullable(),
  stores: z.array(named),
  flagged: z.boolean(),
  flagReason: z.string().nullable(),
  active: z.boolean(),
  createdAt: z.string(),
})
export type CustomerRow = z.infer<typeof customerRowSchema>

/** Everything the edit form and the customer page show. */
export const customerDetailSchema = customerFieldsSchema
  .omit({ password: true, photo: true, photoThumbnail: true })
  .extend({
    id,
    customerNumber: z.string(),
    /**
     * May be empty: two stores each removing the other offline leave none once synced. The
     * customer still opens, and the form asks for at least one store when saved.
     */
    storeIds: z.array(id).max(50),
    loyaltyEnrolled: z.boolean(),
    photo: z.string().nullable(),
    hasPassword: z.boolean(),
    assignedStaff: z.array(named),
    stores: z.array(named),
    flag: flagStateSchema,
    loyaltyPoints: z.number().int(),
    lastLoyaltyReason: z.string().nullable(),
    active: z.boolean(),
    /** Always false from customers:get: an erased customer answers NOT_FOUND. */
    erased: z.boolean(),
    createdAt: z.string(),
    updatedAt: z.string(),
  })
export type CustomerDetail = z.infer<typeof customerDetailSchema>

export const SORTABLE_COLUMNS = ['name', 'email', 'phone', 'loyaltyPoints', 'loyaltyReason', 'giftCardNumber', 'createdAt', 'customerNumber'] as const
export type SortColumn = (typeof SORTABLE_COLUMNS)[number]

export const REGISTERED_PERIODS = ['7d', '30d', '90d', '365d', 'all', 'custom'] as const

export const searchInputSchema = refineCustomRange(
  z.strictObject({
    /** Name, nickname, phone in any format, email, username or customer number. */
    query: text('Search', 100).default(''),
    /**
     * Registered in the last N days ("today" in the store's time zone), all, or a custom range.
     * Narrows the plain list only: a non-empty query searches the whole database.
     */
    period: z.enum(REGISTERED_PERIODS).default('30d'),
    from: isoDate('From'),
    to: isoDate('To'),
    status: z.enum(['active', 'inactive', 'all']).default('active'),
    flaggedOnly: z.boolean().default(false),
    /**
     * Only the customers of this store of the owner's (stores:list gives them); absent or null:
     * every store's. Like the period, it narrows only the plain list: a search looks through every
     * store (PRODUCT §1.3), so a customer of another store is found, not made again.
     */
    storeId: id.nullable().default(null),
    sort: z.enum(SORTABLE_COLUMNS).default('createdAt'),
    direction: z.enum(['asc', 'desc']).default('desc'),
    /** Opaque keyset cursor from the previous page's `nextCursor`; never an offset. */
    after: cursor,
    limit: z.number().int().min(1).max(200).default(50),
  }),
)

/**
 * One changed field. `field` is the form's field name (a key of CUSTOMER_FIELD_LABELS, or
 * 'active' / 'erased'), `label` what to show for it. Secrets and the photo appear as markers
 * ('[hidden]', '[photo]'), never as their values.
 */
export const historyEntrySchema = z.object({
  at: z.string(),
  user: z.string().nullable(),
  field: z.string(),
  label: z.string(),
  oldValue: z.string().nullable(),
  newValue: z.string().nullable(),
})

export const flagEventSchema = z.object({
  action: z.enum(['flagged', 'unflagged']),
  at: z.string(),
  user: z.string().nullable(),
  reason: z.string().nullable(),
})

const byId = z.strictObject({ id })

/** At most this many customers asked about at once by customers:gone (the renderer asks in slices). */
export const MAX_GONE_ASKED = 200

export const customersCommands = {
  'customers:search': command({
    input: searchInputSchema,
    output: z.object({
      rows: z.array(customerRowSchema),
      nextCursor: z.string().nullable(),
      /**
       * How many customers match. Counting a huge result exactly would cost more than the
       * page, so it stops at a cap: when `totalIsCapped`, show it as "10,000+".
       */
      total: z.number().int(),
      totalIsCapped: z.boolean(),
    }),
    access: 'signedIn',
  }),
  /** How many active customers the store has in all: the list says it beside a narrowed count. */
  'customers:count': command({ input: empty, output: z.object({ active: z.number().int().min(0) }), access: 'signedIn' }),
  'customers:get': command({ input: byId, output: customerDetailSchema, access: 'signedIn' }),
  /** Sent again with the same `requestId` and input: the first answer, and no second customer. */
  'customers:create': command({
    input: customerFieldsSchema.extend({ requestId }),
    output: customerDetailSchema,
    access: 'signedIn',
  }),
  /**
   * Saves an edit. `loaded` is the form's values as customers:get gave them: only fields the
   * user changed since are written, so an edit made meanwhile at another store stays.
   */
  'customers:update': command({
    input: customerFieldsSchema.extend({ id, loaded: loadedFormSchema.optional() }),
    output: customerDetailSchema,
    access: 'signedIn',
  }),
  'customers:history': command({ input: byId, output: z.array(historyEntrySchema), access: 'signedIn' }),
  'customers:inactivate': command({ input: byId, output: customerDetailSchema, access: 'delete_customers' }),
  'customers:restore': command({ input: byId, output: customerDetailSchema, access: 'delete_customers' }),
  /**
   * Erases for good, backups in the data folder included; says how many backups were cleaned or
   * removed, and which could not be cleaned (removed or kept) and why.
   */
  'customers:erase': command({
    input: byId,
    output: z.object({ backupsCleaned: z.number().int(), backupsRemoved: z.number().int(), notCleaned: z.array(backupNotCleanedSchema) }),
    access: 'erase_history',
  }),
  /** Appends a flag or un-flag event. Sent again with the same `requestId` and input: the first answer, and no second event. */
  'customers:setFlag': command({
    input: z
      .strictObject({ id, flagged: z.boolean(), reason: flagReasonText('Reason').default(''), requestId })
      .refine((v) => !v.flagged || v.reason !== '', { path: ['reason'], message: 'Give a reason for flagging' }),
    output: customerDetailSchema,
    access: 'flag_customers',
  }),
  'customers:flagHistory': command({ input: byId, output: z.array(flagEventSchema), access: 'signedIn' }),
  /**
   * Which of `ids` name an erased customer (erased here or at another store, the erase applied by
   * sync). The renderer asks it by itself, at start and after each sync round, with the customers
   * its unsaved drafts are about, and removes the drafts about the gone (PRODUCT 7.1): not use.
   * A customer never known here (a backup from before they were added restored) is not gone: they
   * may come back by sync, and what was typed about them waits.
   */
  'customers:gone': command({
    input: z.strictObject({ ids: z.array(id).max(MAX_GONE_ASKED) }),
    output: z.object({ gone: z.array(z.string()) }),
    access: 'signedIn',
    activity: false,
  }),
  /** Active users (they have a login) who can be assigned to a customer. */
  'customers:staffOptions': command({ input: empty, output: z.array(named), access: 'signedIn' }),
  /** The owner's stores; `local` marks this PC's store, which a new customer belongs to by default. */
  'stores:list': command({ input: empty, output: z.array(named.extend({ local: z.boolean().optional() })), access: 'signedIn' }),
}
