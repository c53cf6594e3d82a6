import { LOCALES, TIME_ZONES, listedTimeZone } from '@contract/regional'
import { getCountries } from 'libphonenumber-js/min'

/** One option of a pick-one list: what is stored, and what the user reads. */
export interface Choice<V extends string | null = string> {
  value: V
  label: string
}

/** A code that is its own label (currency codes, time zone names). */
function asChoice(code: string): Choice {
  return { value: code, label: code }
}

/** Choices the platform knows, so a user picks a real currency or time zone instead of typing one. */
export const currencyOptions: Choice[] = Intl.supportedValuesOf('currency').map(asChoice)

/** The zones main accepts, by the names it accepts them under (the contract's list). */
export const timeZoneOptions: Choice[] = TIME_ZONES.map(asChoice)

/** This PC's zone by its listed name (Etc/UTC → UTC); UTC when the list has no name for it. */
export function localTimeZone(): string {
  return listedTimeZone(Intl.DateTimeFormat().resolvedOptions().timeZone || 'UTC') ?? 'UTC'
}


const regionNames = new Intl.DisplayNames(['en'], { type: 'region' })

/** Every country the phone library knows, by its English name; the value is the ISO code main expects. */
export const countryOptions: Choice[] = getCountries()
  .map((code) => ({ value: code, label: regionNames.of(code) ?? code }))
  .sort((a, b) => a.label.localeCompare(b.label))

export function countryName(code: string | null | undefined): string {
  return code ? (regionNames.of(code) ?? code) : ''
}

/** The locales main accepts (the contract's list), each shown with how it writes a date. */
const languageNames = new Intl.DisplayNames(['en'], { type: 'language', languageDisplay: 'standard' })
const sampleDay = new Date(2026, 11, 31)

export const localeOptions: Choice[] = LOCALES.map((tag) => ({
  value: tag,
  label: `${languageNames.of(tag) ?? tag} — ${new Intl.DateTimeFormat(tag, { year: 'numeric', month: '2-digit', day: '2-digit' }).format(sampleDay)}`,
}))

/** This PC's own locale when the list has it, so setup starts on what the owner is used to. */
export function localLocale(): string {
  return LOCALES.find((tag) => tag === navigator.language) ?? 'en-US'
}
