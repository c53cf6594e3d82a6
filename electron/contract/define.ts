import type { z } from 'zod'
import type { Permission } from './permissions'

/**
 * Who may run a command: anyone (before login), any signed-in user, or a signed-in user
 * holding one permission. The core enforces it; the renderer only uses it to hide things.
 */
export type Access = 'public' | 'signedIn' | Permission

export interface CommandSpec<I extends z.ZodType = z.ZodType, O extends z.ZodType = z.ZodType> {
  input: I
  output: O
  access: Access
  /**
   * Whether it counts as someone using the app, for main's idle lock (default yes). No for what
   * the renderer asks by itself, on a timer or to learn where it stands: a screen that polls must
   * not keep a session nobody uses unlocked (the list is in README, Lock).
   */
  activity?: boolean
  /**
   * Answers from main's memory (an import's status or its Cancel), never from the database beyond
   * the signed-in user: while a long transaction (an import's save) holds the one connection, its
   * permission check may use the user as committed when that transaction began (ReadCache.during)
   * instead of waiting for the connection. Every other command waits and reads the database's
   * token, so a revocation queued behind the save takes effect before it runs.
   */
  fromMemory?: boolean
}

export function command<I extends z.ZodType, O extends z.ZodType>(spec: CommandSpec<I, O>): CommandSpec<I, O> {
  return spec
}
