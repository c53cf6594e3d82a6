import { rmSync } from 'node:fs'
import { afterEach, describe, expect, it } from 'vitest'
import { addUser, manualClock, OWNER, signIn, startSetUpCore, startTestCore, tempDir, type TestCore } from '../../support/core'
import { addCustomer } from '../customers/fixtures'

/**
 * Automatic check-out at the start of a new store day (PRODUCT 5.7, guide 000's "system
 * errors"): with the setting on, visits still open from an earlier day are checked out, dated
 * at the store's midnight, marked automatic; also when the app was closed over night.
 */
let cores: TestCore[] = []
let dirs: string[] = []
afterEach(async () => {
  for (const core of cores) await core.close().catch(() => {})
  for (const dir of dirs) rmSync(dir, { recursive: true, force: true })
  cores = []
  dirs = []
})

// New York midnight between 23 and 24 November 2026 (UTC−5).
const MIDNIGHT = '2026-11-24T05:00:00.000Z'

async function storeWithSetting(on: boolean, dataDir = tempDir()) {
  dirs.push(dataDir)
  const clock = manualClock('2026-11-24T03:00:00.000Z') // 22:00 on the 23rd in New York
  // The clock jumps by hours or days between this session's commands: main's idle lock (lock.test.ts) stays off.
  const core = await startSetUpCore({ now: clock.now, dataDir, idleLock: false })
  cores.push(core)
  const settings = await core.ok('settings:get', {})
  await core.ok('settings:update', { ...settings, autoCheckoutAtDayStart: on })
  const sam = await addUser(core, { role: 'staff', username: 'sam' })
  const ana = await addCustomer(core, { firstName: 'Ana' })
  const bo = await addCustomer(core, { firstName: 'Bo' })
  await core.ok('visits:checkIn', { customerId: ana.id }, sam.session)
  await core.ok('visits:checkIn', { customerId: bo.id }, sam.session)
  return { core, clock, sam, ana, bo, dataDir }
}

describe('automatic check-out at the start of a new day', () => {
  it('checks everyone out at the store’s midnight, marked automatic, when the day has turned', async () => {
    const { core, clock, sam, ana } = await storeWithSetting(true)
    clock.set(Date.parse('2026-11-24T04:59:00.000Z'))
    expect((await core.ok('visits:today', {}, sam.session)).inStore).toHaveLength(2)
    clock.set(Date.parse('2026-11-24T13:00:00.000Z')) // 08:00 on the 24th
    const today = await core.ok('visits:today', {}, sam.session)
    expect(today.date).toBe('2026-11-24')
    expect(today.inStore).toEqual([])
    expect(today.checkedOut.map((v) => [v.customer.firstName, v.out, v.by, v.automatic]).sort()).toEqual([
      ['Ana', MIDNIGHT, null, true],
      ['Bo', MIDNIGHT, null, true],
    ])
    expect(await core.services.db('visit_checkouts').where({ kind: 'automatic' }).whereNull('user_id').count({ n: '*' })).toEqual([{ n: 2 }])
    // One command, logged like any other: the other stores see the same check-outs.
    const logged = await core.services.db('change_log').where({ table_name: 'visit_checkouts' }).select('tx', 'user_id')
    expect(new Set(logged.map((e) => e.tx)).size).toBe(1)
    expect(logged.every((e) => e.user_id === null)).toBe(true)
    // A new check-in the same morning starts a new visit.
    expect((await core.ok('visits:checkIn', { customerId: ana.id }, sam.session)).visit).toMatchObject({ since: '2026-11-24T13:00:00.000Z' })
  })

  it('catches up at the next start after a night with the app closed, dated at the day boundary', async () => {
    const first = await storeWithSetting(true)
    await first.core.close()
    cores = cores.filter((c) => c !== first.core)
    // Two days later, the app starts again: nothing typed yet, the visits are already closed.
    const clock = manualClock('2026-11-26T14:00:00.000Z')
    const again = await startTestCore({ now: clock.now, dataDir: first.dataDir })
    cores.push(again)
    const visits = await again.services.db('visits').select('open', 'checked_out_at', 'checkout_kind', 'checked_out_by')
    expect(visits).toEqual([
      { open: 0, checked_out_at: MIDNIGHT, checkout_kind: 'automatic', checked_out_by: null },
      { open: 0, checked_out_at: MIDNIGHT, checkout_kind: 'automatic', checked_out_by: null },
    ])
    await signIn(again, 'owner', OWNER.username, OWNER.password)
    expect((await again.ok('visits:today', {}, 'owner')).inStore).toEqual([])
  })

  it('leaves visits open across days when the setting is off', async () => {
    const { core, clock, sam, ana } = await storeWithSetting(false)
    clock.set(Date.parse('2026-11-25T13:00:00.000Z'))
    const today = await core.ok('visits:today', {}, sam.session)
    expect(today.inStore.map((v) => v.customer.firstName)).toEqual(['Ana', 'Bo'])
    expect(await core.call('visits:checkIn', { customerId: ana.id }, sam.session)).toMatchObject({ ok: false, error: { code: 'CONFLICT' } })
  })

  it('checks out what is left from earlier days as soon as the setting is turned on', async () => {
    const { core, clock, sam } = await storeWithSetting(false)
    clock.set(Date.parse('2026-11-25T13:00:00.000Z'))
    const settings = await core.ok('settings:get', {})
    await core.ok('settings:update', { ...settings, autoCheckoutAtDayStart: true })
    expect((await core.ok('visits:today', {}, sam.session)).inStore).toEqual([])
    expect(await core.services.db('visits').pluck('checked_out_at')).toEqual([MIDNIGHT, MIDNIGHT])
  })

  describe('after the store’s time zone is changed (Settings → Time zone), on the store’s clock as it is now', () => {
    // Hostile review: a visit's day was the one written at check-in, on the clock of the zone then.
    // Set right after a wrong start, the zone made a visit of this evening one "from an earlier
    // day" (checked out at once), or one of tomorrow (left in the store all through the next day).
    const setZone = async (core: TestCore, timeZone: string) => core.ok('settings:update', { ...(await core.ok('settings:get', {})), timeZone })

    it('keeps in the store whoever checked in this evening when the new zone is already past midnight', async () => {
      // Ana and Bo checked in at 22:00 in New York (03:00 UTC on the 24th); the store is in London.
      const { core, clock, sam } = await storeWithSetting(true)
      clock.set(Date.parse('2026-11-24T03:05:00.000Z'))
      await setZone(core, 'Europe/London')
      expect((await core.ok('visits:today', {}, sam.session)).inStore.map((v) => v.customer.firstName)).toEqual(['Ana', 'Bo'])
      // London's midnight ends their stay.
      clock.set(Date.parse('2026-11-25T00:30:00.000Z'))
      expect((await core.ok('visits:today', {}, sam.session)).inStore).toEqual([])
      expect(await core.services.db('visits').pluck('checked_out_at')).toEqual(['2026-11-25T00:00:00.000Z', '2026-11-25T00:00:00.000Z'])
    })

    it('checks out at the new zone’s midnight whoever checked in when its day was still the day before', async () => {
      const { core, clock, sam, ana, bo } = await storeWithSetting(true)
      await core.ok('visits:checkOut', { customerId: ana.id })
      await core.ok('visits:checkOut', { customerId: bo.id })
      // The store starts out on London's clock: Ana checks in at 01:00 on the 24th there, which
      // is 20:00 on the 23rd in New York, where the store is; the owner then sets its zone right.
      await setZone(core, 'Europe/London')
      clock.set(Date.parse('2026-11-24T01:00:00.000Z'))
      await core.ok('visits:checkIn', { customerId: ana.id }, sam.session)
      await setZone(core, 'America/New_York')
      // New York's midnight, not a day later.
      clock.set(Date.parse('2026-11-24T05:30:00.000Z'))
      expect((await core.ok('visits:today', {}, sam.session)).inStore).toEqual([])
      expect(await core.services.db('visits').where({ checked_in_at: '2026-11-24T01:00:00.000Z' }).pluck('checked_out_at')).toEqual([MIDNIGHT])
    })
  })
})
