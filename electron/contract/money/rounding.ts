/**
 * n ÷ d rounded half away from zero, in exact integer arithmetic (BigInt: a line of
 * 10,000 × 10,000,000.00 at 8.875 % overflows a float's exact range before it is divided).
 */
export function divideRoundHalfAwayFromZero(n: bigint, d: bigint): bigint {
  if (d <= 0n) throw new RangeError('divisor must be positive')
  const negative = n < 0n
  const magnitude = negative ? -n : n
  let quotient = magnitude / d
  if ((magnitude % d) * 2n >= d) quotient += 1n
  return negative ? -quotient : quotient
}

/** For whole-number inputs that stay within Number's exact range. */
export function roundedRatio(n: number, d: number): number {
  return Number(divideRoundHalfAwayFromZero(BigInt(n), BigInt(d)))
}

const minorUnits = new Map<string, number>()

/** How many minor units make one major unit: 100 for USD, 1 for JPY, 1000 for BHD. Cached: Intl is slow to build. */
export function minorPerMajor(currency: string): number {
  let units = minorUnits.get(currency)
  if (units === undefined) {
    const digits = new Intl.NumberFormat('en', { style: 'currency', currency }).resolvedOptions().maximumFractionDigits ?? 2
    units = 10 ** digits
    minorUnits.set(currency, units)
  }
  return units
}

/**
 * `minor` units of `from` written as minor units of `to`, the same figure (1 cent, 0.01, is 10
 * fils, 0.010; 100 cents are 1 yen); null when `to` has no whole number of units for it (5
 * cents, 0.05, in yen). No exchange rate: the number the owner sees stays the same.
 */
export function sameFigureInMinorUnits(minor: number, from: string, to: string): number | null {
  const fromUnits = minorPerMajor(from)
  const toUnits = minorPerMajor(to)
  if (toUnits >= fromUnits) return minor * (toUnits / fromUnits)
  const ratio = fromUnits / toUnits
  return minor % ratio === 0 ? minor / ratio : null
}
