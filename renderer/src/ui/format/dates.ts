import { format, parseISO } from 'date-fns'

/** A moment (UTC ISO) in this PC's clock, which is the store's: "23 Nov 2026, 14:05". */
export function formatDateTime(iso: string): string {
  return format(parseISO(iso), 'd MMM yyyy, HH:mm')
}

/**
 * A day as people read it: a store-local day ('2026-11-23', never shifted by a time zone), or
 * the day of a moment (UTC ISO) on this PC's clock.
 */
export function formatLocalDate(day: string): string {
  return format(parseISO(day), 'd MMM yyyy')
}
