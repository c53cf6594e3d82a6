import { format, parseISO } from 'date-fns'

/** A moment (UTC ISO) in this PC's clock, which is the store's: "23 Nov 2026, 14:05". */
export function formatDateTime(iso: string): string {
  return format(parseISO(iso), 'd MMM yyyy, HH:mm')
}

/** A store-local day ('2026-11-23') as people read it, with no time zone to shift it. */
export function formatLocalDate(day: string): string {
  return format(parseISO(day), 'd MMM yyyy')
}
