import { addDays, isoWeekday, localDateOf, monthOf } from '../time/local-dates'

/**
 * Which backups to keep: the newest of each of the last 7 store days that have one, of the last
 * 4 weeks and of the last 12 months, and always the 3 newest (so the safety copy taken before a
 * restore survives the backups that follow it that day). Days, weeks and months are the store's.
 */
export const RETENTION = { daily: 7, weekly: 4, monthly: 12, newest: 3 }

export interface Dated {
  name: string
  takenAt: Date
}

function keepNewestPer<T extends Dated>(sorted: T[], period: (backup: T) => string, periods: number, kept: Set<string>): void {
  const seen = new Set<string>()
  for (const backup of sorted) {
    const key = period(backup)
    if (seen.has(key)) continue
    if (seen.size === periods) return
    seen.add(key)
    kept.add(backup.name)
  }
}

/** The backups the rule drops, given every backup in the folder. */
export function backupsToPrune<T extends Dated>(backups: T[], timeZone: string, rule = RETENTION): T[] {
  const newestFirst = [...backups].sort((a, b) => b.takenAt.getTime() - a.takenAt.getTime())
  const day = (backup: T) => localDateOf(backup.takenAt, timeZone)
  // A week is named by its Monday.
  const week = (backup: T) => addDays(day(backup), 1 - isoWeekday(day(backup)))
  const kept = new Set(newestFirst.slice(0, rule.newest).map((backup) => backup.name))
  keepNewestPer(newestFirst, day, rule.daily, kept)
  keepNewestPer(newestFirst, week, rule.weekly, kept)
  keepNewestPer(newestFirst, (backup) => monthOf(day(backup)), rule.monthly, kept)
  return newestFirst.filter((backup) => !kept.has(backup.name))
}
