import { parsePhoneNumberFromString, type CountryCode, type PhoneNumber } from 'libphonenumber-js'

/** A phone number as typed, read with the store's country when it has no "+" prefix. */
export function parsePhone(typed: string, storeCountry: string): PhoneNumber | null {
  const number = parsePhoneNumberFromString(typed, { defaultCountry: storeCountry as CountryCode, extract: false })
  return number?.isValid() ? number : null
}

/** A stored (E.164) number read back. */
export function parseStoredPhone(e164: string): PhoneNumber | null {
  return parsePhoneNumberFromString(e164, { extract: false }) ?? null
}

/** As the store would write it: national format at home, international for other countries. */
function formatWithLibrary(e164: string, storeCountry: string): string {
  const number = parseStoredPhone(e164)
  if (!number) return e164
  return number.country === storeCountry ? number.formatNational() : number.formatInternational()
}

/**
 * A formatted number with the digits it shares with the end of the E.164 number turned into
 * slots ('#'), e.g. "(###) ###-####" or "0#### ######"; null when it shares none.
 */
function templateOf(formatted: string, e164Digits: string): string | null {
  const out = formatted.replace(/\D/g, '')
  let shared = 0
  while (shared < out.length && out[out.length - 1 - shared] === e164Digits[e164Digits.length - 1 - shared]) shared++
  if (shared === 0) return null
  let slotsLeft = shared
  const chars = [...formatted]
  for (let i = chars.length - 1; i >= 0 && slotsLeft > 0; i--) {
    if (/\d/.test(chars[i])) {
      chars[i] = '#'
      slotsLeft--
    }
  }
  return chars.join('')
}

const MAX_TEMPLATES = 10_000

/** A template cut into its text and its runs of slots: "(###) ###-####" is ["(", 3, ") ", 3, "-", 4]. */
interface Template {
  parts: (string | number)[]
  slots: number
}

function compile(template: string): Template {
  const parts = template.match(/#+|[^#]+/g) ?? []
  return {
    parts: parts.map((part) => (part[0] === '#' ? part.length : part)),
    slots: parts.reduce((n, part) => n + (part[0] === '#' ? part.length : 0), 0),
  }
}

const templates = new Map<string, Template | null>()

/**
 * As the store would write it: national format at home, international for other countries.
 * libphonenumber picks a format by country and leading digits, and formatting is slow (about
 * 40 µs, two milliseconds for a page of fifty). So the first number of each kind (same first
 * digits, same length) is formatted by it and kept as a template the others fill in.
 */
export function formatPhone(e164: string, storeCountry: string): string {
  const key = `${storeCountry}${e164.slice(0, 6)}:${e164.length}`
  const digits = e164.slice(1)
  let template = templates.get(key)
  if (template === undefined) {
    if (templates.size >= MAX_TEMPLATES) templates.clear()
    const text = templateOf(formatWithLibrary(e164, storeCountry), digits)
    template = text === null ? null : compile(text)
    templates.set(key, template)
  }
  if (!template) return formatWithLibrary(e164, storeCountry)
  let next = digits.length - template.slots
  let out = ''
  for (const part of template.parts) {
    if (typeof part === 'string') out += part
    else out += digits.slice(next, (next += part))
  }
  return out
}

const trunkPrefixes = new Map<string, string>()

/**
 * What is dialled before a national number at home ("0" in Britain, nothing in the US),
 * learnt from libphonenumber's national format once per country and leading digits:
 * formatting is its slowest step, and an import reads a million numbers.
 */
function trunkPrefix(number: PhoneNumber): string {
  // Keyed by calling code, not country: `number.country` is a getter that tests every NANP country for +1.
  const key = `${number.countryCallingCode}:${number.nationalNumber.slice(0, 3)}`
  let prefix = trunkPrefixes.get(key)
  if (prefix === undefined) {
    const national = number.formatNational().replace(/\D/g, '')
    prefix = national.endsWith(number.nationalNumber) ? national.slice(0, national.length - number.nationalNumber.length) : ''
    trunkPrefixes.set(key, prefix)
  }
  return prefix
}

/**
 * The digit strings a partial phone search is matched against: the international number
 * without "+" ("447400123456") and the national one as dialled at home ("07400123456"), so
 * the digits match however they are typed. The second is left out when the first contains it.
 */
export function phoneDigitVariants(number: PhoneNumber): string[] {
  const international = number.number.slice(1)
  const national = trunkPrefix(number) + number.nationalNumber
  return international.includes(national) ? [international] : [international, national]
}
