import { afterEach, describe, expect, it } from 'vitest'
import type { Settings } from '../../electron/contract/settings'
import { OWNER, STORE, changeLog, signIn, startSetUpCore, startTestCore, type TestCore } from '../support/core'
import { simpleSale } from '../support/sales'

let core: TestCore | undefined
afterEach(async () => {
  await core?.cleanup()
  core = undefined
})

const afterSetup: Settings = {
  storeName: STORE.name,
  currency: STORE.currency,
  timeZone: STORE.timeZone,
  country: 'US',
  locale: 'en-US',
  medicalShop: false,
  loyaltyEnrollByDefault: true,
  loyaltyPointsPerUnit: 1,
  loyaltyValuePerPointMinor: 1,
  autoCheckoutAtDayStart: false,
  // Setup gives the store its initials as the prefix (Corner Shop → CS).
  receiptPrefix: 'CS',
  storeAddress: '',
}

const changed: Settings = {
  storeName: 'Harbour Pharmacy',
  currency: 'EUR',
  timeZone: 'Europe/Lisbon',
  country: 'PT',
  locale: 'pt-PT',
  medicalShop: true,
  loyaltyEnrollByDefault: false,
  loyaltyPointsPerUnit: 0.5,
  loyaltyValuePerPointMinor: 3,
  autoCheckoutAtDayStart: true,
  receiptPrefix: 'HP2',
  storeAddress: 'Rua do Ouro 12\n1100-060 Lisboa',
}

describe('settings', () => {
  it('reads the store set up at first run', async () => {
    core = await startSetUpCore()
    expect(await core.ok('settings:get', {})).toEqual(afterSetup)
  })

  it('cannot be read before setup: nobody can be signed in yet', async () => {
    core = await startTestCore()
    expect(await core.call('settings:get', {})).toMatchObject({ ok: false, error: { code: 'UNAUTHENTICATED' } })
  })

  it('saves an update that a new core on the same folder reads back, and logs each change', async () => {
    core = await startSetUpCore()
    const owner = (await core.ok('auth:status', {})).user!
    const before = await changeLog(core)
    expect(await core.ok('settings:update', changed)).toEqual(changed)
    expect(await core.ok('settings:get', {})).toEqual(changed)

    const logged = (await changeLog(core)).slice(before.length)
    expect(logged.map((r) => [r.field, JSON.parse(r.old_value!), JSON.parse(r.value!)])).toEqual([
      ['name', STORE.name, changed.storeName],
      ['currency', STORE.currency, changed.currency],
      ['time_zone', STORE.timeZone, changed.timeZone],
      ['country', 'US', 'PT'],
      ['medical_shop', 0, 1],
      ['locale', 'en-US', 'pt-PT'],
      ['loyalty_enroll_by_default', 1, 0],
      ['loyalty_points_per_unit', 1, 0.5],
      ['loyalty_value_per_point_minor', 1, 3],
      ['auto_checkout_at_day_start', 0, 1],
      ['receipt_prefix', 'CS', 'HP2'],
      ['address', '', changed.storeAddress],
    ])
    expect(new Set(logged.map((r) => r.user_id))).toEqual(new Set([owner.id]))

    const dir = core.dir
    await core.close()
    core = await startTestCore({ dataDir: dir })
    await signIn(core, 'reopened', OWNER.username, OWNER.password)
    expect(await core.ok('settings:get', {}, 'reopened')).toEqual(changed)
  })

  it('keeps the receipt prefix and the address when an update leaves them out', async () => {
    core = await startSetUpCore()
    await core.ok('settings:update', changed)
    const { receiptPrefix: _left, storeAddress: _kept, ...withoutThem } = changed
    expect(await core.ok('settings:update', { ...withoutThem, storeName: 'Renamed' })).toEqual({ ...changed, storeName: 'Renamed' })
  })

  it('keeps the locale and the loyalty default when an update leaves them out (an older form)', async () => {
    core = await startSetUpCore()
    await core.ok('settings:update', changed)
    const { locale: _locale, loyaltyEnrollByDefault: _default, ...older } = changed
    expect(await core.ok('settings:update', { ...older, storeName: 'Renamed' })).toEqual({ ...changed, storeName: 'Renamed' })
  })

  it('takes the country and locale given at setup', async () => {
    core = await startTestCore()
    await core.ok('auth:setup', { store: { ...STORE, country: 'GB', locale: 'en-GB' }, owner: OWNER })
    expect(await core.ok('settings:get', {})).toMatchObject({ country: 'GB', locale: 'en-GB', loyaltyEnrollByDefault: true })
  })

  it.each<[string, Partial<Settings>, keyof Settings]>([
    ['a locale written with an underscore', { locale: 'en_US' }, 'locale'],
    ['a locale of 21 characters', { locale: 'en-US-x-aaaaaaaaaaaaa' }, 'locale'],
    ['an unknown time zone', { timeZone: 'Mars/Olympus_Mons' }, 'timeZone'],
    ['an empty time zone', { timeZone: '' }, 'timeZone'],
    ['a lower-case currency', { currency: 'eur' }, 'currency'],
    ['a currency code that does not exist', { currency: 'XYZ' }, 'currency'],
    ['negative points per unit', { loyaltyPointsPerUnit: -1 }, 'loyaltyPointsPerUnit'],
    ['an address of 301 characters', { storeAddress: 'x'.repeat(301) }, 'storeAddress'],
    ['a negative point value', { loyaltyValuePerPointMinor: -5 }, 'loyaltyValuePerPointMinor'],
    ['a fractional point value', { loyaltyValuePerPointMinor: 1.5 }, 'loyaltyValuePerPointMinor'],
    ['a blank store name', { storeName: '   ' }, 'storeName'],
    ['a receipt prefix with a dash', { receiptPrefix: 'CS-1' }, 'receiptPrefix'],
    ['a lower-case receipt prefix', { receiptPrefix: 'cs' }, 'receiptPrefix'],
    ['a receipt prefix of 7 characters', { receiptPrefix: 'ABCDEFG' }, 'receiptPrefix'],
    ['a lower-case country', { country: 'pt' }, 'country'],
    ['a country code that does not exist', { country: 'XX' }, 'country'],
  ])('refuses %s with a field message and changes nothing', async (_label, patch, field) => {
    core = await startSetUpCore()
    const before = await changeLog(core)
    const rowBefore = await core.services.db('stores').first()
    // Everything else in the input is a real change, so a partial save would show.
    const result = await core.call('settings:update', { ...changed, ...patch })
    expect(result).toMatchObject({ ok: false, error: { code: 'VALIDATION' } })
    if (!result.ok) {
      expect(Object.keys(result.error.fields ?? {})).toEqual([field])
      expect(result.error.fields![field]).toMatch(/\w/)
    }
    expect(await core.ok('settings:get', {})).toEqual(afterSetup)
    expect(await core.services.db('stores').first()).toEqual(rowBefore)
    expect(await changeLog(core)).toEqual(before)
  })
})

describe('currency once sales exist', () => {
  it('refuses a new currency after the first sale, with a message on the field, and allows it before', async () => {
    const core = await startSetUpCore()
    try {
      const settings = await core.ok('settings:get', {})
      expect((await core.ok('settings:update', { ...settings, currency: 'EUR' })).currency).toBe('EUR')
      expect(await core.ok('settings:locks', {})).toEqual({ currencyLocked: false })
      await core.ok('sales:create', simpleSale(null))
      expect(await core.ok('settings:locks', {})).toEqual({ currencyLocked: true })
      const refused = await core.call('settings:update', { ...settings, currency: 'JPY' })
      expect(refused).toMatchObject({ ok: false, error: { code: 'VALIDATION', fields: { currency: 'The currency cannot change once sales are recorded' } } })
      expect((await core.ok('settings:get', {})).currency).toBe('EUR')
    } finally {
      await core.cleanup()
    }
  })
})
