import { localDateOf } from '../time/local-dates'

/**
 * Times in messages the core writes, as the store writes them: "10:02 AM" today, "11/22/2026,
 * 6:40 PM" on another day, in the store's time zone and locale.
 */
const formats = new Map<string, Intl.DateTimeFormat>()

function formatFor(locale: string, timeZone: string, withDate: boolean): Intl.DateTimeFormat {
  const key = `${locale} ${timeZone} ${withDate}`
  let format = formats.get(key)
  if (!format) {
    format = new Intl.DateTimeFormat(locale, { timeZone, timeStyle: 'short', ...(withDate ? { dateStyle: 'short' } : {}) })
    formats.set(key, format)
  }
  return format
}

export function storeTime(iso: string, store: { locale: string; timeZone: string }, now: Date): string {
  const at = new Date(iso)
  const sameDay = localDateOf(at, store.timeZone) === localDateOf(now, store.timeZone)
  return formatFor(store.locale, store.timeZone, !sameDay).format(at)
}

/** "Ana", "Ana and Bo", "Ana, Bo and Cy". */
export function listOfNames(names: readonly string[]): string {
  if (names.length <= 1) return names[0] ?? ''
  return `${names.slice(0, -1).join(', ')} and ${names.at(-1)}`
}
