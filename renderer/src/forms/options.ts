import { getCountries } from 'libphonenumber-js/min'

/** Choices the platform knows, so a user picks a real currency or time zone instead of typing one. */
export const currencyOptions = Intl.supportedValuesOf('currency')

// Intl lists only region zones; UTC is what a machine without a zone reports, so offer it too.
export const timeZoneOptions = ['UTC', ...Intl.supportedValuesOf('timeZone').filter((zone) => zone !== 'UTC')]

export function localTimeZone(): string {
  return Intl.DateTimeFormat().resolvedOptions().timeZone || 'UTC'
}

export interface Choice<V extends string = string> {
  value: V
  label: string
}

const regionNames = new Intl.DisplayNames(['en'], { type: 'region' })

/** Every country the phone library knows, by its English name; the value is the ISO code main expects. */
export const countryOptions: Choice[] = getCountries()
  .map((code) => ({ value: code, label: regionNames.of(code) ?? code }))
  .sort((a, b) => a.label.localeCompare(b.label))

export function countryName(code: string | null | undefined): string {
  return code ? (regionNames.of(code) ?? code) : ''
}
