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

// Intl lists only region zones; UTC is what a machine without a zone reports, so offer it too.
export const timeZoneOptions: Choice[] = ['UTC', ...Intl.supportedValuesOf('timeZone').filter((zone) => zone !== 'UTC')].map(asChoice)

export function localTimeZone(): string {
  return Intl.DateTimeFormat().resolvedOptions().timeZone || 'UTC'
}


const regionNames = new Intl.DisplayNames(['en'], { type: 'region' })

/** Every country the phone library knows, by its English name; the value is the ISO code main expects. */
export const countryOptions: Choice[] = getCountries()
  .map((code) => ({ value: code, label: regionNames.of(code) ?? code }))
  .sort((a, b) => a.label.localeCompare(b.label))

export function countryName(code: string | null | undefined): string {
  return code ? (regionNames.of(code) ?? code) : ''
}

/** Locales a store can write dates and numbers in, each shown with how it writes a date. */
const LOCALES = ['en-US', 'en-CA', 'en-GB', 'en-AU', 'en-NZ', 'en-IE', 'en-IN', 'en-ZA', 'fr-FR', 'fr-CA', 'fr-BE', 'fr-CH', 'de-DE', 'de-AT', 'de-CH', 'es-ES', 'es-MX', 'es-US', 'it-IT', 'nl-NL', 'nl-BE', 'pt-PT', 'pt-BR', 'sv-SE', 'da-DK', 'nb-NO', 'fi-FI', 'pl-PL', 'ja-JP']
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
