import { afterEach, describe, expect, it } from 'vitest'
import { OWNER, addUser, changeLog, manualClock, startSetUpCore, type TestCore } from '../../support/core'
import { simpleSale } from '../../support/sales'
import { addShopper, balances } from '../../support/shoppers'

let core: TestCore | undefined
afterEach(async () => {
  await core?.cleanup()
  core = undefined
})

const ownerId = async (c: TestCore) => (await c.ok('auth:status', {})).user!.id

describe('approvers', () => {
  it('are the active users holding "Adjust loyalty points", whatever their role', async () => {
    core = await startSetUpCore()
    const manager = await addUser(core, { role: 'manager' })
    const trusted = await addUser(core, { role: 'staff', permissionOverrides: { adjust_loyalty: true } })
    await addUser(core, { role: 'staff' })
    const barred = await addUser(core, { role: 'manager', permissionOverrides: { adjust_loyalty: false } })
    const gone = await addUser(core, { role: 'manager' })
    await core.ok('users:setActive', { id: gone.user.id, active: false })
    const names = (await core.ok('loyalty:approvers', {}, barred.session)).map((a) => a.name).sort()
    expect(names).toEqual([manager.user.displayName, OWNER.displayName, trusted.user.displayName].sort())
  })
})

describe('adding and removing points', () => {
  it('records who asked, which manager approved and why; the ledger sum and the cached balance agree', async () => {
    core = await startSetUpCore()
    const manager = await addUser(core, { role: 'manager' })
    const clerk = await addUser(core, { role: 'staff' })
    const shopper = await addShopper(core)
    const added = await core.ok(
      'loyalty:adjust',
      { customerId: shopper.id, direction: 'add', points: 120, reason: 'Welcome bonus', approverId: manager.user.id, approverPin: manager.pin },
      clerk.session,
    )
    expect(added).toEqual({
      balance: 120,
      entry: {
        id: expect.any(String),
        at: expect.any(String),
        kind: 'adjustment',
        points: 120,
        balanceAfter: 120,
        reason: 'Welcome bonus',
        user: clerk.user.displayName,
        approver: manager.user.displayName,
        receipt: null,
      },
    })
    const removed = await core.ok(
      'loyalty:adjust',
      { customerId: shopper.id, direction: 'remove', points: 20, reason: 'Damaged voucher', approverId: manager.user.id, approverPin: manager.pin },
      clerk.session,
    )
    expect(removed).toMatchObject({ balance: 100, entry: { points: -20, balanceAfter: 100 } })
    expect(await balances(core, shopper.id)).toEqual({ ledger: 100, cached: 100 })
    const ledgerRows = await core.services.db('loyalty_ledger').where({ customer_id: shopper.id })
    expect(ledgerRows.map((r) => [r.points, r.user_id, r.approver_id])).toEqual([
      [120, clerk.user.id, manager.user.id],
      [-20, clerk.user.id, manager.user.id],
    ])
    // Ledger rows are synced data: each is in the change log.
    expect((await changeLog(core, { table_name: 'loyalty_ledger' })).map((e) => e.row_id)).toContain(added.entry.id)
  })

  it('lets a manager approve their own request with their own PIN', async () => {
    core = await startSetUpCore()
    const shopper = await addShopper(core)
    const result = await core.ok('loyalty:adjust', {
      customerId: shopper.id,
      direction: 'add',
      points: 5,
      reason: 'Survey',
      approverId: await ownerId(core),
      approverPin: OWNER.pin,
    })
    expect(result.entry).toMatchObject({ user: OWNER.displayName, approver: OWNER.displayName })
  })

  it('never goes below zero: removing more than the balance is refused on the points field', async () => {
    core = await startSetUpCore()
    const shopper = await addShopper(core, { firstName: 'Grace', lastName: 'Hopper' })
    const approverId = await ownerId(core)
    const ask = (direction: 'add' | 'remove', points: number) =>
      core!.call('loyalty:adjust', { customerId: shopper.id, direction, points, reason: 'Test', approverId, approverPin: OWNER.pin })
    await ask('add', 30)
    const refused = await ask('remove', 31)
    expect(refused).toMatchObject({
      ok: false,
      error: { code: 'VALIDATION', fields: { points: 'Grace Hopper has only 30 points; cannot remove 31 points' } },
    })
    expect(await balances(core, shopper.id)).toEqual({ ledger: 30, cached: 30 })
    expect(await ask('remove', 30)).toMatchObject({ ok: true, data: { balance: 0 } })
    expect(await ask('remove', 1)).toMatchObject({ ok: false, error: { fields: { points: expect.stringMatching(/only 0 points/) } } })
  })

  it('adds nothing to a customer who is not enrolled, but removes the points one taken out of the programme kept', async () => {
    core = await startSetUpCore()
    const shopper = await addShopper(core)
    await core.ok('sales:create', simpleSale(shopper.id, 5000))
    await core.ok('customers:update', { id: shopper.id, firstName: 'Ada', lastName: 'Lovelace', storeIds: [core.services.localStoreId()!], loyaltyEnrolled: false })
    const approverId = await ownerId(core)
    const ask = (direction: 'add' | 'remove', points: number) =>
      core!.call('loyalty:adjust', { customerId: shopper.id, direction, points, reason: 'Left the programme', approverId, approverPin: OWNER.pin })
    expect(await ask('add', 10)).toMatchObject({
      ok: false,
      error: { code: 'VALIDATION', fields: { customerId: 'Ada Lovelace is not enrolled in the loyalty programme: points can be removed, not added' } },
    })
    expect(await core.ok('loyalty:history', { customerId: shopper.id })).toMatchObject({ balance: 50, enrolled: false })
    expect(await ask('remove', 20)).toMatchObject({ ok: true, data: { balance: 30, entry: { points: -20, approver: OWNER.displayName } } })
    // Still never below zero.
    expect(await ask('remove', 31)).toMatchObject({ ok: false, error: { fields: { points: expect.stringMatching(/only 30 points/) } } })
    expect(await ask('remove', 30)).toMatchObject({ ok: true, data: { balance: 0 } })
    expect(await balances(core, shopper.id)).toEqual({ ledger: 0, cached: 0 })
    // Out of the programme, a sale earns nothing.
    expect((await core.ok('sales:create', simpleSale(shopper.id, 5000))).loyaltyPoints).toBe(0)
  })

  it('refuses to add points to a customer who was never enrolled, and says they are in when they are', async () => {
    core = await startSetUpCore()
    const shopper = await addShopper(core, { loyaltyEnrolled: false })
    const result = await core.call('loyalty:adjust', {
      customerId: shopper.id,
      direction: 'add',
      points: 10,
      reason: 'Test',
      approverId: await ownerId(core),
      approverPin: OWNER.pin,
    })
    expect(result).toMatchObject({ ok: false, error: { code: 'VALIDATION', fields: { customerId: expect.stringMatching(/not enrolled/) } } })
    expect(await balances(core, shopper.id)).toEqual({ ledger: 0, cached: 0 })
    const enrolled = await addShopper(core, { firstName: 'Grace' })
    expect((await core.ok('loyalty:history', { customerId: enrolled.id })).enrolled).toBe(true)
  })
})

describe('the manager PIN', () => {
  it('refuses a wrong PIN on the PIN field, writes nothing, and throttles guessing like sign-in', async () => {
    const clock = manualClock()
    core = await startSetUpCore({ now: clock.now })
    const manager = await addUser(core, { role: 'manager' })
    const shopper = await addShopper(core)
    const attempt = (approverPin: string) =>
      core!.call('loyalty:adjust', { customerId: shopper.id, direction: 'add', points: 10, reason: 'Test', approverId: manager.user.id, approverPin })
    const before = await changeLog(core)
    for (let i = 0; i < 3; i++) {
      expect(await attempt('0000')).toEqual({
        ok: false,
        error: { code: 'BAD_CREDENTIALS', message: 'Wrong PIN', fields: { approverPin: 'Wrong PIN' } },
      })
    }
    // The fourth try waits, even with the right PIN.
    expect(await attempt(manager.pin)).toMatchObject({ ok: false, error: { code: 'THROTTLED', retryAfterSeconds: 1 } })
    expect(await changeLog(core)).toEqual(before)
    clock.advance(1000)
    expect(await attempt(manager.pin)).toMatchObject({ ok: true, data: { balance: 10 } })
    // Success clears the count: a later slip is free again.
    expect(await attempt('0000')).toMatchObject({ ok: false, error: { code: 'BAD_CREDENTIALS' } })
  })

  it('is not enough from someone who may not adjust points, even when the PIN is theirs', async () => {
    core = await startSetUpCore()
    const clerk = await addUser(core, { role: 'staff' })
    const shopper = await addShopper(core)
    const input = { customerId: shopper.id, direction: 'add' as const, points: 10, reason: 'Test', approverPin: clerk.pin }
    expect(await core.call('loyalty:adjust', { ...input, approverId: clerk.user.id }, clerk.session)).toMatchObject({
      ok: false,
      error: { code: 'VALIDATION', fields: { approverId: 'Choose a manager who may adjust loyalty points' } },
    })
    expect(await core.call('loyalty:adjust', { ...input, approverId: '01900000-0000-7000-8000-00000000beef' })).toMatchObject({
      ok: false,
      error: { code: 'NOT_FOUND', fields: { approverId: expect.any(String) } },
    })
    expect(await balances(core, shopper.id)).toEqual({ ledger: 0, cached: 0 })
  })
})
