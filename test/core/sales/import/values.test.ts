import { describe, expect, it } from 'vitest'
import { readDateTime, readMoney, readPaymentMethod, readQuantity, readTaxRate } from '../../../../electron/core/sales/import/values'

const NOW = new Date('2026-12-06T12:00:00Z')
const at = (raw: string, order: 'mdy' | 'dmy' | null = null) => readDateTime(raw, order, '2026-12-06', 'America/New_York', NOW)

describe("a receipt file's values", () => {
  it('reads amounts as registers write them, in the currency’s minor units', () => {
    for (const [raw, minor] of [['12.50', 1250], ['$12.50', 1250], ['12,50 €', 1250], ['1,234.50', 123450], ['1.234,50', 123450], ['7', 700], ['0.5', 50], ['1,000', 100000]] as const) {
      expect(readMoney(raw, 'USD', 'Unit price'), raw).toEqual({ ok: true, value: minor })
    }
    expect(readMoney('1500', 'JPY', 'Unit price')).toEqual({ ok: true, value: 1500 })
    expect(readMoney('1.234', 'BHD', 'Unit price')).toEqual({ ok: true, value: 1234 })
    expect(readMoney('-3.00', 'USD', 'Unit price')).toEqual({ ok: false, message: 'Unit price cannot be negative' })
    expect(readMoney('(5.00)', 'USD', 'Unit price')).toEqual({ ok: false, message: 'Unit price cannot be negative' })
    expect(readMoney('$ (5.00)', 'USD', 'Unit price')).toEqual({ ok: false, message: 'Unit price cannot be negative' })
    // The typographic minus of many exports, and a trailing one, were stripped and read as +5.00.
    for (const raw of ['\u22125.00', '5.00-', '$5.00 -', '\u2013 5.00']) expect(readMoney(raw, 'USD', 'Unit price'), raw).toEqual({ ok: false, message: 'Unit price cannot be negative' })
    // Three decimals after a zero are no thousands: it was read as $125.
    expect(readMoney('0.125', 'USD', 'Unit price')).toEqual({ ok: false, message: 'Unit price has more decimals than USD has (2)' })
    expect(readMoney('1.125', 'USD', 'Unit price')).toEqual({ ok: true, value: 112500 })
    expect(readMoney('12.5.5x', 'USD', 'Unit price').ok).toBe(false)
    expect(readMoney('9'.repeat(40), 'USD', 'Unit price')).toEqual({ ok: false, message: 'Unit price is too large' })
    expect(readMoney('', 'USD', 'Payment amount')).toEqual({ ok: false, message: 'Payment amount is empty' })
  })

  it('reads quantities, tax rates and payment methods within the desk’s ranges', () => {
    expect(readQuantity('2.0')).toEqual({ ok: true, value: 2 })
    expect(readQuantity('-1').ok).toBe(false)
    expect(readQuantity('1.5')).toEqual({ ok: false, message: 'Quantity must be a whole number' })
    // One mark before three digits groups thousands in one register's file, writes decimals in another's: asked, not guessed.
    expect(readQuantity('1,000')).toEqual({ ok: false, message: 'Quantity “1,000” may mean 1000 or 1: write it without the mark (1000 or 1)' })
    expect(readQuantity('2.500')).toEqual({ ok: false, message: 'Quantity “2.500” may mean 2500 or 2.5: write it without the mark (2500)' })
    expect(readQuantity('100.000')).toEqual({ ok: false, message: 'Quantity “100.000” may mean 100000 or 100: write it without the mark (100)' })
    expect(readQuantity('0,000')).toEqual({ ok: false, message: 'Quantity “0,000” may mean 0 or 0: write the quantity as a whole number from 1 to 10000' })
    expect(readQuantity('2.0000')).toEqual({ ok: true, value: 2 })
    expect(readQuantity('1000')).toEqual({ ok: true, value: 1000 })
    expect(readTaxRate('8.875 %')).toEqual({ ok: true, value: 8875 })
    expect(readTaxRate('8,25')).toEqual({ ok: true, value: 8250 })
    expect(readTaxRate('')).toEqual({ ok: true, value: null })
    expect(readTaxRate('101')).toEqual({ ok: false, message: 'Tax rate is at most 100 %' })
    expect(readTaxRate('8.8755').ok).toBe(false)
    expect(readPaymentMethod('Credit Card')).toEqual({ ok: true, value: 'card' })
    expect(readPaymentMethod('gift_card')).toEqual({ ok: true, value: 'gift_card' })
    expect(readPaymentMethod('cheque').ok).toBe(false)
  })

  it('reads a date and time on the store’s clock, or at the offset the cell gives', () => {
    expect(at('2026-03-14 14:30')).toEqual({ ok: true, value: '2026-03-14T18:30:00.000Z' })
    expect(at('2026-01-14T14:30:15')).toEqual({ ok: true, value: '2026-01-14T19:30:15.000Z' })
    expect(at('2026-03-14T18:30:00Z')).toEqual({ ok: true, value: '2026-03-14T18:30:00.000Z' })
    expect(at('2026-03-14 14:30 +01:00')).toEqual({ ok: true, value: '2026-03-14T13:30:00.000Z' })
    expect(at('03/15/2026 9:05 PM')).toEqual({ ok: true, value: '2026-03-16T01:05:00.000Z' })
    expect(at('12:30 AM'.replace(/^/, '14 Mar 2026 '))).toEqual({ ok: true, value: '2026-03-14T04:30:00.000Z' })
    // A date alone is noon there.
    expect(at('2026-07-04')).toEqual({ ok: true, value: '2026-07-04T16:00:00.000Z' })
    expect(at('03/04/2026 10:00')).toEqual({ ok: false, ambiguous: true })
    expect(at('03/04/2026 10:00', 'dmy')).toEqual({ ok: true, value: '2026-04-03T14:00:00.000Z' })
    // 02:30 on 8 March 2026 never happened in New York: the clocks went from 02:00 to 03:00.
    expect(at('2026-03-08 02:30')).toMatchObject({ ok: false, message: expect.stringContaining('clocks skipped') })
    expect(at('2026-12-07 09:00')).toEqual({ ok: false, message: 'Date is in the future' })
    expect(at('2026-03-14 25:00').ok).toBe(false)
    expect(at('13:30 PM'.replace(/^/, '2026-03-14 ')).ok).toBe(false)
    expect(at('yesterday').ok).toBe(false)
  })
})
