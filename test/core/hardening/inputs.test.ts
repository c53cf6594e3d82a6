import { afterEach, describe, expect, it } from 'vitest'
import { encodeCursor } from '../../../electron/core/db/keyset'
import { startSetUpCore, type TestCore } from '../../support/core'
import { addShopper } from '../../support/shoppers'

/**
 * Inputs that made a command answer INTERNAL, some before sign-in (hardening issue, defects 6
 * and 7), each a named regression. The fuzz test (test/core/fuzz) looks for more.
 */
let core: TestCore | undefined
afterEach(async () => {
  await core?.cleanup()
  core = undefined
})

const refused = (field: string) => ({ ok: false, error: { code: 'VALIDATION', fields: { [field]: expect.any(String) } } })

describe('impossible and extreme dates', () => {
  it.each(['2024-13-01', '2024-00-10', '0000-00-00', '2023-02-29', '9999-01-01'])('a custom period from %s is refused on the field', async (from) => {
    core = await startSetUpCore()
    const shopper = await addShopper(core)
    const period = { period: 'custom', from, to: '2024-12-31' } as const
    expect(await core.call('metrics:customer', { customerId: shopper.id, ...period })).toMatchObject(refused('from'))
    expect(await core.call('receipts:listForCustomer', { customerId: shopper.id, ...period })).toMatchObject(refused('from'))
    expect(await core.call('customers:search', { ...period })).toMatchObject(refused('from'))
  })

  it('a customer list period ending 9999-12-31 is refused; one ending 9998-12-31 answers', async () => {
    core = await startSetUpCore()
    expect(await core.call('customers:search', { period: 'custom', from: '2024-01-01', to: '9999-12-31' })).toMatchObject(refused('to'))
    expect(await core.call('customers:search', { period: 'custom', from: '9998-01-01', to: '9998-12-31' })).toMatchObject({ ok: true })
  })

  it('a one-month period in year 9998 answers one month, and a period longer than 20 years is refused', async () => {
    core = await startSetUpCore()
    const shopper = await addShopper(core)
    const month = await core.ok('metrics:customer', { customerId: shopper.id, period: 'custom', from: '9998-03-01', to: '9998-03-31' })
    expect(month.sales[0].netSalesBars.map((b) => b.bar)).toEqual(['9998-03'])
    const long = await core.call('metrics:customer', { customerId: shopper.id, period: 'custom', from: '1990-01-01', to: '2010-01-02' })
    expect(long).toMatchObject(refused('to'))
    const twenty = await core.ok('metrics:customer', { customerId: shopper.id, period: 'custom', from: '1990-01-01', to: '2010-01-01' })
    // Longer than 24 months: a bar per year, 1990 to 2010.
    expect(twenty.sales[0]).toMatchObject({ netSalesBy: 'year' })
    expect(twenty.sales[0].netSalesBars).toHaveLength(21)
  })
})

describe('searches', () => {
  it.each(['😀a', '😀😀', 'a😀', '😀', '👨‍👩‍👧‍👦'])('%s answers (an empty full-text match is no error)', async (query) => {
    core = await startSetUpCore()
    await addShopper(core, { firstName: 'Ana' })
    expect(await core.call('customers:search', { query })).toMatchObject({ ok: true, data: { rows: [] } })
  })

  it.each(['a\u0000b', '\u0000', 'ana\u202e'])('%j is refused as containing control characters', async (query) => {
    core = await startSetUpCore()
    expect(await core.call('customers:search', { query })).toMatchObject(refused('query'))
  })
})

describe('forged paging cursors', () => {
  const forged = (total: string) => encodeCursor(['createdAt', 'desc', 'values', '2026-01-01T00:00:00.000Z', '01900000-0000-7000-8000-000000000000', total, '0'])

  it.each(['9'.repeat(400), String(2 ** 53 + 1), '20001'])('a cursor whose total is %s is refused on the field', async (total) => {
    core = await startSetUpCore()
    expect(await core.call('customers:search', { after: forged(total) })).toMatchObject(refused('after'))
  })

  it('a cursor that is not base64url is refused before it reaches the search', async () => {
    core = await startSetUpCore()
    expect(await core.call('customers:search', { after: '!!not a cursor!!' })).toMatchObject(refused('after'))
    expect(await core.call('customers:search', { after: forged('3') })).toMatchObject({ ok: true })
  })
})
