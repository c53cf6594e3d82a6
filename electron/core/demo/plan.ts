import { TZDate } from '@date-fns/tz'
import type { PaymentMethod } from '../../contract/sales'
import { addDays } from '../time/local-dates'
import { CITIES, FIRST_NAMES, LAST_NAMES, NEGATIVE_COMMENTS, POSITIVE_COMMENTS, PRODUCTS, STREETS, VOID_REASONS } from './catalogue'
import { picker } from './random'

export interface DemoCustomer {
  firstName: string
  lastName: string
  email: string
  /** 555-01xx: numbers reserved for fiction. */
  phone: string
  addressLine1: string
  city: string
  state: string
  zip: string
  loyaltyEnrolled: boolean
  /** When they were registered: a little before their first visit. */
  registeredAt: Date
}

export type DemoEvent = { at: Date; customer: number } & (
  | { type: 'sale'; key: number; items: { product: number; quantity: number }[]; paidBy: 'card' | 'cash' | 'split' }
  | { type: 'void'; saleKey: number; reason: string }
  | { type: 'bonus'; points: number; reason: string }
  | { type: 'feedback'; sentiment: 'positive' | 'negative'; comment: string; onLastSale: boolean }
)

export const DEMO_CUSTOMERS = 36

/** A store-local wall-clock time on `date` (YYYY-MM-DD) as an instant. */
function localTime(date: string, minutes: number, timeZone: string): Date {
  const [y, m, d] = date.split('-').map(Number)
  return new Date(new TZDate(y, m - 1, d, Math.floor(minutes / 60), minutes % 60, timeZone).getTime())
}

/**
 * A year of a small shop: customers with a few to thirty visits each during opening hours
 * (09:00–21:00 local), now and then a void, a birthday bonus or a word of feedback. Events
 * come sorted by time, so receipt numbers and the points ledger read in order.
 */
export function planDemo(today: string, timeZone: string, seed = 2026): { customers: DemoCustomer[]; events: DemoEvent[] } {
  const p = picker(seed)
  const customers: DemoCustomer[] = []
  const events: DemoEvent[] = []
  for (let c = 0; c < DEMO_CUSTOMERS; c++) {
    const firstName = FIRST_NAMES[c % FIRST_NAMES.length]
    const lastName = LAST_NAMES[(c * 7) % LAST_NAMES.length]
    const place = p.pick(CITIES)
    const firstVisitDaysAgo = p.int(5, 360)
    const visits = p.int(2, 30)
    const days = Array.from({ length: visits }, () => addDays(today, -p.int(0, firstVisitDaysAgo))).sort()
    customers.push({
      firstName,
      lastName,
      email: `${firstName}.${lastName}${c}@example.com`.toLowerCase(),
      phone: `+1 (217) 555-01${String(c).padStart(2, '0')}`,
      addressLine1: `${p.int(1, 240)} ${p.pick(STREETS)}`,
      ...place,
      loyaltyEnrolled: c % 5 !== 4,
      registeredAt: localTime(days[0], 8 * 60, timeZone),
    })
    for (const day of days) {
      const at = localTime(day, p.int(9 * 60, 21 * 60 - 1), timeZone)
      const items = Array.from({ length: p.int(1, 4) }, () => ({ product: p.int(0, PRODUCTS.length - 1), quantity: p.chance(0.8) ? 1 : p.int(2, 3) }))
      const key = events.length
      events.push({ type: 'sale', at, customer: c, key, items, paidBy: p.pick(['card', 'card', 'cash', 'split'] as const) })
      if (p.chance(0.03)) {
        events.push({ type: 'void', at: new Date(at.getTime() + p.int(2, 90) * 60_000), customer: c, saleKey: key, reason: p.pick(VOID_REASONS) })
      }
      if (p.chance(0.12)) {
        const positive = p.chance(0.8)
        events.push({
          type: 'feedback',
          at: new Date(at.getTime() + 60_000),
          customer: c,
          sentiment: positive ? 'positive' : 'negative',
          comment: positive ? p.pick(POSITIVE_COMMENTS) : p.pick(NEGATIVE_COMMENTS),
          onLastSale: p.chance(0.5),
        })
      }
    }
    if (customers[c].loyaltyEnrolled && p.chance(0.3)) {
      events.push({ type: 'bonus', at: localTime(days[days.length - 1], 20 * 60 + 30, timeZone), customer: c, points: 50, reason: 'Birthday bonus' })
    }
  }
  events.sort((a, b) => a.at.getTime() - b.at.getTime())
  return { customers, events }
}

/** How a demo sale is paid: exactly by card, cash rounded up to the next 5.00, or a gift card then card. */
export function demoPayments(totalMinor: number, paidBy: 'card' | 'cash' | 'split'): { method: PaymentMethod; amountMinor: number }[] {
  if (totalMinor === 0) return []
  if (paidBy === 'cash') return [{ method: 'cash', amountMinor: Math.ceil(totalMinor / 500) * 500 }]
  if (paidBy === 'split' && totalMinor > 1000) {
    return [
      { method: 'gift_card', amountMinor: 1000 },
      { method: 'card', amountMinor: totalMinor - 1000 },
    ]
  }
  return [{ method: 'card', amountMinor: totalMinor }]
}
