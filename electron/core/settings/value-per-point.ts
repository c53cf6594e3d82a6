import type { ParsedInput } from '../../contract'
import { MAX_VALUE_PER_POINT_MINOR as MAX_VALUE_PER_POINT } from '../../contract/settings'
import { formatMoney } from '../../contract/money/format'
import { sameFigureInMinorUnits } from '../../contract/money/rounding'
import { fieldError } from '../errors'

/**
 * The value per point to store, in minor units of the currency the update sets. It is given in
 * `loyaltyValueCurrency`, or, left out, in the currency the store had (`storedCurrency`): a
 * currency change before the first sale (USD → KWD) would otherwise leave the same number,
 * read in the new currency's minor units (1 cent becoming 1 fils, a tenth of the figure). It
 * is carried over as the same figure (1 cent, $0.01, is 10 fils, KWD 0.010); where the new
 * currency has no whole number of minor units for it (5 cents in yen), or it would pass the
 * field's maximum, the field says what to enter instead.
 */
export function valuePerPointIn(input: ParsedInput<'settings:update'>, storedCurrency: string): number {
  const given = input.loyaltyValuePerPointMinor
  const from = input.loyaltyValueCurrency ?? storedCurrency
  if (from === input.currency) return given
  const carried = sameFigureInMinorUnits(given, from, input.currency)
  const figure = formatMoney(given, from)
  if (carried === null) {
    throw fieldError('loyaltyValuePerPointMinor', `${figure} per point is not a whole number of ${input.currency} minor units: enter what one point is worth in ${input.currency}`)
  }
  if (carried > MAX_VALUE_PER_POINT) {
    throw fieldError('loyaltyValuePerPointMinor', `${figure} per point is ${carried} ${input.currency} minor units, more than ${MAX_VALUE_PER_POINT}: enter what one point is worth in ${input.currency}`)
  }
  return carried
}
