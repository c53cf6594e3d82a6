import { afterEach, describe, expect, it } from 'vitest'
import { changeLog, startSetUpCore, type TestCore } from '../support/core'
import { addTaxRate } from '../support/sales'

let core: TestCore | undefined
afterEach(async () => {
  await core?.cleanup()
  core = undefined
})

const refusal = (name: string) => ({
  ok: false,
  error: { code: 'CONFLICT', fields: { name: `${name} is already an active tax rate: choose another name, or switch that one off first` } },
})

describe('tax rate names: one active rate per name, as a sale lists them', () => {
  it.each(['vat', 'VAT', ' V A T ', 'Vät', 'vAT'])('refuses a new active rate named %j beside an active VAT, writing nothing', async (name) => {
    core = await startSetUpCore()
    await addTaxRate(core, 'VAT', 20)
    const logged = (await changeLog(core)).length
    expect(await core.call('taxRates:save', { id: null, name, ratePercent: 5 })).toMatchObject(refusal('VAT'))
    expect((await core.ok('taxRates:list', {})).map((rate) => rate.name)).toEqual(['VAT'])
    expect(await changeLog(core)).toHaveLength(logged)
  })

  it('refuses renaming or switching on a rate into a name an active one has', async () => {
    core = await startSetUpCore()
    await addTaxRate(core, 'VAT', 20)
    const reduced = await addTaxRate(core, 'Reduced', 5)
    expect(await core.call('taxRates:save', { ...reduced, name: 'vat' })).toMatchObject(refusal('VAT'))
    const off = await core.ok('taxRates:save', { id: null, name: 'Vat', ratePercent: 5, active: false })
    expect(await core.call('taxRates:save', { ...off, active: true })).toMatchObject(refusal('VAT'))
  })

  it('lets a rate keep its own name, a switched-off rate share one, and a new rate take the name of one switched off', async () => {
    core = await startSetUpCore()
    const vat = await addTaxRate(core, 'VAT', 20)
    expect(await core.ok('taxRates:save', { ...vat, name: 'Vat', ratePercent: 21 })).toMatchObject({ name: 'Vat', ratePercent: 21 })
    expect(await core.ok('taxRates:save', { id: null, name: 'VAT', ratePercent: 20, active: false })).toMatchObject({ active: false })
    await core.ok('taxRates:save', { ...vat, name: 'Vat', ratePercent: 21, active: false })
    expect(await core.ok('taxRates:save', { id: null, name: 'VAT', ratePercent: 22 })).toMatchObject({ name: 'VAT', active: true })
    // A name that only starts like another is a name of its own.
    expect(await core.ok('taxRates:save', { id: null, name: 'VAT 2', ratePercent: 5 })).toMatchObject({ active: true })
  })
})
