import { parseISO } from 'date-fns'
import { dateFormat } from './locale'

/** A moment (UTC ISO) in this PC's clock, which is the store's, the store's way: "06/15/2026, 14:05" in the US. */
export function formatDateTime(iso: string): string {
  return dateFormat({ year: 'numeric', month: '2-digit', day: '2-digit', hour: '2-digit', minute: '2-digit' }).format(parseISO(iso))
}

/**
 * A day as the store writes it ("06/15/2026" in the US): a store-local day ('2026-06-15',
 * never shifted by a time zone), or the day of a moment (UTC ISO) on this PC's clock.
 */
export function formatLocalDate(day: string): string {
  return dateFormat({ year: 'numeric', month: '2-digit', day: '2-digit' }).format(parseISO(day))
}

/** A month as a chart labels it ("Jun 2026"), in the store's language. */
export function formatMonth(day: string): string {
  return dateFormat({ year: 'numeric', month: 'short' }).format(parseISO(day))
}
