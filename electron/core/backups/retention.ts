import { addDays, isoWeekday, localDateOf, monthOf } from '../time/local-dates'

/**
 * Which backups to keep: the newest of each of the last 7 store days that have one, of the last
 * 4 weeks and of the last 12 months, and always the 3 newest (so the safety copy taken before a
 * restore survives the backups that follow it that day). Days, weeks and months are the store's.
 *
 * Whatever the dates say, three are never dropped: the backup just written, the newest verified
 * one, and any dated after now. A PC whose clock once ran ahead (a flat CMOS battery, a wrong
 * year typed) leaves backups dated in the future: the rule cannot tell how old they are, and
 * counted as the newest they took every slot, so the backup just taken and every real one were
 * deleted. They stay out of the rule (kept) until the clock reaches them.
 */
export const RETENTION = { daily: 7, weekly: 4, monthly: 12, newest: 3 }

export interface Dated {
  name: string
  takenAt: Date
  /** Checked when written (it has a manifest); a file copied in by hand is not. */
  verified?: boolean
}

export interface PruneMoment {
  timeZone: string
  now: Date
  /** The backup this prune follows, never dropped. */
  justWritten?: string
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
export function backupsToPrune<T extends Dated>(backups: T[], moment: PruneMoment, rule = RETENTION): T[] {
  const dated = backups
    .filter((backup) => backup.takenAt.getTime() <= moment.now.getTime())
    .sort((a, b) => b.takenAt.getTime() - a.takenAt.getTime())
  const day = (backup: T) => localDateOf(backup.takenAt, moment.timeZone)
  // A week is named by its Monday.
  const week = (backup: T) => addDays(day(backup), 1 - isoWeekday(day(backup)))
  const kept = new Set(dated.slice(0, rule.newest).map((backup) => backup.name))
  keepNewestPer(dated, day, rule.daily, kept)
  keepNewestPer(dated, week, rule.weekly, kept)
  keepNewestPer(dated, (backup) => monthOf(day(backup)), rule.monthly, kept)
  const newestVerified = dated.find((backup) => backup.verified)
  if (newestVerified) kept.add(newestVerified.name)
  if (moment.justWritten) kept.add(moment.justWritten)
  return dated.filter((backup) => !kept.has(backup.name))
}
