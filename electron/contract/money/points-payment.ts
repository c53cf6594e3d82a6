import { formatMoney } from './format'
import { PAYMENT_METHOD_LABELS, type PaymentMethod } from '../sales'

/**
 * The words of a refused payment by loyalty points, said the same by the sale screen (as the
 * cashier types) and by main (which decides, in the sale's transaction).
 */
export const pointsWord = (n: number) => `${n.toLocaleString('en')} point${n === 1 ? '' : 's'}`

/**
 * What a customer holds to pay with: "250 points ($2.50)", or "no points to use" for a balance at
 * or below zero (two stores spent the same points while apart), naming a balance below zero.
 * `money` formats its value: the sale screen's way (its locale), or main's.
 */
export function pointsHeld(balance: number, perPointMinor: number, money: (minor: number) => string): string {
  if (balance > 0) return `${pointsWord(balance)} (${money(balance * perPointMinor)})`
  return `no points to use${balance < 0 ? ` (a balance of ${pointsWord(balance)})` : ''}`
}

/** More points than the customer holds: what they hold, and its value. */
export function pointsOverBalance(name: string, balance: number, points: number, perPointMinor: number, currency: string): string {
  return `${name} has ${pointsHeld(balance, perPointMinor, (minor) => formatMoney(minor, currency))}; ${pointsWord(points)} cannot be used`
}

/** Points worth more than is left to pay after the other payments that are not cash: points give no change. */
export function pointsOverLeft(leftMinor: number, points: number, perPointMinor: number, currency: string): string {
  const most = Math.floor(Math.max(0, leftMinor) / perPointMinor)
  return `Points can pay at most the ${formatMoney(Math.max(0, leftMinor), currency)} left to pay (${pointsWord(most)}); ${pointsWord(points)} are worth ${formatMoney(points * perPointMinor, currency)}, and points give no change`
}

/**
 * A receipt's payment as printed, shown and emailed: its method, and for a payment by points the
 * points and their value ("Loyalty points: 250 pts ($2.50)"; a void's are negative).
 */
export function paymentMethodText(payment: { method: PaymentMethod; amountMinor: number; points: number | null }, currency: string): string {
  const label = PAYMENT_METHOD_LABELS[payment.method]
  if (payment.points === null) return label
  return `${label}: ${payment.points.toLocaleString('en')} pts (${formatMoney(payment.amountMinor, currency)})`
}
