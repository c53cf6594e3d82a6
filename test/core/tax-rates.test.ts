import { randomUUID } from 'node:crypto'
import { afterEach, describe, expect, it } from 'vitest'
import { REPEAT_WINDOW_MS } from '../../electron/core/repeated-requests'
import { changeLog, manualClock, startSetUpCore, type TestCore } from '../support/core'
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

describe('a new tax rate with a requestId (the dialog’s, one per opened form)', () => {
  const rows = async (c: TestCore) => (await c.services.db('tax_rates').select('name', 'rate_millipercent', 'active')).map((r) => `${r.name} ${r.rate_millipercent} ${r.active}`)

  it.each([true, false])('sent twice (active: %s): one rate, and the repeat answers it rather than refusing its own name', async (active) => {
    const clock = manualClock()
    core = await startSetUpCore({ now: clock.now })
    const request = { id: null, name: 'Reduced', ratePercent: 5, active, requestId: randomUUID() }
    const [first, second] = await Promise.all([core.call('taxRates:save', request), core.call('taxRates:save', request)])
    expect(first).toMatchObject({ ok: true, data: { name: 'Reduced', ratePercent: 5, active } })
    expect(second).toEqual(first)
    // A retry after a lost answer, past main's minute: the rate it made, read from the disk's record.
    clock.advance(REPEAT_WINDOW_MS + 60_000)
    expect(await core.call('taxRates:save', request)).toEqual(first)
    expect(await rows(core)).toEqual([`Reduced 5000 ${active ? 1 : 0}`])
    expect(await core.services.db('command_requests').where({ command: 'taxRates:save' }).pluck('request_id')).toEqual([request.requestId])
  })

  it('another request (the dialog opened again) is another rate; a change keeps no request id', async () => {
    core = await startSetUpCore()
    const first = await core.ok('taxRates:save', { id: null, name: 'Reduced', ratePercent: 5, active: false, requestId: randomUUID() })
    await core.ok('taxRates:save', { id: null, name: 'Reduced', ratePercent: 5, active: false, requestId: randomUUID() })
    expect(await rows(core)).toHaveLength(2)
    await core.ok('taxRates:save', { ...first, ratePercent: 6, requestId: randomUUID() })
    expect(await core.services.db('command_requests').where({ command: 'taxRates:save' }).count({ n: '*' }).first()).toEqual({ n: 2 })
  })
})
