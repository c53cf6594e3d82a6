import { z } from 'zod'
import { command } from './define'
import { empty, id, requestId, text } from './fields'

/** A tax rate in percent with at most three decimals (8.875 %); the core keeps it as an integer. */
export const ratePercent = z
  .number({ message: 'Enter a rate in percent' })
  .min(0, 'Cannot be negative')
  .max(100, 'At most 100 %')
  .refine((v) => Math.abs(v * 1000 - Math.round(v * 1000)) < 1e-6, 'At most three decimals')

export const taxRateSchema = z.object({
  id,
  name: z.string(),
  ratePercent: z.number(),
  /** Inactive rates stay on old receipts but are not offered for new sales. */
  active: z.boolean(),
})
export type TaxRate = z.infer<typeof taxRateSchema>

export const taxRatesCommands = {
  /** Every rate, active first; the New Sale screen offers the active ones. */
  'taxRates:list': command({ input: empty, output: z.array(taxRateSchema), access: 'signedIn' }),
  /**
   * Creates a rate (no id) or changes one; receipts keep the name and rate they were sold with.
   * A new rate sent again with the same `requestId` and input: the first answer, and no second
   * rate (an active one's repeat was refused as a name already taken, a switched-off one's made
   * two). A change sent twice is the same change: its `requestId` is not needed, and not kept.
   */
  'taxRates:save': command({
    input: z.strictObject({
      id: id.nullable().default(null),
      name: text('Name', 60, 1),
      ratePercent,
      active: z.boolean().default(true),
      requestId,
    }),
    output: taxRateSchema,
    access: 'manage_settings',
  }),
}
