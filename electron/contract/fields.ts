import { isSupportedCountry } from 'libphonenumber-js'
import { z } from 'zod'
import { isKnownTimeZone, isOfferedLocale, isOfferedTimeZone, listedTimeZone } from './regional'

/** Building blocks for command schemas: every string has a length limit, every id is a UUID. */
export const id = z.uuid({ message: 'Not a valid id' })

/**
 * On commands that add a row each time they run: made by the renderer once per filled-in form
 * (a new one after each success). The same request sent again with it, within a minute, gets
 * the first answer instead of adding a second row (core/repeated-requests.ts).
 */
export const requestId = id.optional()

/**
 * Characters no one types into a field on purpose, which make two values that look the same
 * differ (a zero-width space after a name) or turn text around (a right-to-left override):
 * control and format characters, lone surrogate halves and non-characters. Zero-width
 * (non-)joiners and tag characters stay: emoji sequences and some scripts need them. Line
 * breaks and tabs are control characters too; multi-line fields allow those.
 */
const INVISIBLE = /(?![\u200c\u200d\u{e0020}-\u{e007f}])[\p{Cc}\p{Cf}\p{Cs}\u2028\u2029\ufffe\uffff]/u
const INVISIBLE_SAVE_LINES = /(?![\u200c\u200d\u{e0020}-\u{e007f}\n\r\t])[\p{Cc}\p{Cf}\p{Cs}\u2028\u2029\ufffe\uffff]/u

/** True when `value` has none of the characters above (`\p{Cs}` catches a lone surrogate half). */
export function isTypeable(value: string, { multiline = false } = {}): boolean {
  return !(multiline ? INVISIBLE_SAVE_LINES : INVISIBLE).test(value)
}

export interface TextRules {
  min?: number
  /** Line breaks and tabs allowed (notes, comments). */
  multiline?: boolean
}

/** Free text a person types: trimmed, at most `max` characters, nothing invisible in it. */
export function text(label: string, max: number, rules: number | TextRules = {}) {
  const { min = 0, multiline = false } = typeof rules === 'number' ? { min: rules } : rules
  const sized = z.string({ message: `${label} must be text` }).trim().max(max, `${label} is at most ${max} characters`)
  const required = min > 0 ? sized.min(min, min === 1 ? `${label} is required` : `${label} needs at least ${min} characters`) : sized
  return required.refine((v) => isTypeable(v, { multiline }), `${label} contains invisible or control characters`)
}

/** An opaque keyset cursor from a previous page (base64url), never an offset. */
export const cursor = z
  .string()
  .max(1000, 'This page link is no longer valid; start from the first page')
  .regex(/^[A-Za-z0-9_-]*$/, 'This page link is no longer valid; start from the first page')
  .nullable()
  .default(null)

export const username = z
  .string({ message: 'Username must be text' })
  .trim()
  .min(3, 'Username needs at least 3 characters')
  .max(40, 'Username is at most 40 characters')
  .regex(/^[A-Za-z0-9._-]+$/, 'Use letters, digits, dot, dash or underscore')

export const password = z
  .string({ message: 'Password must be text' })
  .min(8, 'Password needs at least 8 characters')
  .max(200, 'Password is at most 200 characters')

export const pin = z.string({ message: 'PIN must be text' }).max(8, 'PIN is 4 to 8 digits').regex(/^\d{4,8}$/, 'PIN is 4 to 8 digits')

/**
 * A time zone the screens offer, by the name their list shows. Another name Intl reads
 * ("US/Eastern", "utc") is refused with the listed one to choose instead.
 */
export const timeZone = z
  .string({ message: 'Choose a time zone' })
  .max(64, 'Choose a time zone from the list')
  .superRefine((zone, ctx) => {
    if (isOfferedTimeZone(zone)) return
    const listed = listedTimeZone(zone)
    ctx.addIssue({
      code: 'custom',
      message: listed ? `Choose ${listed} from the list (“${zone}” is another name for it)` : 'Choose a time zone from the list, such as America/New_York',
    })
  })

/**
 * A time zone as a store's row may hold it: older versions took any name Intl knew, and another
 * store still on one may sync such a name. Reading one never fails; saving one is `timeZone`.
 */
export const storedTimeZone = z.string().max(64).refine(isKnownTimeZone, 'Not a known time zone')

export const currency = z
  .string()
  .max(3, 'Use a three-letter currency code such as USD')
  .regex(/^[A-Z]{3}$/, 'Use a three-letter currency code such as USD')
  .refine((code) => Intl.supportedValuesOf('currency').includes(code), 'Not a known currency code')

/** A country libphonenumber knows, so a phone typed without "+" can be read as one of its numbers. */
export const countryCode = z
  .string({ message: 'Country must be text' })
  .max(2, 'Use a two-letter country code such as US')
  .regex(/^[A-Z]{2}$/, 'Use a two-letter country code such as US')
  .refine((code): boolean => isSupportedCountry(code), 'Not a known country code')

/**
 * How the store writes dates and numbers: one of the language and region tags the screens offer
 * ('en-US' reads 12/02/2026 and 1,234.50; 'de-DE' 02.12.2026 and 1.234,50).
 */
export const locale = z
  .string({ message: 'Locale must be text' })
  .max(20, 'Locale is at most 20 characters')
  .regex(/^[a-z]{2,3}-[A-Z]{2}$/, 'Use a locale such as en-US')
  .refine(isOfferedLocale, 'Choose one of the listed locales, such as en-US')

export const empty = z.strictObject({})
