/** Choices the platform knows, so a user picks a real currency or time zone instead of typing one. */
export const currencyOptions = Intl.supportedValuesOf('currency')

// Intl lists only region zones; UTC is what a machine without a zone reports, so offer it too.
export const timeZoneOptions = ['UTC', ...Intl.supportedValuesOf('timeZone').filter((zone) => zone !== 'UTC')]

export function localTimeZone(): string {
  return Intl.DateTimeFormat().resolvedOptions().timeZone || 'UTC'
}
