import { z } from 'zod'

/** Money is an integer count of the currency's minor unit (cents); this cap keeps sums exact. */
export const MAX_MINOR = 1_000_000_000

export const minorAmount = (label: string) =>
  z
    .number({ message: `${label} must be a number` })
    .int(`${label} must be whole cents`)
    .min(0, `${label} cannot be negative`)
    .max(MAX_MINOR, `${label} is too large`)
