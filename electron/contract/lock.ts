import { z } from 'zod'
import { lockedBySchema, sessionUserSchema } from './auth'
import { command } from './define'
import { empty } from './fields'

/** The store's screen-lock rule. */
export const lockPolicySchema = z.strictObject({
  /** Lock after this many minutes without a key press or a click; 0 never locks by itself. */
  idleMinutes: z
    .number({ message: 'Enter a number of minutes' })
    .int('Whole minutes only')
    .min(0, 'Cannot be negative')
    .max(240, 'At most 240 minutes'),
  /** The user who locked may unlock with their PIN, not only their password. */
  pinUnlock: z.boolean({ message: 'Choose yes or no' }),
})
export type LockPolicy = z.infer<typeof lockPolicySchema>

/** A new store's idle time, and the renderer's when it could not read the store's (lock:policy failed). */
export const DEFAULT_IDLE_MINUTES = 10
/** How often at most the renderer tells main the window is in use (lock:inUse). */
export const LOCK_IN_USE_EVERY_MS = 15_000

export const lockCommands = {
  /** Read by the renderer by itself (after sign-in and unlock): not use. */
  'lock:policy': command({ input: empty, output: lockPolicySchema, access: 'signedIn', activity: false }),
  'lock:setPolicy': command({ input: lockPolicySchema, output: lockPolicySchema, access: 'manage_settings' }),
  /**
   * Someone is using this window (a key press, a click, a mouse move), sent by the renderer at most
   * every LOCK_IN_USE_EVERY_MS while they do: main's idle time starts again, as the renderer's does,
   * so a long form typed or a long page read without a command is not locked under its user.
   * A session already idle past the store's time answers UNAUTHENTICATED like any other command.
   */
  'lock:inUse': command({ input: empty, output: z.object({}), access: 'signedIn' }),
  /**
   * Locks this window's session: until unlocked, it is signed out for every command. Answers who
   * locked (what auth:status would say next), from memory: the screen locks at once, while an
   * import's save holds the database too, with no read that would wait for that save to end.
   */
  'lock:engage': command({ input: empty, output: lockedBySchema, access: 'signedIn', fromMemory: true }),
  /**
   * The user who locked, with their password (or PIN, when the store allows it). Public: a
   * locked session has nobody signed in. Someone else signs in with auth:login instead, which
   * ends the first user's session in this window.
   */
  'lock:unlock': command({
    input: z.strictObject({
      secret: z.string({ message: 'Enter your password' }).min(1, 'Enter your password').max(200, 'At most 200 characters'),
    }),
    output: sessionUserSchema,
    access: 'public',
  }),
}
