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
}

export function command<I extends z.ZodType, O extends z.ZodType>(spec: CommandSpec<I, O>): CommandSpec<I, O> {
  return spec
}
