/**
 * The time zones and locales a store can have: exactly what the setup and Settings screens
 * offer, one list for both sides of the bridge. Anything else Intl happens to read ("US/Eastern",
 * "utc", "ar-EG") would be saved as typed and then shown as an empty choice, or write dates the
 * date boxes cannot read back (Arabic-Indic digits, Buddhist years).
 */

/**
 * Time zones by the name Intl lists them under ("Asia/Calcutta" in today's ICU). UTC is what a
 * machine without a zone reports, so it is offered too (Intl lists only region zones).
 */
export const TIME_ZONES: readonly string[] = ['UTC', ...Intl.supportedValuesOf('timeZone').filter((zone) => zone !== 'UTC')]
const offeredZones = new Set(TIME_ZONES)

export function isOfferedTimeZone(zone: string): boolean {
  return offeredZones.has(zone)
}

/**
 * The listed name of the zone `zone` is another name for ("US/Eastern", "america/new_york" →
 * "America/New_York"; "EST" → "America/Panama", as Intl itself reads it), or null when Intl does
 * not know it or it is a zone the list does not have ("Etc/GMT+5", "SystemV/EST5").
 */
export function listedTimeZone(zone: string): string | null {
  if (isOfferedTimeZone(zone)) return zone
  try {
    const resolved = new Intl.DateTimeFormat('en-US', { timeZone: zone }).resolvedOptions().timeZone
    return isOfferedTimeZone(resolved) ? resolved : null
  } catch {
    return null
  }
}

/** True when Intl can compute dates in `zone` (what older versions accepted and may have stored). */
export function isKnownTimeZone(zone: string): boolean {
  try {
    new Intl.DateTimeFormat('en-US', { timeZone: zone })
    return true
  } catch {
    return false
  }
}

/**
 * Locales whose dates and numbers every screen writes and reads back: Latin digits, Gregorian
 * years, a day-month-year order the date boxes know.
 */
export const LOCALES: readonly string[] = [
  'en-US', 'en-CA', 'en-GB', 'en-AU', 'en-NZ', 'en-IE', 'en-IN', 'en-ZA',
  'fr-FR', 'fr-CA', 'fr-BE', 'fr-CH', 'de-DE', 'de-AT', 'de-CH', 'es-ES', 'es-MX', 'es-US',
  'it-IT', 'nl-NL', 'nl-BE', 'pt-PT', 'pt-BR', 'sv-SE', 'da-DK', 'nb-NO', 'fi-FI', 'pl-PL', 'ja-JP',
]
const offeredLocales = new Set(LOCALES)

export function isOfferedLocale(tag: string): boolean {
  return offeredLocales.has(tag)
}

/**
 * The locale a store's screens use for a stored tag: the tag when it is offered, else the first
 * offered one of its language ("fr-LU" → "fr-FR"), else en-US ("ar-EG", "th-TH": set by an older
 * version that took any tag Intl knew).
 */
export function offeredLocale(tag: string): string {
  if (isOfferedLocale(tag)) return tag
  const language = tag.split('-')[0]
  return LOCALES.find((offered) => offered.startsWith(`${language}-`)) ?? 'en-US'
}
