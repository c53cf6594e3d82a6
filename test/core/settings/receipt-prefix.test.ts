import { afterEach, describe, expect, it } from 'vitest'
import type { TestCore } from '../../support/core'
import { OWNER, changeLog, startSetUpCore, startTestCore } from '../../support/core'
import { simpleSale } from '../../support/sales'
import { entriesWrittenBy } from '../../support/sync/foreign'
import { createJoinedStore } from '../../../electron/core/stores/join'
import { newId } from '../../../electron/core/ids'
import { applyEntries } from '../../../electron/core/sync/apply'

const cores: TestCore[] = []
afterEach(async () => {
  for (const core of cores.splice(0)) await core.cleanup()
})

async function setUp(): Promise<TestCore> {
  const core = await startSetUpCore()
  cores.push(core)
  return core
}

/** Another of the owner's stores, as sync brings its row: printing its prefix, or its initials when it has none. */
async function otherStore(core: TestCore, name: string, receiptPrefix: string) {
  const at = core.services.now().toISOString()
  await core.services.db('stores').insert({ id: newId(), name, currency: 'USD', time_zone: 'UTC', receipt_prefix: receiptPrefix, created_at: at, updated_at: at })
}

/** settings:update refused on the prefix field as a conflict, with nothing written. */
async function expectRefused(core: TestCore, patch: Record<string, unknown>, message: string) {
  const settings = await core.ok('settings:get', {})
  const logged = (await changeLog(core)).length
  const result = await core.call('settings:update', { ...settings, ...patch })
  expect(result).toMatchObject({ ok: false, error: { code: 'CONFLICT', fields: { receiptPrefix: message } } })
  expect(await core.ok('settings:get', {})).toEqual(settings)
  expect(await changeLog(core)).toHaveLength(logged)
}

describe('the receipt prefix, unique across the owner’s stores, as the store would print it', () => {
  it('lets a store whose prefix another already prints (as sync can bring) save its other settings, and refuses only a change into a clash', async () => {
    const core = await setUp()
    const printed = (await core.ok('settings:get', {})).receiptPrefix || 'CS'
    await otherStore(core, 'Cedar Street', printed === 'CS' ? '' : printed)
    const settings = await core.ok('settings:get', {})
    expect(await core.call('settings:update', { ...settings, timeZone: 'America/Chicago' })).toMatchObject({ ok: true, data: { timeZone: 'America/Chicago' } })
    await otherStore(core, 'North Side', 'NS')
    await expectRefused(core, { receiptPrefix: 'NS' }, 'North Side already prints NS: choose another prefix')
  })

  it('refuses a typed prefix another store prints', async () => {
    const core = await setUp()
    await otherStore(core, 'North Side', 'NS')
    await expectRefused(core, { receiptPrefix: 'NS' }, 'North Side already prints NS: choose another prefix')
  })

  it('refuses an empty prefix whose initials another store prints, renamed or not, and numbers no receipt with them', async () => {
    const core = await setUp()
    await otherStore(core, 'North Side', 'NS')
    const refused = 'North Side already prints NS, the initials of New Shop: type a receipt prefix of its own'
    await expectRefused(core, { storeName: 'New Shop', receiptPrefix: '' }, refused)
    // An update that leaves the prefix out keeps it; kept empty, the new name's initials count.
    await core.ok('settings:update', { ...(await core.ok('settings:get', {})), receiptPrefix: '' })
    const { receiptPrefix: _left, ...withoutPrefix } = await core.ok('settings:get', {})
    await expectRefused(core, { ...withoutPrefix, storeName: 'New Shop' }, refused)
    expect((await core.ok('sales:create', simpleSale(null))).number).toBe('CS-000001')
    // With a prefix of its own, the new name is fine.
    await core.ok('settings:update', { ...(await core.ok('settings:get', {})), storeName: 'New Shop', receiptPrefix: 'NEW' })
    expect((await core.ok('sales:create', simpleSale(null))).number).toBe('NEW-000002')
  })

  it('counts another store’s empty prefix as the initials it prints (Harbour Store prints HS)', async () => {
    const core = await setUp()
    await otherStore(core, 'Harbour Store', '')
    await expectRefused(core, { storeName: 'High Street', receiptPrefix: 'HS' }, 'Harbour Store already prints HS: choose another prefix')
    await expectRefused(
      core,
      { storeName: 'High Street', receiptPrefix: '' },
      'Harbour Store already prints HS, the initials of High Street: type a receipt prefix of its own',
    )
    expect(await core.ok('settings:update', { ...(await core.ok('settings:get', {})), storeName: 'High Street', receiptPrefix: 'HST' })).toMatchObject({
      storeName: 'High Street',
      receiptPrefix: 'HST',
    })
  })

  it('lets a store keep printing what no other store prints, its own prefix included', async () => {
    const core = await setUp()
    await otherStore(core, 'North Side', 'NS')
    const settings = await core.ok('settings:get', {})
    expect(await core.ok('settings:update', settings)).toEqual(settings)
    expect(await core.ok('settings:update', { ...settings, receiptPrefix: '' })).toMatchObject({ receiptPrefix: '' })
    expect((await core.ok('sales:create', simpleSale(null))).number).toBe('CS-000001')
  })

  it('gives a store joining the owner’s stores a prefix no other store prints, empty prefixes read as initials', async () => {
    const home = await setUp()
    const joining = await startTestCore()
    cores.push(joining)
    const entries = await entriesWrittenBy(home.services)
    expect((await applyEntries(joining.services, entries)).applied).toBe(entries.length)
    await otherStore(joining, 'Harbour Store', '')
    await otherStore(joining, 'Hill Side', 'HS2')
    const owner = await joining.services.db('users').where({ username: OWNER.username }).first()
    const storeId = await createJoinedStore(joining.services, { name: 'High Street', currency: 'USD', timeZone: 'UTC' }, owner.id)
    expect(await joining.services.db('stores').where({ id: storeId }).first()).toMatchObject({ receipt_prefix: 'HS3' })
    // Emptied, the joined store would print HS like Harbour Store: the same check refuses it.
    joining.services.sessions.signIn('joined', owner.id)
    const settings = await joining.ok('settings:get', {}, 'joined')
    const result = await joining.call('settings:update', { ...settings, receiptPrefix: '' }, 'joined')
    expect(result).toMatchObject({ ok: false, error: { code: 'CONFLICT', fields: { receiptPrefix: expect.stringContaining('Harbour Store already prints HS') } } })
  })
})
