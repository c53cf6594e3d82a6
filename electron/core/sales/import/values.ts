import { TZDate } from '@date-fns/tz'
import { MAX_MINOR } from '../../../contract/money/amount'
import { minorPerMajor } from '../../../contract/money/rounding'
import { PAYMENT_METHODS, type PaymentMethod } from '../../../contract/sales'
import { readDate, type DayOrder } from '../../imports/dates'

/** A value read from a cell, or why it cannot be. */
export type Read<T> = { ok: true; value: T } | { ok: false; message: string }

const ok = <T>(value: T): Read<T> => ({ ok: true, value })
const bad = (message: string): Read<never> => ({ ok: false, message })

/**
 * An amount as registers write it: "12.50", "$12.50", "12,50 €", "1,234.50", "1.234,50". The
 * last dot or comma followed by one or two digits (or as many as the currency has) is the
 * decimal point; the others group thousands. Whole minor units, from 0 to the desk's largest.
 */
export function readMoney(raw: string, currency: string, label: string): Read<number> {
  const value = raw.trim()
  if (value === '') return bad(`${label} is empty`)
  const digits = value.replace(/^[^\d.,-]+|[^\d.,]+$/g, '').replace(/\s/g, '')
  if (!/^-?[\d.,]+$/.test(digits) || !/\d/.test(digits)) return bad(`${label} is not an amount`)
  // A minus anywhere (the typographic one U+2212 of many exports, a trailing "5.00-"), or an
  // accountant's "(5.00)", is negative: each was stripped with the currency and read as +5.00.
  if (/[-\u2212\u2012\u2013\uFE63\uFF0D]/.test(value) || /^\(.*\)$/.test(value.replace(/[^\d.,()]/g, ''))) return bad(`${label} cannot be negative`)
  const places = Math.round(Math.log10(minorPerMajor(currency)))
  const last = Math.max(digits.lastIndexOf('.'), digits.lastIndexOf(','))
  const after = last < 0 ? '' : digits.slice(last + 1)
  const decimal = last >= 0 && after.length >= 1 && (after.length <= 2 || after.length <= places) && !(after.length === 3 && places < 3)
  const grouped = decimal ? digits.slice(0, last) : digits
  // "0.125" groups no thousands ("0,125" is no number of them): it is a price with three decimals.
  if (!decimal && /^0+[.,]\d{3}$/.test(digits)) return bad(`${label} has more decimals than ${currency} has (${places})`)
  // Thousands are grouped by threes with one kind of mark ("1,234,567"); "12.5.5" is no amount.
  if (!/^\d*$/.test(grouped) && !/^\d{1,3}(?:,\d{3})+$/.test(grouped) && !/^\d{1,3}(?:\.\d{3})+$/.test(grouped)) return bad(`${label} is not an amount`)
  const whole = grouped.replace(/[.,]/g, '')
  const fraction = decimal ? after : ''
  if (!/^\d*$/.test(whole) || whole.length > 12) return bad(`${label} is too large`)
  if (fraction.length > places) return bad(`${label} has more decimals than ${currency} has (${places})`)
  const minor = Number(whole || '0') * 10 ** places + Number(fraction.padEnd(places, '0') || '0')
  if (!Number.isSafeInteger(minor) || minor > MAX_MINOR) return bad(`${label} is too large`)
  return ok(minor)
}

/**
 * A whole quantity from 1 to 10,000, as the desk takes one ("2" or "2.0"). One mark before three
 * digits ("1,000", "1.500") is refused, in words: it groups thousands in one register's file and
 * writes three decimals in another's, and either reading may pass the payments' check (a cash
 * payment takes any change), so a guess could put a wrong receipt in the books unseen.
 */
export function readQuantity(raw: string): Read<number> {
  const value = raw.trim()
  if (value === '') return bad('Quantity is empty')
  if (/^\d{1,3}[.,]\d{3}$/.test(value)) {
    const grouped = Number(value.replace(/[.,]/, ''))
    const decimal = Number(value.replace(',', '.'))
    // The readings a quantity can be (a whole number from 1 to 10,000) are offered, no other.
    const offered = [grouped, decimal].filter((n) => Number.isInteger(n) && n >= 1 && n <= 10_000)
    const write = offered.length ? `: write it without the mark (${offered.join(' or ')})` : ': write the quantity as a whole number from 1 to 10000'
    return bad(`Quantity “${value}” may mean ${grouped} or ${decimal}${write}`)
  }
  if (!/^\d{1,9}(?:[.,]0+)?$/.test(value)) return bad(/^-/.test(value) ? 'Quantity must be at least 1 (a return is a void, not an imported line)' : 'Quantity must be a whole number')
  const n = Number(value.replace(/[.,]0+$/, ''))
  if (n < 1) return bad('Quantity must be at least 1')
  if (n > 10_000) return bad('Quantity is at most 10000')
  return ok(n)
}

/** A rate in percent ("8.25", "8,25 %"), from 0 to 100 with at most three decimals, as thousandths of a percent; null when empty (untaxed). */
export function readTaxRate(raw: string): Read<number | null> {
  const value = raw.trim().replace(/\s*%$/, '')
  if (value === '') return ok(null)
  const m = /^(\d{1,3})(?:[.,](\d{1,3}))?$/.exec(value)
  if (!m) return bad('Tax rate must be a percentage such as 8.25')
  const millipercent = Number(m[1]) * 1000 + Number((m[2] ?? '').padEnd(3, '0'))
  if (millipercent > 100_000) return bad('Tax rate is at most 100 %')
  return ok(millipercent)
}

const METHOD_ALIASES: Record<string, PaymentMethod> = {
  cash: 'cash',
  card: 'card',
  creditcard: 'card',
  debitcard: 'card',
  credit: 'card',
  debit: 'card',
  visa: 'card',
  mastercard: 'card',
  amex: 'card',
  giftcard: 'gift_card',
  gift: 'gift_card',
  voucher: 'gift_card',
  other: 'other',
}

/** Not loyalty points: an imported receipt writes no ledger entry, so it cannot say points paid it. */
const IMPORTED_METHODS = PAYMENT_METHODS.filter((m) => m !== 'loyalty_points')

export function readPaymentMethod(raw: string): Read<PaymentMethod> {
  const key = raw.toLowerCase().replace(/[^a-z]/g, '')
  const method = METHOD_ALIASES[key] ?? IMPORTED_METHODS.find((m) => m === raw.trim())
  return method ? ok(method) : bad('Payment method must be Cash, Card, Gift card or Other')
}

/** A time after the date: "14:30", "14:30:05", "2:30 PM", with an optional UTC offset ("Z", "+02:00"). */
const TIME = /^(\d{1,2}):(\d{2})(?::(\d{2})(?:\.\d+)?)?\s*([AP]M)?\s*(Z|[+-]\d{2}:?\d{2})?$/i

function splitDateTime(value: string): { date: string; time: string } {
  const m = /^(.*?\d)(?:[ T]+|,\s*)(\d{1,2}:\d{2}.*)$/.exec(value)
  return m ? { date: m[1], time: m[2] } : { date: value, time: '' }
}

/**
 * When a receipt was rung up, as a UTC ISO time: the date as the customer import reads dates
 * (the file's day order), and a time of day on the store's clock unless the cell gives its
 * offset. A date alone is noon there (the day is what counts). Not in the future, not a time
 * the clocks skip.
 */
export function readDateTime(raw: string, order: DayOrder | null, today: string, timeZone: string, now: Date): Read<string> | { ok: false; ambiguous: true } {
  const value = raw.trim()
  if (value === '') return bad('Date is empty')
  const { date, time } = splitDateTime(value)
  const day = readDate(date, order, today, 'past')
  if (day.kind === 'ambiguous') return { ok: false, ambiguous: true }
  if (day.kind !== 'date') return bad('Date is not a date this import can read (2026-03-14 14:30, 03/14/2026 2:30 PM, 14 Mar 2026…)')
  const [year, month, dayOfMonth] = day.iso.split('-').map(Number)
  let [hours, minutes, seconds, offset] = [12, 0, 0, null as string | null]
  if (time !== '') {
    const t = TIME.exec(time)
    if (!t) return bad('Date has a time this import cannot read (14:30 or 2:30 PM)')
    hours = Number(t[1])
    minutes = Number(t[2])
    seconds = Number(t[3] ?? 0)
    offset = t[5] ?? null
    if (t[4]) {
      if (hours < 1 || hours > 12) return bad('Date has a time this import cannot read (2:30 PM has hours 1 to 12)')
      hours = (hours % 12) + (t[4].toUpperCase() === 'PM' ? 12 : 0)
    }
    if (hours > 23 || minutes > 59 || seconds > 59) return bad('Date has a time that does not exist')
  }
  let instant: Date
  if (offset) {
    const sign = offset === 'Z' ? '+00:00' : `${offset.slice(0, 3)}:${offset.slice(-2)}`
    instant = new Date(`${day.iso}T${pad(hours)}:${pad(minutes)}:${pad(seconds)}${sign}`)
  } else {
    instant = new Date(new TZDate(year, month - 1, dayOfMonth, hours, minutes, seconds, timeZone).getTime())
    const back = new TZDate(instant.getTime(), timeZone)
    if (back.getHours() !== hours || back.getMinutes() !== minutes) return bad(`Date is a time the clocks skipped in ${timeZone} (daylight saving)`)
  }
  if (Number.isNaN(instant.getTime())) return bad('Date is not a date this import can read')
  if (instant.getTime() > now.getTime()) return bad('Date is in the future')
  return ok(instant.toISOString())
}

const pad = (n: number) => String(n).padStart(2, '0')
