/**
 * How usernames and gift card numbers are compared: two values with the same key are the same
 * username or card, held by one customer (core/customers/claims.ts). Pure functions, here so
 * the core, main and the renderer all read a value the same way.
 *
 * Every store must compute the same key from the same value, whatever app version wrote it:
 * a change here changes who holds what, so it comes with a migration that re-keys the stored
 * claims (migrations/20261206100000_claim_keys.ts holds its own copy, as migrations never change).
 */

const PLAIN_ASCII = /^[\x00-\x7f]*$/

/**
 * Unicode compatibility form, case folded: full-width "ＡＢＣ１２３" is "abc123", a decomposed
 * "É" (E + accent) is the precomposed one, "STRASSE" is "straße". JavaScript has no case fold
 * of its own; upper then lower case gives the full folding ("ß" → "ss", "ﬃ" → "ffi") except for
 * the Greek final sigma, which lower case brings back and is folded by hand. NFKC again at the
 * end, because a case mapping may leave a letter and its accent apart.
 */
export function foldIdentifier(value: string): string {
  // Nearly every value is plain ASCII, where all of this is lower case.
  if (PLAIN_ASCII.test(value)) return value.toLowerCase()
  return value.normalize('NFKC').toUpperCase().toLowerCase().replace(/ς/g, 'σ').normalize('NFKC')
}

/**
 * What people put between the groups of a card number and a cashier does not type back the
 * same way: white space, every dash (and the minus sign, the soft hyphen), dots and middle
 * dots, bullets, underscores, slashes, and invisible joiners that come along with a paste.
 * Full-width forms are already plain ones after NFKC.
 */
const CARD_SEPARATORS = /[\s\p{Pd}\u2212\u00ad\u200b-\u200d\u2060\ufeff._·•‧∙⁃・/]/gu

/**
 * A gift card number's key: folded like a username, separators removed, so "1234 5678",
 * "1234-5678" and "１２３４．５６７８" are the card "12345678". A value made only of separators
 * keeps its folded form, so "--" and "." stay two values rather than one empty card.
 */
export function giftCardKey(value: string): string {
  const folded = foldIdentifier(value)
  return folded.replace(CARD_SEPARATORS, '') || folded
}

/**
 * A username's key: folded only. Dots, dashes and underscores are characters of a username
 * (the form takes letters, digits, ".", "-" and "_"), and "ana.g" and "anag" are two people's
 * logins, so they are kept; for every username the form accepts (plain ASCII) this is lower case.
 */
export const usernameKey = (value: string): string => foldIdentifier(value)
