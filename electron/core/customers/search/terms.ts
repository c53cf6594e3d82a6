import { foldText } from '../fold'
import { parsePhone } from '../phone'

/** What a search asks for, token by token; every token must match. */
export interface SearchTerms {
  /** Three characters or more: found anywhere in a customer's search_text. */
  substrings: string[]
  /**
   * One or two characters: the start of the name, last name, nickname, email or username
   * (two letters: also of a later word of a name or nickname, "la" in "De La Cruz"), or
   * (digits, or "#" and a digit) a whole customer number. Too short to mean much anywhere else.
   */
  prefixes: string[]
}

export const SUBSTRING_MIN = 3

/** Only digits and what people put between them when they write a phone number. */
const PHONE_LIKE = /^\+?[\d\s().\-/]*\d[\d\s().\-/]*$/

/**
 * The digits of a phone typed any way: "(415) 555-2671", "415.555.2671" and "+1 415 555 2671"
 * all become digits that occur in the stored number's digits. A number dialled with an
 * international prefix (00, or 011 from North America) counts from its country code.
 */
function phoneDigits(typed: string, storeCountry: string): string {
  const digits = typed.replace(/\D/g, '')
  if (typed.startsWith('+')) return digits
  const international = parsePhone(typed, storeCountry)?.number.slice(1)
  if (international && digits.length > international.length && digits.endsWith(international)) return international
  return digits.startsWith('00') ? digits.slice(2) : digits
}

/** Length in characters as FTS5's trigram tokenizer counts them (code points), not UTF-16 units: "😀a" is two. */
const characters = (token: string) => [...token].length

function byLength(tokens: string[]): SearchTerms {
  const unique = [...new Set(tokens.filter(Boolean))]
  return {
    substrings: unique.filter((t) => characters(t) >= SUBSTRING_MIN),
    prefixes: unique.filter((t) => characters(t) < SUBSTRING_MIN),
  }
}

/** Reads the search box: a phone-like entry is one run of digits, anything else words folded like names. */
export function readSearchTerms(query: string, storeCountry: string): SearchTerms {
  const typed = query.trim()
  if (typed === '') return { substrings: [], prefixes: [] }
  if (PHONE_LIKE.test(typed)) return byLength([phoneDigits(typed, storeCountry)])
  return byLength(foldText(typed).split(/\s+/))
}

export function hasTerms(terms: SearchTerms): boolean {
  return terms.substrings.length + terms.prefixes.length > 0
}
