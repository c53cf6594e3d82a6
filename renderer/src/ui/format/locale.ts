import { ref } from 'vue'

/**
 * The store's locale (Settings → Locale): every date and number the screens show or take is
 * written its way ('en-US': 06/15/2026 and 1,234.50; 'en-GB': 15/06/2026; 'de-DE': 15.06.2026
 * and 1.234,50). Reactive, so a change in Settings shows at once. Set by the settings store.
 */
export const displayLocale = ref('en-US')

export function setDisplayLocale(tag: string): void {
  displayLocale.value = tag
}

/**
 * The store's time zone (Settings → Time zone): every moment the screens show is written in it,
 * not in this PC's clock zone, so a back-office PC left on UTC shows a Tokyo store's 09:00 sale
 * at 09:00 on its day, as its receipt, metrics and appointments count it. Undefined (this PC's
 * zone) only until the settings load. Reactive and set by the settings store, like the locale.
 */
export const storeTimeZone = ref<string | undefined>(undefined)

export function setStoreTimeZone(zone: string): void {
  try {
    // Main stores only zones Intl knows; should this platform's Intl not know one, show the PC's.
    new Intl.DateTimeFormat('en-US', { timeZone: zone })
    storeTimeZone.value = zone
  } catch {
    storeTimeZone.value = undefined
  }
}

/** The order and separators of a numeric date in this locale, from the platform itself. */
function dateParts(locale: string): Intl.DateTimeFormatPart[] {
  return new Intl.DateTimeFormat(locale, { year: 'numeric', month: '2-digit', day: '2-digit' }).formatToParts(new Date(2026, 10, 23))
}

/** PrimeVue DatePicker's pattern for this locale: 'mm/dd/yy' in the US, 'dd.mm.yy' in Germany. */
export function datePickerFormat(locale: string): string {
  const codes: Partial<Record<Intl.DateTimeFormatPartTypes, string>> = { day: 'dd', month: 'mm', year: 'yy' }
  return dateParts(locale)
    .map((part) => (part.type === 'literal' ? part.value : (codes[part.type] ?? '')))
    .join('')
}

/** What to show in an empty date box: 'MM/DD/YYYY' in the US. */
export function datePlaceholder(locale: string): string {
  const codes: Partial<Record<Intl.DateTimeFormatPartTypes, string>> = { day: 'DD', month: 'MM', year: 'YYYY' }
  return dateParts(locale)
    .map((part) => (part.type === 'literal' ? part.value : (codes[part.type] ?? '')))
    .join('')
}

const dateFormats = new Map<string, Intl.DateTimeFormat>()
const numberFormats = new Map<string, Intl.NumberFormat>()

/**
 * A date formatter for the store's locale in the store's time zone (options may name another,
 * as a calendar day's 'UTC' does), made once: making one costs far more than using it, and a
 * table of 50 customers formats 50 dates on every search.
 */
export function dateFormat(options: Intl.DateTimeFormatOptions): Intl.DateTimeFormat {
  const zone = storeTimeZone.value
  const key = `${displayLocale.value}|${zone ?? ''}|${JSON.stringify(options)}`
  let made = dateFormats.get(key)
  if (!made) dateFormats.set(key, (made = new Intl.DateTimeFormat(displayLocale.value, { timeZone: zone, ...options })))
  return made
}

export function numberFormat(options: Intl.NumberFormatOptions = {}): Intl.NumberFormat {
  const key = `${displayLocale.value}|${JSON.stringify(options)}`
  let made = numberFormats.get(key)
  if (!made) numberFormats.set(key, (made = new Intl.NumberFormat(displayLocale.value, options)))
  return made
}

/** A count or points the store's way (1,234 in the US, 1.234 in Germany). */
export function formatNumber(n: number): string {
  return numberFormat().format(n)
}

/** A count with its noun the store's way: "1 receipt", "1,250 points". */
export function countOf(n: number, one: string, many: string): string {
  return `${formatNumber(n)} ${n === 1 ? one : many}`
}
