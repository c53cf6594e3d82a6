/**
 * How the values of an exported file are read: what exporters and spreadsheets add to them,
 * dates written many ways, names in one column, opt-in columns in their several dialects.
 */

/**
 * A value as typed: trimmed, and without the apostrophe exporters (Shopify, Excel's "text"
 * marker) put before ZIP codes, phones and numbers so a spreadsheet keeps their leading zeros.
 * An apostrophe inside a name (O'Brien) stays.
 */
export function cleanValue(raw: string): string {
  const value = raw.trim()
  if (value.length > 1 && value[0] === "'" && /^[0-9+=\-@(#]/.test(value[1])) return value.slice(1).trim()
  return value
}

const YES = new Set(['yes', 'y', 'true', '1', 'x', 'on', 'subscribed', 'opted in', 'optedin', 'opt in', 'opt-in', 'accepted', 'confirmed', 'active', 'ja', 'oui', 'si', 'sí'])
const NO = new Set(['no', 'n', 'false', '0', 'off', 'unsubscribed', 'not subscribed', 'never subscribed', 'opted out', 'optedout', 'opt out', 'opt-out', 'bounced', 'cleaned', 'pending', 'invalid', 'declined', 'nein', 'non'])

/** yes/no in the dialects exporters write; an empty cell is no. undefined: not understood. */
export function readYesNo(value: string): boolean | undefined {
  const v = value.toLowerCase()
  if (v === '') return false
  if (YES.has(v)) return true
  if (NO.has(v)) return false
  return undefined
}

const GENDERS: Record<string, string> = {
  f: 'female',
  female: 'female',
  woman: 'female',
  w: 'female',
  m: 'male',
  male: 'male',
  man: 'male',
  'non-binary': 'non_binary',
  nonbinary: 'non_binary',
  'non binary': 'non_binary',
  nb: 'non_binary',
  x: 'non_binary',
  other: 'other',
  o: 'other',
  'prefer not to say': 'prefer_not_to_say',
  undisclosed: 'prefer_not_to_say',
  unknown: '',
  u: '',
}

export function readGender(value: string, codes?: Record<string, string>): string | undefined {
  const v = value.toLowerCase()
  if (v === '') return ''
  return codes?.[v] ?? GENDERS[v] ?? GENDERS[v.replace(/_/g, ' ')]
}

/** Country names exports write instead of codes; two-letter codes pass as they are. */
const COUNTRIES: Record<string, string> = {
  'united states': 'US',
  'united states of america': 'US',
  usa: 'US',
  'u.s.a.': 'US',
  'u.s.': 'US',
  america: 'US',
  canada: 'CA',
  mexico: 'MX',
  'united kingdom': 'GB',
  uk: 'GB',
  'great britain': 'GB',
  england: 'GB',
  ireland: 'IE',
  france: 'FR',
  germany: 'DE',
  deutschland: 'DE',
  spain: 'ES',
  españa: 'ES',
  italy: 'IT',
  italia: 'IT',
  portugal: 'PT',
  netherlands: 'NL',
  belgium: 'BE',
  switzerland: 'CH',
  austria: 'AT',
  australia: 'AU',
  'new zealand': 'NZ',
  india: 'IN',
  brazil: 'BR',
  brasil: 'BR',
  argentina: 'AR',
  colombia: 'CO',
  chile: 'CL',
  peru: 'PE',
  philippines: 'PH',
  japan: 'JP',
  china: 'CN',
  'south africa': 'ZA',
  nigeria: 'NG',
  poland: 'PL',
  sweden: 'SE',
  norway: 'NO',
  denmark: 'DK',
  finland: 'FI',
  greece: 'GR',
  turkey: 'TR',
}

export function readCountry(value: string): string {
  if (/^[A-Za-z]{2}$/.test(value)) return value.toUpperCase()
  return COUNTRIES[value.toLowerCase()] ?? value
}

const SUFFIXES = new Set(['jr', 'jr.', 'sr', 'sr.', 'ii', 'iii', 'iv'])

/**
 * A full name in one column: "Last, First" when there is a comma, otherwise the last word is
 * the last name (a suffix such as Jr. stays with it) and the rest the first name.
 */
export function splitFullName(value: string): { firstName: string; lastName: string } {
  const comma = value.indexOf(',')
  if (comma > 0) {
    const last = value.slice(0, comma).trim()
    const first = value.slice(comma + 1).trim()
    if (first && !SUFFIXES.has(first.toLowerCase())) return { firstName: first, lastName: last }
  }
  const words = value.replace(/,/g, ' ').split(/\s+/).filter(Boolean)
  if (words.length <= 1) return { firstName: words[0] ?? '', lastName: '' }
  let lastStart = words.length - 1
  if (SUFFIXES.has(words[lastStart].toLowerCase()) && lastStart > 1) lastStart -= 1
  return { firstName: words.slice(0, lastStart).join(' '), lastName: words.slice(lastStart).join(' ') }
}

/**
 * A number of points as exports and spreadsheets write it: digits, maybe grouped by commas
 * ("1,250") or written with zero decimals ("1250.00", as a spreadsheet saves a number). What
 * else it is (a decimal, a minus sign, words) is left to the caller's rule as NaN, or as the
 * number itself when it is one (-5, 12.5), so the message says what is wrong with it.
 */
export function readPoints(value: string): number {
  const v = value.replace(/^\+/, '')
  if (/^\d{1,3}(,\d{3})+(\.0+)?$/.test(v)) return Number(v.replace(/,/g, ''))
  if (/^-?\d+(\.\d+)?$/.test(v)) return Number(v)
  return Number.NaN
}
