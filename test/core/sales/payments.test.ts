import { describe, expect, it } from 'vitest'
import { AppError } from '../../../electron/core/errors'
import { settlePayments, type Tender } from '../../../electron/core/money/payments'
import { defaultReceiptPrefix, formatReceiptNumber } from '../../../electron/core/sales/receipt-number'

const pay = (method: Tender['method'], amountMinor: number): Tender => ({ method, amountMinor })

function refusal(run: () => unknown): AppError {
  try {
    run()
  } catch (error) {
    if (error instanceof AppError) return error
    throw error
  }
  throw new Error('expected a refusal')
}

describe('split payments', () => {
  it('accepts card and cash that cover the total exactly: no change', () => {
    expect(settlePayments(2500, [pay('card', 2000), pay('cash', 500)], 'USD')).toEqual({ paidMinor: 2500, changeMinor: 0 })
  })

  it('gives change when cash is more than what is left', () => {
    expect(settlePayments(2537, [pay('gift_card', 1000), pay('cash', 2000)], 'USD')).toEqual({ paidMinor: 3000, changeMinor: 463 })
  })

  it('refuses payments that fall short, saying by how much, on the payments field', () => {
    const error = refusal(() => settlePayments(2537, [pay('card', 2500)], 'USD'))
    expect(error.code).toBe('VALIDATION')
    expect(error.fields).toEqual({ payments: 'Payments are $0.37 short of the total $25.37' })
  })

  it('refuses a card, gift card or other payment above the total, even with cash beside it', () => {
    for (const method of ['card', 'gift_card', 'other'] as const) {
      const error = refusal(() => settlePayments(1000, [pay(method, 1001), pay('cash', 0)], 'USD'))
      expect(error.fields?.payments, method).toMatch(/Only cash can be more than the total \$10\.00/)
    }
  })

  it('needs no payment for a sale of nothing to pay', () => {
    expect(settlePayments(0, [], 'USD')).toEqual({ paidMinor: 0, changeMinor: 0 })
  })
})

describe('receipt numbers', () => {
  it('prefixes a zero-padded store sequence', () => {
    expect(formatReceiptNumber('CS', 1)).toBe('CS-000001')
    expect(formatReceiptNumber('NORTH', 1_234_567)).toBe('NORTH-1234567')
  })

  it.each([
    ['Corner Shop', 'CS'],
    ['  the  north-end   store 2 ', 'TNES'],
    ['Café Élan', 'CE'],
    ['!!!', 'R'],
  ])('%j → default prefix %s', (name, prefix) => {
    expect(defaultReceiptPrefix(name)).toBe(prefix)
  })
})
