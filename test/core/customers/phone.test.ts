import { parsePhoneNumberFromString } from 'libphonenumber-js'
import { describe, expect, it } from 'vitest'
import { formatPhone, parsePhone, phoneDigitVariants } from '../../../electron/core/customers/phone'

const NUMBERS = ['+14155552671', '+14155550342', '+442079461234', '+12125550199', '+16045550123', '+442079460958', '+447400123456', '+4930123456', '+493012345678', '+33612345678', '+525512345678', '+390612345678', '+81312345678']

describe('phones', () => {
  it.each(['US', 'GB', 'DE', 'JP'])('formats as libphonenumber does for a store in %s, also from the remembered template', (store) => {
    for (const e164 of NUMBERS) {
      const number = parsePhoneNumberFromString(e164)!
      const expected = number.country === store ? number.formatNational() : number.formatInternational()
      expect(formatPhone(e164, store), e164).toBe(expected)
      expect(formatPhone(e164, store), `${e164} again`).toBe(expected)
    }
  })

  it('gives the digits a partial search is matched against: international, and national as dialled at home', () => {
    expect(phoneDigitVariants(parsePhone('(415) 555-2671', 'US')!)).toEqual(['14155552671'])
    expect(phoneDigitVariants(parsePhone('020 7946 0958', 'GB')!)).toEqual(['442079460958', '02079460958'])
    expect(phoneDigitVariants(parsePhone('+39 06 1234 5678', 'US')!)).toEqual(['390612345678'])
  })

  it('accepts only valid numbers', () => {
    expect(parsePhone('555', 'US')).toBeNull()
    expect(parsePhone('+44 20 7946 0958', 'US')?.number).toBe('+442079460958')
  })
})
