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
