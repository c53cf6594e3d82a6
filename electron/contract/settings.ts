import { z } from 'zod'
import { command } from './define'
import { countryCode, currency, empty, locale, storedTimeZone, text, timeZone } from './fields'

/** The most one loyalty point may be worth, in minor units (the form's and a currency change's bound). */
export const MAX_VALUE_PER_POINT_MINOR = 100_000


/**
 * The loyalty rule's precision: four decimals (0.0001 points per unit), as the Settings field
 * shows it. One place for the rule's check (the schema), its reading (settings) and earning.
 */
export const LOYALTY_RULE_SCALE = 10_000

/** The rule in whole ten-thousandths of a point per unit (what earning counts in). */
export const loyaltyRuleScaled = (pointsPerUnit: number): number => Math.round(pointsPerUnit * LOYALTY_RULE_SCALE)

export const settingsSchema = z.strictObject({
  storeName: text('Store name', 120, 1),
  currency,
  /**
   * By the name the screens' list shows (settings:get gives an older alias as its listed name).
   * Only a zone the list has no name for ("Etc/GMT+5", kept from an older version) is given as
   * stored; an update must then leave it out to keep it, or choose a listed one.
   */
  timeZone: storedTimeZone,
  /** Phones typed without a country code are read as numbers of this country. */
  country: countryCode,
  /** How dates and numbers are shown and typed on this store's screens. */
  locale,
  medicalShop: z.boolean(),
  /** Whether a new customer starts enrolled in the loyalty programme (the form's starting value). */
  loyaltyEnrollByDefault: z.boolean(),
  /**
   * Points a customer earns for each whole unit of currency spent, with up to four decimals as
   * the Settings field shows them: 0.01 points per yen, 0.0001 per Vietnamese dong.
   */
  loyaltyPointsPerUnit: z
    .number({ message: 'Enter a number' })
    .min(0, 'Cannot be negative')
    .max(1000, 'At most 1000 points per unit')
    .refine((v) => Math.abs(v * LOYALTY_RULE_SCALE - loyaltyRuleScaled(v)) < 1e-6, 'At most four decimals (0.0001)'),
  /** What one point is worth, in minor units of the store's currency (cents, yen, fils). */
  loyaltyValuePerPointMinor: z
    .number({ message: 'Enter a number' })
    .int('A whole number of minor units (cents)')
    .min(0, 'Cannot be negative')
    .max(MAX_VALUE_PER_POINT_MINOR, `At most ${MAX_VALUE_PER_POINT_MINOR}`),
  autoCheckoutAtDayStart: z.boolean(),
  /**
   * Starts every receipt number ("CS-000123"), so the owner's stores' receipts are told
   * apart. '' means the initials of the store's name. Always in settings:get; an update
   * that leaves it out keeps it as it is (a form that does not show it need not send it).
   */
  receiptPrefix: z
    .string({ message: 'Receipt prefix must be text' })
    .trim()
    .max(6, 'Use up to 6 capital letters or digits')
    .regex(/^[A-Z0-9]{0,6}$/, 'Use up to 6 capital letters or digits')
    .optional(),
  /**
   * The store's postal address, printed and emailed with every receipt (a few lines). Like
   * receiptPrefix: always in settings:get, kept as it is by an update that leaves it out.
   */
  storeAddress: text('Store address', 300, { multiline: true }).optional(),
})
export type Settings = z.infer<typeof settingsSchema>

/**
 * What settings:update takes: as settings:get answers, but the newer fields may be left out to
 * keep them, and the time zone, when given, is one the screens list.
 */
export const settingsUpdateSchema = settingsSchema.extend({
  timeZone: timeZone.optional(),
  locale: settingsSchema.shape.locale.optional(),
  loyaltyEnrollByDefault: z.boolean().optional(),
  /**
   * The currency `loyaltyValuePerPointMinor` is counted in. Left out, it is the currency the
   * store had before this update: when the update changes the currency, the value is carried over
   * as the same amount (1 cent, USD 0.01, becomes 10 fils, KWD 0.010), or refused when the new
   * currency has no whole number of minor units for it (5 cents in yen). The Settings screen
   * sends the currency it shows the value in.
   */
  loyaltyValueCurrency: currency.optional(),
})

export const settingsCommands = {
  'settings:get': command({ input: empty, output: settingsSchema, access: 'signedIn' }),
  /** What the settings screen must know beside the values: the currency is fixed once a sale exists. */
  'settings:locks': command({ input: empty, output: z.object({ currencyLocked: z.boolean() }), access: 'signedIn' }),
  'settings:update': command({ input: settingsUpdateSchema, output: settingsSchema, access: 'manage_settings' }),
}
