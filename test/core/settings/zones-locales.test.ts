import { afterEach, describe, expect, it } from 'vitest'
import { LOCALES, TIME_ZONES } from '../../../electron/contract/regional'
import { changeLog, startSetUpCore, startTestCore, OWNER, STORE, type TestCore } from '../../support/core'
import { simpleSale } from '../../support/sales'
import { addShopper } from '../../support/shoppers'

let core: TestCore | undefined
afterEach(async () => {
  await core?.cleanup()
  core = undefined
})

/** What an older version saved: any zone or locale Intl knew, written straight to the store's row. */
async function storedByAnOlderVersion(c: TestCore, row: { time_zone?: string; locale?: string; loyalty_points_per_unit?: number }) {
  await c.services.db('stores').where({ id: c.services.localStoreId() }).update(row)
}

describe('time zones: exactly the ones the screens list, by the names they list them under', () => {
  it.each([
    ['america/new_york', 'Choose America/New_York from the list (“america/new_york” is another name for it)'],
    ['US/Eastern', 'Choose America/New_York from the list (“US/Eastern” is another name for it)'],
    ['EST', 'Choose America/Panama from the list (“EST” is another name for it)'],
    ['utc', 'Choose UTC from the list (“utc” is another name for it)'],
    ['SystemV/EST5', 'Choose a time zone from the list, such as America/New_York'],
    ['Mars/Olympus_Mons', 'Choose a time zone from the list, such as America/New_York'],
  ])('refuses %s with a message on the field, and saves nothing', async (zone, message) => {
    core = await startSetUpCore()
    const settings = await core.ok('settings:get', {})
    const logged = (await changeLog(core)).length
    const result = await core.call('settings:update', { ...settings, timeZone: zone })
    expect(result).toMatchObject({ ok: false, error: { code: 'VALIDATION', fields: { timeZone: message } } })
    expect(await changeLog(core)).toHaveLength(logged)
  })

  it('refuses an alias at setup too', async () => {
    core = await startTestCore()
    const result = await core.call('auth:setup', { store: { ...STORE, timeZone: 'US/Eastern' }, owner: OWNER })
    expect(result).toMatchObject({ ok: false, error: { code: 'VALIDATION', fields: { 'store.timeZone': expect.stringContaining('America/New_York') } } })
  })

  it('takes every zone the list offers, UTC first', async () => {
    core = await startSetUpCore()
    expect(TIME_ZONES[0]).toBe('UTC')
    expect(TIME_ZONES).toContain('America/New_York')
    const settings = await core.ok('settings:get', {})
    for (const zone of ['UTC', 'Europe/Lisbon', 'Asia/Calcutta', TIME_ZONES[TIME_ZONES.length - 1]]) {
      expect((await core.ok('settings:update', { ...settings, timeZone: zone })).timeZone).toBe(zone)
    }
  })

  it('reads a stored alias by its listed name, so Settings shows it and saving other fields keeps the same clock', async () => {
    core = await startSetUpCore()
    for (const [stored, listed] of [['US/Eastern', 'America/New_York'], ['utc', 'UTC'], ['EST', 'America/Panama'], ['Asia/Kolkata', 'Asia/Calcutta']]) {
      await storedByAnOlderVersion(core, { time_zone: stored })
      const settings = await core.ok('settings:get', {})
      expect(settings.timeZone).toBe(listed)
      expect(await core.ok('settings:update', { ...settings, storeName: `Shop in ${listed}` })).toMatchObject({ timeZone: listed })
      expect((await core.services.db('stores').first()).time_zone).toBe(listed)
    }
  })

  it('keeps a stored zone the list has no name for: shown as stored, kept by an update that leaves it out, sales and metrics still work', async () => {
    core = await startSetUpCore()
    await storedByAnOlderVersion(core, { time_zone: 'SystemV/EST5' })
    const settings = await core.ok('settings:get', {})
    expect(settings.timeZone).toBe('SystemV/EST5')
    const { timeZone: _kept, ...withoutZone } = settings
    expect(await core.ok('settings:update', { ...withoutZone, storeName: 'Renamed' })).toMatchObject({ storeName: 'Renamed', timeZone: 'SystemV/EST5' })
    const shopper = await addShopper(core)
    expect(await core.ok('sales:create', simpleSale(shopper.id, 500))).toMatchObject({ totalMinor: 500 })
    const metrics = await core.ok('metrics:customer', { customerId: shopper.id, period: 'thisYear' })
    expect(metrics.sales[0]).toMatchObject({ currency: 'USD', saleAmountMinor: 500 })
    // Choosing a listed zone replaces it.
    expect(await core.ok('settings:update', { ...settings, timeZone: 'America/Chicago' })).toMatchObject({ timeZone: 'America/Chicago' })
  })
})

describe('locales: exactly the ones the screens list', () => {
  it.each(['ar-EG', 'fa-IR', 'th-TH', 'zh-CN'])('refuses %s, whose dates the date boxes cannot read back', async (tag) => {
    core = await startSetUpCore()
    const settings = await core.ok('settings:get', {})
    const result = await core.call('settings:update', { ...settings, locale: tag })
    expect(result).toMatchObject({ ok: false, error: { code: 'VALIDATION', fields: { locale: 'Choose one of the listed locales, such as en-US' } } })
    expect((await core.ok('settings:get', {})).locale).toBe('en-US')
  })

  it('takes every listed locale', async () => {
    core = await startSetUpCore()
    const settings = await core.ok('settings:get', {})
    for (const tag of LOCALES) expect((await core.ok('settings:update', { ...settings, locale: tag })).locale).toBe(tag)
  })

  it('reads a stored locale the list no longer has as the first listed one of its language, else en-US', async () => {
    core = await startSetUpCore()
    for (const [stored, read] of [['fr-LU', 'fr-FR'], ['es-AR', 'es-ES'], ['ar-EG', 'en-US'], ['th-TH', 'en-US']]) {
      await storedByAnOlderVersion(core, { locale: stored })
      const settings = await core.ok('settings:get', {})
      expect(settings.locale).toBe(read)
      expect(await core.ok('settings:update', { ...settings, storeName: 'Renamed' })).toMatchObject({ locale: read })
    }
  })
})

describe('points per currency unit: up to the four decimals the Settings field shows', () => {
  it.each([0.01, 0.0001, 1.2345, 1000])('takes %s', async (points) => {
    core = await startSetUpCore()
    const settings = await core.ok('settings:get', {})
    expect((await core.ok('settings:update', { ...settings, loyaltyPointsPerUnit: points })).loyaltyPointsPerUnit).toBe(points)
  })

  it.each([0.00005, 1e-9, 0.12345])('refuses %s on the field', async (points) => {
    core = await startSetUpCore()
    const settings = await core.ok('settings:get', {})
    const result = await core.call('settings:update', { ...settings, loyaltyPointsPerUnit: points })
    expect(result).toMatchObject({ ok: false, error: { code: 'VALIDATION', fields: { loyaltyPointsPerUnit: 'At most four decimals (0.0001)' } } })
  })

  it('reads a stored rule with more decimals as the field shows it, which saving then writes', async () => {
    core = await startSetUpCore()
    await storedByAnOlderVersion(core, { loyalty_points_per_unit: 0.123456 })
    const settings = await core.ok('settings:get', {})
    expect(settings.loyaltyPointsPerUnit).toBe(0.1235)
    expect((await core.ok('settings:update', settings)).loyaltyPointsPerUnit).toBe(0.1235)
  })
})
