/**
 * Dates and numbers the store's way (Settings → Locale), as the screens write them (renderer
 * ui/format): '06/15/2026' and '1,234' in the US, '15.06.2026' and '1.234' in Germany.
 */
export interface StoreFormat {
  /** A day 'YYYY-MM-DD' as the store writes it. */
  date(day: string): string
  /** A wall-clock time 'YYYY-MM-DD HH:mm' as the store writes it. */
  dateTime(wall: string): string
  number(n: number): string
  /** Excel's number format for a date in this locale: 'mm/dd/yyyy', 'dd.mm.yyyy'. */
  excelDate: string
}

function dateParts(locale: string): Intl.DateTimeFormatPart[] {
  return new Intl.DateTimeFormat(locale, { year: 'numeric', month: '2-digit', day: '2-digit' }).formatToParts(new Date(2026, 10, 23))
}

/** The locale's order of day, month and year with its separators, as an Excel number format. */
export function excelDatePattern(locale: string): string {
  const codes: Partial<Record<Intl.DateTimeFormatPartTypes, string>> = { day: 'dd', month: 'mm', year: 'yyyy' }
  return dateParts(locale)
    .map((part) => (part.type === 'literal' ? part.value.replace(/[^./\- ]/g, (c) => `\\${c}`) : (codes[part.type] ?? '')))
    .join('')
}

/** A wall-clock 'YYYY-MM-DD[ HH:mm]' as a Date whose UTC fields are those numbers (no zone shifts it again). */
export function wallDate(wall: string): Date {
  // Sliced, not split: a workbook of a million customers makes three of these a row.
  const y = Number(wall.slice(0, 4))
  const m = Number(wall.slice(5, 7))
  const d = Number(wall.slice(8, 10))
  const h = wall.length >= 16 ? Number(wall.slice(11, 13)) : 0
  const min = wall.length >= 16 ? Number(wall.slice(14, 16)) : 0
  return new Date(Date.UTC(y, m - 1, d, h, min))
}

export function storeFormat(locale: string): StoreFormat {
  const day = new Intl.DateTimeFormat(locale, { year: 'numeric', month: '2-digit', day: '2-digit', timeZone: 'UTC' })
  const dayTime = new Intl.DateTimeFormat(locale, { year: 'numeric', month: '2-digit', day: '2-digit', hour: '2-digit', minute: '2-digit', timeZone: 'UTC' })
  const number = new Intl.NumberFormat(locale)
  return {
    date: (d) => day.format(wallDate(d)),
    dateTime: (w) => dayTime.format(wallDate(w)),
    number: (n) => number.format(n),
    excelDate: excelDatePattern(locale),
  }
}
