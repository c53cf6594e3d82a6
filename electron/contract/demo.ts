import { z } from 'zod'
import { command } from './define'
import { empty } from './fields'

export const demoCommands = {
  /**
   * Fills a store that has no customers yet with demo customers, receipts over the past
   * year, loyalty points and feedback, in one transaction. CONFLICT when customers exist.
   */
  'demo:fill': command({
    input: empty,
    output: z.object({
      customers: z.number().int(),
      receipts: z.number().int(),
      loyaltyEntries: z.number().int(),
      feedback: z.number().int(),
    }),
    access: 'manage_settings',
  }),
}
