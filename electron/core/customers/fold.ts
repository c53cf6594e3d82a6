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
 * Lower case without accents ("Zoë Łukasz" → "zoe lukasz"): how names are stored for search
 * and sorting, and how a search is read, so "zoe" finds "Zoë" and "ZOË" alike.
 */
export function foldText(value: string): string {
  // Most of what is folded (emails, usernames, many names) is plain ASCII: skip the Unicode work.
  if (PLAIN_ASCII.test(value)) return value.toLowerCase()
  return value
    .toLowerCase()
    .normalize('NFKD')
    .replace(/\p{M}+/gu, '')
    .replace(SPELLED_OUT_PATTERN, (letter) => SPELLED_OUT[letter])
}
