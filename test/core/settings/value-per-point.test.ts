import { afterEach, describe, expect, it } from 'vitest'
import { sameFigureInMinorUnits } from '../../../electron/contract/money/rounding'
import { changeLog, startSetUpCore, type TestCore } from '../../support/core'

let core: TestCore | undefined
afterEach(async () => {
  await core?.cleanup()
  core = undefined
})

async function withValue(c: TestCore, loyaltyValuePerPointMinor: number) {
  return c.ok('settings:update', { ...(await c.ok('settings:get', {})), loyaltyValuePerPointMinor })
}

describe('the value per point when the currency changes before the first sale', () => {
  it('writes a figure as minor units of another currency, or says it has none', () => {
    expect(sameFigureInMinorUnits(1, 'USD', 'KWD')).toBe(10)
    expect(sameFigureInMinorUnits(10, 'KWD', 'USD')).toBe(1)
    expect(sameFigureInMinorUnits(300, 'USD', 'JPY')).toBe(3)
    expect(sameFigureInMinorUnits(5, 'USD', 'JPY')).toBeNull()
    expect(sameFigureInMinorUnits(7, 'EUR', 'USD')).toBe(7)
  })

  it('carries the value over as the same figure when the update leaves its currency out (1 cent → 10 fils)', async () => {
    core = await startSetUpCore()
    const settings = await withValue(core, 1)
    expect(await core.ok('settings:update', { ...settings, currency: 'KWD' })).toMatchObject({ currency: 'KWD', loyaltyValuePerPointMinor: 10 })
    // And back: 10 fils are 1 cent.
    expect(await core.ok('settings:update', { ...(await core.ok('settings:get', {})), currency: 'USD' })).toMatchObject({ loyaltyValuePerPointMinor: 1 })
    expect(await core.ok('settings:update', { ...(await withValue(core, 300)), currency: 'JPY' })).toMatchObject({ loyaltyValuePerPointMinor: 3 })
  })

  it('takes the value as given when the update says it is in the new currency (the Settings screen does)', async () => {
    core = await startSetUpCore()
    const settings = await withValue(core, 1)
    expect(await core.ok('settings:update', { ...settings, currency: 'KWD', loyaltyValuePerPointMinor: 25, loyaltyValueCurrency: 'KWD' })).toMatchObject({
      currency: 'KWD',
      loyaltyValuePerPointMinor: 25,
    })
  })

  it('keeps the number when the currency stays, whatever currency the update names for it', async () => {
    core = await startSetUpCore()
    const settings = await withValue(core, 4)
    expect(await core.ok('settings:update', { ...settings, storeName: 'Renamed' })).toMatchObject({ loyaltyValuePerPointMinor: 4 })
    expect(await core.ok('settings:update', { ...settings, loyaltyValueCurrency: 'USD' })).toMatchObject({ loyaltyValuePerPointMinor: 4 })
  })

  it.each([
    ['5 cents in yen', 5, 'JPY', '$0.05 per point is not a whole number of JPY minor units: enter what one point is worth in JPY'],
    ['a figure past the maximum in fils', 20_000, 'KWD', '$200.00 per point is 200000 KWD minor units, more than 100000: enter what one point is worth in KWD'],
  ])('refuses %s on the field, and changes nothing', async (_label, value, currency, message) => {
    core = await startSetUpCore()
    const settings = await withValue(core, value)
    const logged = (await changeLog(core)).length
    const result = await core.call('settings:update', { ...settings, currency })
    expect(result).toMatchObject({ ok: false, error: { code: 'VALIDATION', fields: { loyaltyValuePerPointMinor: message } } })
    expect(await core.ok('settings:get', {})).toEqual(settings)
    expect(await changeLog(core)).toHaveLength(logged)
  })
})
