import { z } from 'zod'
import { command } from './define'
import { countryCode, currency, empty, text, timeZone } from './fields'

export const settingsSchema = z.strictObject({
  storeName: text('Store name', 120, 1),
  currency,
  timeZone,
  /** Phones typed without a country code are read as numbers of this country. */
  country: countryCode,
  medicalShop: z.boolean(),
  /** Points a customer earns for each whole unit of currency spent. */
  loyaltyPointsPerUnit: z
    .number({ message: 'Enter a number' })
    .min(0, 'Cannot be negative')
    .max(1000, 'At most 1000 points per unit'),
  /** What one point is worth, in minor units (cents). */
  loyaltyValuePerPointMinor: z
    .number({ message: 'Enter a number' })
    .int('Whole cents only')
    .min(0, 'Cannot be negative')
    .max(100000, 'At most 100000'),
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
})
export type Settings = z.infer<typeof settingsSchema>

export const settingsCommands = {
  'settings:get': command({ input: empty, output: settingsSchema, access: 'signedIn' }),
  'settings:update': command({ input: settingsSchema, output: settingsSchema, access: 'manage_settings' }),
}
