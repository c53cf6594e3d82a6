import { describe, expect, it } from 'vitest'
import { pointsEarned } from '../../../electron/core/loyalty/earning'

describe('points earned by a sale', () => {
  it.each([
    // subtotal (minor), points per unit, currency, points
    [2599, 1, 'USD', 25],
    [2599, 2, 'USD', 51],
    [1000, 0.1, 'USD', 1],
    [999, 0.1, 'USD', 0],
    [1000, 1.5, 'USD', 15],
    [3000, 0.3, 'USD', 9],
    [1500, 1, 'JPY', 1500],
    [1999, 1, 'BHD', 1],
    [0, 5, 'USD', 0],
    [5000, 0, 'USD', 0],
  ])('%d minor at %d/unit in %s → %d points', (subtotal, rate, currency, expected) => {
    expect(pointsEarned(subtotal, rate, currency)).toBe(expected)
  })
})
