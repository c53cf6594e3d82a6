import { z } from 'zod'
import { command } from './define'
import { empty, id } from './fields'

/**
 * Sync conflicts (issue 10): a username or gift card number that two stores gave to two
 * different customers while offline. Every store settles it the same way (the earliest write
 * keeps the value, see electron/core/customers/claims.ts); these commands list what is left for
 * staff and let them give the other customer a new value, or none.
 */
export const CONFLICT_KINDS = ['username', 'gift_card'] as const
export type ConflictKind = (typeof CONFLICT_KINDS)[number]

export const CONFLICT_KIND_LABELS: Record<ConflictKind, string> = { username: 'Username', gift_card: 'Gift card number' }

/** One of the two customers of a conflict. */
export const conflictPartySchema = z.object({
  customerId: z.string(),
  name: z.string(),
  customerNumber: z.number(),
  /** Shown in red with a flag and its reason (PRODUCT §2.3). */
  flagged: z.boolean(),
  flagReason: z.string().nullable(),
  /** The store that gave this customer the value (the store of the write), when known. */
  storeName: z.string().nullable(),
  /** When that store gave it (the write's wall time), when known. */
  givenAt: z.string().nullable(),
})
export type ConflictParty = z.infer<typeof conflictPartySchema>

export const conflictSchema = z.object({
  id: z.string(),
  kind: z.enum(CONFLICT_KINDS),
  /** The value both were given, as the customer who keeps it has it. */
  value: z.string(),
  /** Keeps the value: the earliest write. */
  holder: conflictPartySchema,
  /** Shows no value until someone resolves the conflict. */
  other: conflictPartySchema,
  createdAt: z.string(),
})
export type Conflict = z.infer<typeof conflictSchema>

export const conflictsCommands = {
  /** Open conflicts, oldest first. */
  'conflicts:list': command({ input: empty, output: z.object({ conflicts: z.array(conflictSchema) }), access: 'resolve_conflicts' }),
  /**
   * How many are open: the app frame's status shows it to everyone signed in. Polled with
   * hub:status (the frame's sync panel, every few seconds): not use.
   */
  'conflicts:count': command({ input: empty, output: z.object({ open: z.number() }), access: 'signedIn', activity: false }),
  /**
   * Gives the customer who lost a new value ('' leaves them without one). The value is checked
   * like the customer form checks it; the write is an ordinary synced change of that customer,
   * so the conflict leaves the list at every store when it arrives there.
   */
  'conflicts:resolve': command({
    input: z.strictObject({
      id,
      value: z.string({ message: 'The new value must be text' }).max(40, 'At most 40 characters'),
    }),
    output: z.object({ customerId: z.string(), value: z.string().nullable() }),
    access: 'resolve_conflicts',
  }),
}
