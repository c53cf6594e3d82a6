import { afterEach, describe, expect, it, vi } from 'vitest'
import { contract } from '../../../electron/contract'
import { handlers } from '../../../electron/core/handlers'
import { addUser, changeLog, OWNER, startSetUpCore, type TestCore } from '../../support/core'
import { simpleSale } from '../../support/sales'
import { addShopper } from '../../support/shoppers'

/**
 * What dispatch answers around a handler: "nothing was saved" only when nothing was
 * (hardening issue, defect 11), the answer checked against the contract, and the rules the
 * audit's planted bugs slipped past (the owner's approving PIN, one entry per changed field).
 */
let core: TestCore | undefined
afterEach(async () => {
  vi.restoreAllMocks()
  await core?.cleanup()
  core = undefined
})

describe('an unexpected failure after the command committed', () => {
  it('says the sale was saved, so the user does not ring it up twice', async () => {
    core = await startSetUpCore()
    // The answer fails its check against the contract after the transaction committed.
    vi.spyOn(contract['sales:create'].output, 'parse').mockImplementation(() => {
      throw new Error('answer does not match the contract')
    })
    const result = await core.call('sales:create', simpleSale(null, 1200))
    expect(result).toEqual({ ok: false, error: { code: 'INTERNAL', message: expect.stringContaining('It was saved'), saved: true } })
    expect(await core.services.db('receipts').count({ n: '*' }).first()).toEqual({ n: 1 })
  })

  it('still says nothing was saved when the transaction rolled back', async () => {
    core = await startSetUpCore()
    vi.spyOn(core.services.hlc, 'tick').mockImplementation(() => {
      throw new Error('clock failure inside the transaction')
    })
    const result = await core.call('sales:create', simpleSale(null, 1200))
    expect(result).toEqual({ ok: false, error: { code: 'INTERNAL', message: 'Something went wrong. Nothing was saved.' } })
    expect(await core.services.db('receipts').count({ n: '*' }).first()).toEqual({ n: 0 })
  })
})

describe('the answer is checked against the contract', () => {
  it('drops what the contract does not list, such as a hash a handler returned by mistake', async () => {
    core = await startSetUpCore()
    const real = handlers['users:list']
    vi.spyOn(handlers, 'users:list').mockImplementation(async (ctx, input) =>
      (await real(ctx, input)).map((user) => ({ ...user, passwordHash: 'scrypt$leaked' })),
    )
    const result = await core.ok('users:list', {})
    expect(JSON.stringify(result)).not.toContain('scrypt$leaked')
  })

  it('refuses an answer of the wrong shape instead of passing it on', async () => {
    core = await startSetUpCore()
    vi.spyOn(handlers, 'settings:get').mockResolvedValue({ storeName: 42 } as never)
    expect(await core.call('settings:get', {})).toMatchObject({ ok: false, error: { code: 'INTERNAL' } })
  })
})

describe('an owner approving points', () => {
  it('must type the owner’s own PIN too', async () => {
    core = await startSetUpCore()
    const shopper = await addShopper(core)
    const staff = await addUser(core, { role: 'staff' })
    const owner = (await core.ok('auth:status', {})).user!
    const ask = (approverPin: string) =>
      core!.call('loyalty:adjust', { customerId: shopper.id, direction: 'add', points: 10, reason: 'Welcome', approverId: owner.id, approverPin }, staff.session)
    expect(await ask('0000')).toMatchObject({ ok: false, error: { code: 'BAD_CREDENTIALS', fields: { approverPin: 'Wrong PIN' } } })
    expect(await ask(OWNER.pin)).toMatchObject({ ok: true, data: { balance: 10 } })
  })
})

describe('a one-field edit of a customer', () => {
  it('writes exactly one change-log entry, with the old and the new value', async () => {
    core = await startSetUpCore()
    const storeIds = [core.services.localStoreId()!]
    const ana = await core.ok('customers:create', { firstName: 'Ana', lastName: 'García', email: 'ana@example.com', storeIds })
    const before = await changeLog(core)
    await core.ok('customers:update', { id: ana.id, firstName: 'Ana', lastName: 'García', email: 'ana.garcia@example.com', storeIds })
    const added = (await changeLog(core)).filter((e) => !before.some((b) => b.id === e.id))
    expect(added.map((e) => [e.op, e.table_name, e.row_id, e.field, e.old_value, e.value])).toEqual([
      ['update', 'customers', ana.id, 'email', '"ana@example.com"', '"ana.garcia@example.com"'],
    ])
  })
})
