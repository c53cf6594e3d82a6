import { z } from 'zod'
import { customerFieldsSchema, MAX_ASSIGNED_STAFF } from './customers'
import { command } from './define'
import { cursor, id } from './fields'

/** Why two customers look like the same person (PRODUCT §1.14). */
export const DUPLICATE_REASONS = ['phone', 'email', 'nameBirth'] as const
export type DuplicateReason = (typeof DUPLICATE_REASONS)[number]

export const DUPLICATE_REASON_LABELS: Record<DuplicateReason, string> = {
  phone: 'Same phone',
  email: 'Same email',
  nameBirth: 'Same name and date of birth',
}

/** A customer as a duplicate warning or the Possible duplicates list names them. */
export const duplicateCustomerSchema = z.object({
  id,
  customerNumber: z.string(),
  name: z.string(),
  phone: z.string().nullable(),
  email: z.string().nullable(),
  dateOfBirth: z.string().nullable(),
  active: z.boolean(),
  /** Shown in red with a flag (PRODUCT §2.3): a banned customer is the one a duplicate warning must not hide. */
  flagged: z.boolean(),
  flagReason: z.string().nullable(),
})
export type DuplicateCustomer = z.infer<typeof duplicateCustomerSchema>

/**
 * The fields a merge lets the user choose per field: keep the survivor's value or take the
 * merged customer's. Lists (stores, staff) are joined; notes are not chosen but joined
 * (mergedNotes); the username stays the survivor's (or moves to it when it has none); history
 * always moves.
 */
export const MERGE_FIELDS = [
  'photo',
  'firstName',
  'lastName',
  'nickname',
  'phone',
  'smsOptIn',
  'email',
  'emailOptIn',
  'gender',
  'dateOfBirth',
  'nationality',
  'anniversary',
  'gateCode',
  'idNumber',
  'customerType',
  'loyaltyEnrolled',
  'giftCardNumber',
  'addressLine1',
  'addressLine2',
  'city',
  'state',
  'zip',
  'country',
  'driversLicenseNumber',
  'driversLicenseState',
  'driversLicenseExpiry',
  'medicalNumber',
  'medicalExpiry',
] as const satisfies readonly (keyof typeof customerFieldsSchema.shape)[]
export type MergeField = (typeof MERGE_FIELDS)[number]

/**
 * The notes a merge leaves on the survivor: its own, then the merged customer's after a blank
 * line, so nothing either customer's notes said is lost. One of them alone when the other is
 * empty or already there as whole paragraphs (merging the same notes twice adds nothing). The
 * core refuses the merge when the result is longer than MAX_NOTES_LENGTH; the merge screen
 * says so before it is asked.
 */
export function mergedNotes(survivor: string | null, merged: string | null): string {
  const own = (survivor ?? '').trim()
  const other = (merged ?? '').trim()
  if (other === '' || `\n\n${own}\n\n`.includes(`\n\n${other}\n\n`)) return survivor ?? ''
  if (own === '') return merged ?? ''
  return `${own}\n\n${other}`
}

/**
 * The staff both customers have assigned, the survivor's first, each once. More than
 * MAX_ASSIGNED_STAFF of them: the merge needs the user's choice of whom to keep.
 */
export function joinedStaff(survivor: readonly string[], merged: readonly string[]): string[] {
  return [...new Set([...survivor, ...merged])]
}

const side = z.enum(['survivor', 'merged'])

export const duplicatesCommands = {
  /**
   * The customers a form's values would duplicate, named before saving: same phone, same
   * email, or same name and date of birth. `id` leaves out the customer being edited.
   */
  'duplicates:check': command({
    input: customerFieldsSchema
      .pick({ firstName: true, lastName: true, phone: true, email: true, dateOfBirth: true })
      .partial({ firstName: true })
      .extend({ id: id.optional() }),
    output: z.array(duplicateCustomerSchema.extend({ reasons: z.array(z.enum(DUPLICATE_REASONS)) })),
    access: 'signedIn',
  }),
  /** Possible duplicates over the whole database, as pairs, keyset-paged (same phone, then email, then name and birth date). */
  'duplicates:list': command({
    input: z.strictObject({ after: cursor, limit: z.number().int().min(1).max(100).default(25) }),
    output: z.object({
      pairs: z.array(z.object({ reason: z.enum(DUPLICATE_REASONS), a: duplicateCustomerSchema, b: duplicateCustomerSchema })),
      nextCursor: z.string().nullable(),
    }),
    access: 'signedIn',
  }),
  /**
   * Merges `mergedId` into `survivorId`: the survivor takes the chosen values, both customers'
   * notes (mergedNotes), stores and assigned staff, and every receipt, point, flag event,
   * feedback, visit, deal, appointment and change of the other, which becomes a tombstone
   * pointing at it. `assignedStaffIds` is whom to keep assigned, from the staff of both: needed
   * when together they have more than MAX_ASSIGNED_STAFF (refused without it, naming them).
   * Refused when the joined notes would be too long. Answers the survivor's id.
   */
  'duplicates:merge': command({
    input: z
      .strictObject({
        survivorId: id,
        mergedId: id,
        keep: z.partialRecord(z.enum(MERGE_FIELDS), side).default({}),
        assignedStaffIds: z.array(id).max(MAX_ASSIGNED_STAFF, 'At most two assigned staff').optional(),
      })
      .refine((v) => v.survivorId !== v.mergedId, { path: ['mergedId'], message: 'Choose two different customers' }),
    output: z.object({ survivorId: id }),
    access: 'merge_customers',
  }),
}
