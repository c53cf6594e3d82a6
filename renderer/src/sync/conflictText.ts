import { CONFLICT_KIND_LABELS, type Conflict, type ConflictParty } from '@contract/conflicts'
import { formatDateTime } from '@/ui/format/dates'

/** "username", "gift card number": the kind in a sentence. */
export const kindInSentence = (conflict: Pick<Conflict, 'kind'>) => CONFLICT_KIND_LABELS[conflict.kind].toLowerCase()

/** "at Corner Shop on 12/2/2026, 3:12 PM": where and when a customer was given the value, as far as known. */
export function givenWhere(party: ConflictParty): string {
  const where = party.storeName ? `at ${party.storeName}` : ''
  const when = party.givenAt ? `on ${formatDateTime(party.givenAt)}` : ''
  return [where, when].filter(Boolean).join(' ')
}

/** A party as CustomerName shows a name: red with a flag (and its reason) when flagged. */
export const namedParty = (party: ConflictParty) => ({ firstName: party.name, flagged: party.flagged, flagReason: party.flagReason })
