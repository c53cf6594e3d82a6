import type { PaymentMethod } from '../../contract/sales'
import { fieldError } from '../errors'
import { formatMoney } from '../../contract/money/format'

export interface Tender {
  method: PaymentMethod
  amountMinor: number
}

export interface Settlement {
  /** Everything handed over. */
  paidMinor: number
  /** Cash handed back: paid − total. */
  changeMinor: number
}

/**
 * Payments must cover the total. Only cash can be more than what is owed (the rest is
 * change); a card, gift card or other payment above the total would be refunded as cash,
 * which the desk should never do by accident.
 */
export function settlePayments(totalMinor: number, payments: readonly Tender[], currency: string): Settlement {
  const paidMinor = payments.reduce((a, p) => a + p.amountMinor, 0)
  const nonCashMinor = payments.filter((p) => p.method !== 'cash').reduce((a, p) => a + p.amountMinor, 0)
  if (paidMinor < totalMinor) {
    throw fieldError(
      'payments',
      `Payments are ${formatMoney(totalMinor - paidMinor, currency)} short of the total ${formatMoney(totalMinor, currency)}`,
    )
  }
  if (nonCashMinor > totalMinor) {
    throw fieldError('payments', `Only cash can be more than the total ${formatMoney(totalMinor, currency)}`)
  }
  return { paidMinor, changeMinor: paidMinor - totalMinor }
}
