import { afterEach, describe, expect, it } from 'vitest'
import { insertTrackedRows } from '../../electron/core/db/changelog'
import { transact } from '../../electron/core/context'
import { newId } from '../../electron/core/ids'
import { changeLog, commandContext, startSetUpCore, type TestCore } from '../support/core'

let core: TestCore | undefined
afterEach(async () => {
  await core?.cleanup()
  core = undefined
})

describe('insertTrackedRows', () => {
  it('writes rows of several tables and one log entry per field, in chunks past SQLite\'s bound-value limit', async () => {
    core = await startSetUpCore()
    const storeId = core.services.localStoreId()!
    const owner = (await core.ok('auth:status', {})).user!
    const at = core.services.now().toISOString()
    // 3,000 rates × 7 columns = 21,000 values, and 18,000 log entries × 10 columns: both need chunks.
    const rates = Array.from({ length: 3000 }, (_, i) => ({
      id: newId(),
      store_id: storeId,
      name: `Rate ${i}`,
      rate_millipercent: i,
      active: i % 2 === 0,
      created_at: at,
      updated_at: at,
    }))
    const before = (await changeLog(core)).length
    await transact(commandContext(core, owner), storeId, (w) => insertTrackedRows(w, [{ table: 'tax_rates', rows: rates }]))
    expect(await core.services.db('tax_rates').count({ n: '*' }).first()).toEqual({ n: 3000 })
    const logged = (await changeLog(core, { table_name: 'tax_rates' })).filter((e) => e.row_id === rates[2999].id)
    // Every field but the id and updated_at, exactly as insertTracked logs them.
    expect(logged.map((e) => [e.field, e.old_value, e.new_value])).toEqual([
      ['store_id', null, JSON.stringify(storeId)],
      ['name', null, '"Rate 2999"'],
      ['rate_millipercent', null, '2999'],
      ['active', null, 'false'],
      ['created_at', null, JSON.stringify(at)],
    ])
    expect(new Set(logged.map((e) => e.user_id))).toEqual(new Set([owner.id]))
    expect((await changeLog(core)).length - before).toBe(3000 * 5)
  })

  it('writes nothing when a row fails: the caller\'s transaction rolls back every table', async () => {
    core = await startSetUpCore()
    const storeId = core.services.localStoreId()!
    const at = core.services.now().toISOString()
    const before = (await changeLog(core)).length
    const good = { id: newId(), store_id: storeId, name: 'Fine', rate_millipercent: 1, active: true, created_at: at, updated_at: at }
    const bad = { ...good, id: good.id } // the same primary key twice
    await expect(
      transact(commandContext(core), storeId, (w) => insertTrackedRows(w, [{ table: 'tax_rates', rows: [good, bad] }])),
    ).rejects.toThrow(/UNIQUE/)
    expect(await core.services.db('tax_rates').count({ n: '*' }).first()).toEqual({ n: 0 })
    expect((await changeLog(core)).length).toBe(before)
  })

  it('logs a row of an append-only table once, whole, instead of once per field', async () => {
    core = await startSetUpCore()
    const storeId = core.services.localStoreId()!
    const owner = (await core.ok('auth:status', {})).user!
    const at = core.services.now().toISOString()
    const rate = { id: newId(), store_id: storeId, name: 'Once', rate_millipercent: 5000, active: true, created_at: at, updated_at: at }
    await transact(commandContext(core, owner), storeId, (w) =>
      insertTrackedRows(w, [{ table: 'tax_rates', rows: [rate], options: { appendOnly: true } }]),
    )
    const entries = await changeLog(core, { row_id: rate.id })
    expect(entries).toHaveLength(1)
    expect(entries[0]).toMatchObject({ table_name: 'tax_rates', field: '*', old_value: null, user_id: owner.id })
    const { id: _id, updated_at: _updated, ...logged } = rate
    expect(JSON.parse(entries[0].new_value!)).toEqual(logged)
  })
})
