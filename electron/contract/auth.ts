import { z } from 'zod'
import { command } from './define'
import { countryCode, currency, empty, locale, password, pin, text, timeZone, username, id } from './fields'
import { PERMISSIONS, ROLES } from './permissions'

export const sessionUserSchema = z.object({
  id,
  username: z.string(),
  displayName: z.string(),
  role: z.enum(ROLES),
  permissions: z.array(z.enum(PERMISSIONS)),
})
export type SessionUser = z.infer<typeof sessionUserSchema>

export const setupInputSchema = z.strictObject({
  store: z.strictObject({
    name: text('Store name', 120, 1),
    currency,
    timeZone,
    /** Decides how phones typed without a country code are read; Settings can change it. */
    country: countryCode.default('US'),
    locale: locale.default('en-US'),
  }),
  owner: z.strictObject({
    username,
    displayName: text('Name', 120, 1),
    password,
    pin,
  }),
})

export const loginInputSchema = z.strictObject({
  username: z.string().trim().min(1, 'Username is required').max(40, 'Username is at most 40 characters'),
  password: z.string().min(1, 'Password is required').max(200, 'Password is at most 200 characters'),
})

/**
 * The signed-in user's own password, typed again before they change their password or PIN: a
 * screen left signed in must not let a passer-by take the account over. Checked like a sign-in.
 */
const currentPassword = z
  .string({ message: 'Current password must be text' })
  .min(1, 'Enter your current password')
  .max(200, 'Password is at most 200 characters')

export const changePasswordInputSchema = z.strictObject({ currentPassword, newPassword: password })
export const changePinInputSchema = z.strictObject({ currentPassword, newPin: pin })

/** An owner's recovery key, as typed: 24 characters in groups (core/auth/recovery-key.ts), with room for spaces. */
const recoveryKey = z
  .string({ message: 'Recovery key must be text' })
  .trim()
  .min(1, 'Enter the recovery key')
  .max(80, 'A recovery key is at most 80 characters')

export const newRecoveryKeyInputSchema = z.strictObject({ currentPassword })
export const recoverInputSchema = z.strictObject({ username: loginInputSchema.shape.username, recoveryKey, newPassword: password })
/** A recovery key just made, in groups of four: answered once, to be written down, never again. */
const madeRecoveryKey = z.string()

/** Who locked a window: the lock screen's name, and whether their PIN unlocks it. */
export const lockedBySchema = z.object({ username: z.string(), displayName: z.string(), pinUnlock: z.boolean() })

export const authCommands = {
  'auth:status': command({
    input: empty,
    output: z.object({
      needsSetup: z.boolean(),
      user: sessionUserSchema.nullable(),
      /** This window is locked by this user (user is then null). */
      locked: lockedBySchema.nullable(),
    }),
    access: 'public',
    // The renderer asks it by itself (at start, after locking, when a command was refused): not use.
    activity: false,
    // Read through the read cache: it answers while an import's save holds the database, so a
    // screen locked by idle time meanwhile shows its lock at once (core/lock/service.ts, lockedBy).
    fromMemory: true,
  }),
  // The owner's recovery key comes with the answer, this once (core/auth/recovery.ts).
  'auth:setup': command({ input: setupInputSchema, output: sessionUserSchema.extend({ recoveryKey: madeRecoveryKey }), access: 'public' }),
  'auth:login': command({ input: loginInputSchema, output: sessionUserSchema, access: 'public' }),
  'auth:logout': command({ input: empty, output: z.object({}), access: 'signedIn' }),
  // Each acts on the signed-in user only: no id, so no one else's account can be named.
  'auth:changePassword': command({ input: changePasswordInputSchema, output: z.object({}), access: 'signedIn' }),
  'auth:changePin': command({ input: changePinInputSchema, output: z.object({}), access: 'signedIn' }),
  // An owner's recovery key (core/auth/recovery.ts): owners only, refused to anyone else.
  'auth:recoveryStatus': command({ input: empty, output: z.object({ hasKey: z.boolean(), madeAt: z.string().nullable() }), access: 'signedIn' }),
  'auth:newRecoveryKey': command({
    input: newRecoveryKeyInputSchema,
    output: z.object({ recoveryKey: madeRecoveryKey, madeAt: z.string() }),
    access: 'signedIn',
  }),
  // Before sign-in, as auth:login: the owner who forgot their password sets a new one.
  'auth:recover': command({
    input: recoverInputSchema,
    output: z.object({ user: sessionUserSchema, recoveryKey: madeRecoveryKey }),
    access: 'public',
  }),
}
