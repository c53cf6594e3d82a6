import type { ParsedInput } from '../../contract'
import { formatMoney } from '../../contract/money/format'
import { pointsOverBalance, pointsOverLeft, pointsWord as plural } from '../../contract/money/points-payment'
import { fieldError } from '../errors'
import type { CustomerAccount } from '../loyalty/accounts'
import type { StoreTerms } from '../stores/terms'

type Payment = ParsedInput<'sales:create'>['payments'][number]

/** The points a receipt's payments took (a void's are negative): the Loyalty points payment's. */
export function pointsPaid(payments: readonly { method: string; points?: number | null }[]): number {
  return payments.reduce((sum, p) => sum + (p.method === 'loyalty_points' ? (p.points ?? 0) : 0), 0)
}

/**
 * Checks a sale's payment by loyalty points and answers what it takes: the points and their
 * value. The customer's own choice at the till (no manager PIN), so the rules are the money's:
 * only an enrolled customer's points, only at a store that gives points a value, at most one such
 * payment, its amount exactly the points' value (what the cashier saw), no more points than the
 * balance and no more value than is left to pay after the other payments that are not cash
 * (points never give change). `customer` is read in the sale's transaction, so a second desk
 * spending the same points is refused here with the balance the first one left.
 */
export function checkPointsPayment(
  customer: CustomerAccount | null,
  terms: StoreTerms,
  payments: readonly Payment[],
  totalMinor: number,
): { points: number; valueMinor: number } {
  const money = (minor: number) => formatMoney(minor, terms.currency)
  let index = -1
  for (const [i, payment] of payments.entries()) {
    if (payment.method !== 'loyalty_points') {
      if (payment.points !== null) throw fieldError(`payments.${i}.points`, 'Points go only with a Loyalty points payment')
    } else if (index >= 0) {
      throw fieldError(`payments.${i}.method`, 'One Loyalty points payment per sale: put the points in one line')
    } else index = i
  }
  if (index < 0) return { points: 0, valueMinor: 0 }
  const payment = payments[index]
  const at = (field: string, message: string) => fieldError(`payments.${index}.${field}`, message)
  if (!customer) throw at('method', 'Loyalty points pay only for a customer in the loyalty programme: choose the customer first')
  if (!customer.loyaltyEnrolled) throw at('method', `${customer.name} is not enrolled in the loyalty programme: their points cannot pay`)
  const perPoint = terms.loyaltyValuePerPointMinor
  if (perPoint <= 0) throw at('method', 'Points have no value at this store (Settings → Value per point)')
  const points = payment.points
  if (points === null) throw at('points', 'Type the points to use')
  const valueMinor = points * perPoint
  if (payment.amountMinor !== valueMinor) {
    throw at('points', `${plural(points)} are worth ${money(valueMinor)} at ${money(perPoint)} a point, not ${money(payment.amountMinor)}: check the amount`)
  }
  if (points > customer.balance) throw at('points', pointsOverBalance(customer.name, customer.balance, points, perPoint, terms.currency))
  const othersMinor = payments.reduce((sum, p, i) => sum + (i === index || p.method === 'cash' ? 0 : p.amountMinor), 0)
  const leftMinor = totalMinor - othersMinor
  if (valueMinor > leftMinor) throw at('points', pointsOverLeft(leftMinor, points, perPoint, terms.currency))
  return { points, valueMinor }
}
