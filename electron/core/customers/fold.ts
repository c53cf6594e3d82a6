/**
 * Letters that Unicode does not decompose into a base letter plus an accent, written as the
 * Latin letters people type for them on a keyboard without those keys.
 */
const SPELLED_OUT: Record<string, string> = {
  ß: 'ss',
  æ: 'ae',
  œ: 'oe',
  ø: 'o',
  ł: 'l',
  đ: 'd',
  ð: 'd',
  þ: 'th',
  ı: 'i',
}
const PLAIN_ASCII = /^[\x00-\x7f]*$/
const SPELLED_OUT_PATTERN = new RegExp(`[${Object.keys(SPELLED_OUT).join('')}]`, 'g')
/**
 * Apostrophes, typed (') or typographic (’ ‘ ʼ, as phones, Macs and spreadsheets write them):
 * left out, so "obrien", "o'brien" and "O’Brien" are one name. Migration
 * 20261212100000_fold_apostrophes takes them out of the names folded before.
 */
export const APOSTROPHES = ["'", '\u2019', '\u2018', '\u02bc'] as const
const APOSTROPHE_PATTERN = new RegExp(`[${APOSTROPHES.join('')}]`, 'g')

/**
 * Lower case without accents or apostrophes ("Zoë Łukasz" → "zoe lukasz", "O’Brien" →
 * "obrien"): how names are stored for search and sorting, and how a search is read, so "zoe"
 * finds "Zoë" and "ZOË" alike.
 */
export function foldText(value: string): string {
  // Most of what is folded (emails, usernames, many names) is plain ASCII: skip the Unicode work.
  if (PLAIN_ASCII.test(value)) return value.toLowerCase().replace(APOSTROPHE_PATTERN, '')
  return value
    .toLowerCase()
    .normalize('NFKD')
    .replace(/\p{M}+/gu, '')
    .replace(SPELLED_OUT_PATTERN, (letter) => SPELLED_OUT[letter])
    .replace(APOSTROPHE_PATTERN, '')
}
