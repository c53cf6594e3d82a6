import { text, username } from '../../contract/fields'
import type { ConflictKind } from '../../contract/conflicts'
import { fieldError } from '../errors'

/** The customer form's rules for each kind of value (electron/contract/customers.ts). */
const RULES = { username, gift_card: text('Gift card number', 40) } as const

/** The new value typed for the customer who lost: null leaves them without one. */
export function readNewValue(kind: ConflictKind, typed: string): string | null {
  if (typed.trim() === '') return null
  const parsed = RULES[kind].safeParse(typed)
  if (!parsed.success) throw fieldError('value', parsed.error.issues[0]?.message ?? 'Not a valid value')
  return parsed.data
}
