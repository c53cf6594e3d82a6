import { formatLocalTime } from './dates'
import { dateFormat } from './locale'

/**
 * A store-local time typed the store's way, as main takes it ('HH:MM', 24-hour), or why it is not
 * one: main checks only 'HH:MM', as it takes a date only as 'YYYY-MM-DD' (the date box reads the
 * store's order); reading what people type is the screen's.
 */
export type TypedTime = { time: string } | { problem: string }

/** The clock the store's lists write times on (Settings → Locale): 12-hour in the US ("02:30 PM"). */
function timeFormat(): Intl.DateTimeFormat {
  return dateFormat({ hour: '2-digit', minute: '2-digit', timeZone: 'UTC' })
}

export function storeUsesTwelveHours(): boolean {
  const cycle = timeFormat().resolvedOptions().hourCycle
  return cycle === 'h12' || cycle === 'h11'
}

/** "p.m.", "P M", "pm" are one word; so are the store's own ("p. m." in Spanish). */
const squeeze = (word: string) => word.toLowerCase().replace(/[\s.]/g, '')

/** Words for before and after noon: English's, short or long, and the store's locale's own. */
function dayPeriods(): { am: Set<string>; pm: Set<string> } {
  const periodAt = (time: string) =>
    dateFormat({ hour: 'numeric', minute: '2-digit', hour12: true, timeZone: 'UTC' })
      .formatToParts(new Date(`1970-01-01T${time}:00Z`))
      .find((part) => part.type === 'dayPeriod')?.value
  const am = new Set(['am', 'a'])
  const pm = new Set(['pm', 'p'])
  const ownAm = periodAt('01:00')
  const ownPm = periodAt('13:00')
  if (ownAm) am.add(squeeze(ownAm))
  if (ownPm) pm.add(squeeze(ownPm))
  return { am, pm }
}

const pad = (n: number) => String(n).padStart(2, '0')

/** What the store's 24-hour and 12-hour examples are: "14:30 or 2:30 PM" in the US, "14:30" elsewhere. */
export function timeExamples(): string {
  return storeUsesTwelveHours() ? `14:30 or ${formatLocalTime('14:30').replace(/^0/, '')}` : '14:30'
}

/**
 * Reads a time as typed: "14:30", and where the store's clock is 12-hour also "2:30 PM", "2:30pm",
 * "2:30 p.m.", "2 PM" (after noon, "PM", "P" or the locale's word, before or after the number).
 * An hour of 1 to 11 without AM or PM is refused there, saying both readings: the lists show
 * "02:30 PM", so "2:30" (or "02:30") may mean either. 12:30 is after noon and 00:30 the night
 * on both clocks. Null when nothing is typed.
 */
export function parseStoreTime(typed: string): TypedTime | null {
  const text = typed.trim()
  if (!text) return null
  const notATime = { problem: `Use a time such as ${timeExamples()}` }
  const parts = /^([^\d]*?)\s*(\d{1,2})(?:\s*[:.h]\s*(\d+))?\s*([^\d]*)$/i.exec(text)
  if (!parts) return notATime
  const [, before, hourText, minuteText, after] = parts
  if (before.trim() && after.trim()) return notATime
  const word = squeeze(before || after)
  const { am, pm } = dayPeriods()
  const period = !word ? null : am.has(word) ? 'am' : pm.has(word) ? 'pm' : undefined
  if (period === undefined) return notATime
  if (minuteText !== undefined && minuteText.length !== 2) return notATime
  const hour = Number(hourText)
  const minute = minuteText === undefined ? 0 : Number(minuteText)
  if (minute > 59) return { problem: `“${text}” is not a time: the minutes go up to 59` }
  if (period) {
    if (hour < 1 || hour > 12) return { problem: `“${text}” is not a time: with AM or PM the hour is 1 to 12` }
    return { time: `${pad((hour % 12) + (period === 'pm' ? 12 : 0))}:${pad(minute)}` }
  }
  if (hour > 23) return { problem: `“${text}” is not a time: the hours go up to 23` }
  if (storeUsesTwelveHours() && hour >= 1 && hour <= 11) {
    const morning = `${pad(hour)}:${pad(minute)}`
    const evening = `${pad(hour + 12)}:${pad(minute)}`
    return { problem: `“${text}” could be ${formatLocalTime(morning)} or ${formatLocalTime(evening)}: add AM or PM (or type ${evening} for ${formatLocalTime(evening)})` }
  }
  return { time: `${pad(hour)}:${pad(minute)}` }
}
