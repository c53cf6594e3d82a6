import DatePicker from 'primevue/datepicker'
import { storeDayOf } from '../format/dates'

/**
 * The store's today as PrimeVue's calendar counts days: a Date at this PC's midnight of that
 * day (the calendar reads days in the PC's zone; the day itself is the store's).
 */
export function storeTodayOnCalendar(now = new Date()): Date {
  const [year, month, day] = storeDayOf(now).split('-').map(Number) as [number, number, number]
  return new Date(year, month - 1, day)
}

/**
 * PrimeVue's DatePicker, its calendar on the store's today (Settings → Time zone): PrimeVue
 * marks this PC's today (`new Date()`) and, empty, opens on this PC's month; on a PC on UTC a
 * Tokyo store's today is tomorrow from 15:00 UTC on (and, at a month's end, in the next month).
 * Only the two places PrimeVue asks for its today are replaced; everything else is PrimeVue's.
 */
const StoreDatePicker = {
  extends: DatePicker,
  // PrimeVue finds its pass-through settings (ui/theme.ts accessiblePassThrough: the calendar's
  // ARIA mends) by the component's own name, and Vue takes a component's render function from the
  // component itself: neither comes from what it extends.
  name: 'DatePicker',
  render: (DatePicker as unknown as { render: unknown }).render,
  computed: {
    /** The month the calendar shows: the chosen date's, or with none (or a half-typed one) the store's today's. */
    viewDate(this: { rawValue: unknown }): Date {
      return this.rawValue instanceof Date ? this.rawValue : storeTodayOnCalendar()
    },
  },
  methods: {
    /** Whether a day cell is today: the store's, whatever this PC's clock says (PrimeVue passes its own). */
    isToday(_pcToday: Date, day: number, month: number, year: number): boolean {
      const today = storeTodayOnCalendar()
      return today.getDate() === day && today.getMonth() === month && today.getFullYear() === year
    },
  },
} as unknown as typeof DatePicker

export default StoreDatePicker
