import unhomoglyph from 'unhomoglyph'
import type { Knex } from 'knex'
import { fieldError } from '../errors'
import { listUsers } from './repo'

/**
 * Two staff names that read the same are one name: the approver list and the Users screen show
 * names only. Compared without case, compatibility forms (NFKC: a full-width "Ｏ") or runs of
 * spaces, and by their Unicode skeleton (UTS #39, the confusables table, through `unhomoglyph`),
 * so "Оlivia Owner" with a Cyrillic О, or a Greek Ο, cannot pass for "Olivia Owner".
 * (Invisible characters are refused by the contract already.)
 *
 * Two keys, because case and look-alikes cross: lower case first makes "OLIVIA" "olivia"
 * before the skeleton (which keeps case), and the skeleton of the name as typed makes a capital
 * I the look-alike of a small l ("Ivan", "lvan"), which lower case first would tell apart.
 * The skeletons are for comparing only, never shown ("m" becomes "rn").
 */
const spaced = (text: string) => text.replace(/\s+/g, ' ').trim()
const lower = (text: string) => text.toLocaleLowerCase('en')
const skeleton = (text: string) => spaced(unhomoglyph(text.normalize('NFD')).normalize('NFD'))

export function displayNameKeys(name: string): [string, string] {
  const typed = spaced(name.normalize('NFKC'))
  return [lower(skeleton(lower(typed))), lower(skeleton(typed))]
}

/** Whether two names read the same (see above). */
export function sameDisplayName(a: string, b: string): boolean {
  const [x, y] = [displayNameKeys(a), displayNameKeys(b)]
  return x[0] === y[0] || x[1] === y[1]
}

/** Refuses a name another user already has, or one that only looks like it, saying which. */
export async function guardDisplayName(db: Knex, displayName: string, userId: string | null): Promise<void> {
  const taken = (await listUsers(db)).find((u) => u.id !== userId && sameDisplayName(u.display_name, displayName))
  if (!taken) return
  const plainly = lower(spaced(taken.display_name.normalize('NFKC'))) === lower(spaced(displayName.normalize('NFKC')))
  throw fieldError(
    'displayName',
    plainly
      ? 'Another user already has this name: add an initial or a surname'
      : `This name looks the same as another user’s, “${taken.display_name}” (a letter that looks alike, perhaps from another alphabet): add an initial or a surname`,
    'CONFLICT',
  )
}
