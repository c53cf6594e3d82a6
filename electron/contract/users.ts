import { z } from 'zod'
import { command } from './define'
import { empty, id, password, pin, text, username } from './fields'
import { PERMISSIONS, ROLES } from './permissions'

/** Per-user exceptions to the role's defaults: true grants, false withholds. */
export const permissionOverridesSchema = z.partialRecord(z.enum(PERMISSIONS), z.boolean())
export type PermissionOverrides = z.infer<typeof permissionOverridesSchema>

export const userSchema = z.object({
  id,
  username: z.string(),
  displayName: z.string(),
  role: z.enum(ROLES),
  active: z.boolean(),
  permissionOverrides: permissionOverridesSchema,
  permissions: z.array(z.enum(PERMISSIONS)),
  createdAt: z.string(),
  /**
   * When sync kept this user an owner because otherwise no active owner would have remained
   * (two stores removed the last owners while apart: core/users/keep-owner.ts); null otherwise,
   * and again once their role or status is changed after it.
   */
  keptAsOwnerAt: z.string().nullable(),
})
export type User = z.infer<typeof userSchema>

/**
 * A row of Users & permissions: the user, and what the signed-in user may do to their account,
 * by main's rules (core/users/acting.ts), so the screen offers only what the commands would do.
 */
export const listedUserSchema = userSchema.extend({
  /** *Edit* (name; role and permissions as far as the user's own permissions reach). */
  canEdit: z.boolean(),
  /** *Reset password* and *Reset PIN*; never on your own row (My account changes yours, with your current password). */
  canReset: z.boolean(),
  /** *Deactivate*, or *Reactivate* for an inactive user. */
  canSetActive: z.boolean(),
  /** Why the row offers less ("Only an owner can change an owner"); null when it offers all. */
  cannotBecause: z.string().nullable(),
})
export type ListedUser = z.infer<typeof listedUserSchema>

export const createUserInputSchema = z.strictObject({
  username,
  displayName: text('Name', 120, 1),
  role: z.enum(ROLES, { message: 'Choose a role' }),
  password,
  pin,
  permissionOverrides: permissionOverridesSchema.default({}),
})

export const updateUserInputSchema = z.strictObject({
  id,
  displayName: text('Name', 120, 1).optional(),
  role: z.enum(ROLES, { message: 'Choose a role' }).optional(),
  permissionOverrides: permissionOverridesSchema.optional(),
})

/** What stays with a user when they are deactivated, until someone reassigns it (counted across the stores this one knows). */
export const assignedWorkSchema = z.object({
  openDeals: z.number().int().min(0),
  /** Scheduled with them from the store's today on. */
  upcomingAppointments: z.number().int().min(0),
  /** Active customers they are one of the assigned staff of. */
  assignedCustomers: z.number().int().min(0),
})
export type AssignedWork = z.infer<typeof assignedWorkSchema>

export const usersCommands = {
  'users:list': command({ input: empty, output: z.array(listedUserSchema), access: 'manage_users' }),
  // Once-only by nature: a second create with the same username is refused as taken.
  'users:create': command({ input: createUserInputSchema, output: userSchema, access: 'manage_users' }),
  'users:update': command({ input: updateUserInputSchema, output: userSchema, access: 'manage_users' }),
  'users:resetPassword': command({
    input: z.strictObject({ id, password }),
    output: z.object({}),
    access: 'manage_users',
  }),
  'users:resetPin': command({ input: z.strictObject({ id, pin }), output: z.object({}), access: 'manage_users' }),
  'users:assignedWork': command({ input: z.strictObject({ id }), output: assignedWorkSchema, access: 'manage_users' }),
  'users:setActive': command({
    input: z.strictObject({ id, active: z.boolean() }),
    output: userSchema,
    access: 'manage_users',
  }),
}
