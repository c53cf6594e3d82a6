import { randomUUID } from 'node:crypto'
import { afterEach, describe, expect, it } from 'vitest'
import { REPEAT_WINDOW_MS } from '../../electron/core/repeated-requests'
import { addUser, manualClock, startSetUpCore, type TestCore, type TestUser } from '../support/core'
import { addShopper, balances } from '../support/shoppers'

/**
 * A double click that got past the form sends the same command twice: with the form's
 * `requestId`, the second gets the first's answer and nothing is written twice.
 */
let core: TestCore | undefined
afterEach(async () => {
  await core?.cleanup()
  core = undefined
})

async function loyaltySetUp() {
  const clock = manualClock()
  core = await startSetUpCore({ now: clock.now })
  const manager = await addUser(core, { role: 'manager' })
  const shopper = await addShopper(core)
  const adjust = (points: number, requestId?: string, direction: 'add' | 'remove' = 'add', who: TestUser = manager) =>
    core!.call(
      'loyalty:adjust',
      { customerId: shopper.id, direction, points, reason: 'Birthday', approverId: manager.user.id, approverPin: manager.pin, requestId },
      who.session,
    )
  const ledger = async () => (await core!.services.db('loyalty_ledger').where({ customer_id: shopper.id })).length
  return { core, clock, manager, shopper, adjust, ledger }
}

describe('loyalty:adjust with a requestId', () => {
  it('sent twice at once (a double click): one entry, both get the same answer', async () => {
    const { core, shopper, adjust, ledger } = await loyaltySetUp()
    const id = randomUUID()
    const [first, second] = await Promise.all([adjust(100, id), adjust(100, id)])
    expect(first).toMatchObject({ ok: true, data: { balance: 100 } })
    expect(second).toEqual(first)
    expect(await ledger()).toBe(1)
    expect(await balances(core, shopper.id)).toEqual({ ledger: 100, cached: 100 })
  })

  it('sent again from a locked screen: checked again, not answered from the first', async () => {
    const { core, manager, adjust, ledger } = await loyaltySetUp()
    const id = randomUUID()
    expect(await adjust(100, id)).toMatchObject({ ok: true })
    await core.ok('lock:engage', {}, manager.session)
    // Without the user and lock in the repeat's key, this was the first answer, ok, with no check.
    expect(await adjust(100, id)).toMatchObject({ ok: false, error: { code: 'UNAUTHENTICATED' } })
    expect(await ledger()).toBe(1)
  })

  it('sent again within the window: the first answer; after it, the entry it made (kept on disk); a new id runs again', async () => {
    const { clock, adjust, ledger } = await loyaltySetUp()
    const id = randomUUID()
    const first = await adjust(100, id)
    clock.advance(REPEAT_WINDOW_MS - 1)
    expect(await adjust(100, id)).toEqual(first)
    expect(await ledger()).toBe(1)
    expect(await adjust(100, randomUUID())).toMatchObject({ ok: true, data: { balance: 200 } })
    clock.advance(1)
    // Past main's memory, the disk answers (command-requests.ts): the same entry, and the balance now.
    expect(await adjust(100, id)).toEqual({ ok: true, data: { balance: 200, entry: (first as { data: { entry: unknown } }).data.entry } })
    expect(await ledger()).toBe(2)
  })

  it('the same id with other input is refused; from another session (a restart signs in again) it is the same request', async () => {
    const { core, adjust, ledger } = await loyaltySetUp()
    const id = randomUUID()
    const first = await adjust(100, id)
    expect(await adjust(50, id)).toMatchObject({ ok: false, error: { code: 'CONFLICT' } })
    const clerk = await addUser(core, { role: 'staff' })
    expect(await adjust(100, id, 'add', clerk)).toEqual(first)
    expect(await ledger()).toBe(1)
  })

  it('a refusal is not kept: the same request runs again once it can succeed', async () => {
    const { adjust, ledger } = await loyaltySetUp()
    const id = randomUUID()
    expect(await adjust(30, id, 'remove')).toMatchObject({ ok: false, error: { code: 'VALIDATION', fields: { points: expect.any(String) } } })
    await adjust(100)
    expect(await adjust(30, id, 'remove')).toMatchObject({ ok: true, data: { balance: 70 } })
    expect(await ledger()).toBe(2)
  })

  it('without a requestId nothing changes: two requests, two entries', async () => {
    const { adjust, ledger } = await loyaltySetUp()
    await Promise.all([adjust(100), adjust(100)])
    expect(await ledger()).toBe(2)
  })

  it('is not a field of commands that do not add rows: refused like any unknown field', async () => {
    core = await startSetUpCore()
    expect(await core.call('loyalty:approvers', { requestId: randomUUID() } as never)).toMatchObject({ ok: false, error: { code: 'VALIDATION' } })
    expect(await core.call('loyalty:adjust', { requestId: 'not an id' } as never)).toMatchObject({
      ok: false,
      error: { code: 'VALIDATION', fields: { requestId: 'Not a valid id' } },
    })
  })
})

describe('flags and feedback with a requestId', () => {
  it('a flag sent twice at once is one flag event', async () => {
    core = await startSetUpCore()
    const shopper = await addShopper(core)
    const flag = { id: shopper.id, flagged: true, reason: 'Threatened staff', requestId: randomUUID() }
    const [first, second] = await Promise.all([core.call('customers:setFlag', flag), core.call('customers:setFlag', flag)])
    expect(first).toMatchObject({ ok: true, data: { flag: { flagged: true, reason: 'Threatened staff' } } })
    expect(second).toEqual(first)
    expect(await core.ok('customers:flagHistory', { id: shopper.id })).toHaveLength(1)
  })

  it('feedback sent twice at once is one note', async () => {
    core = await startSetUpCore()
    const shopper = await addShopper(core)
    const note = { customerId: shopper.id, sentiment: 'positive' as const, comment: 'Lovely wrapping', requestId: randomUUID() }
    const [first, second] = await Promise.all([core.call('feedback:add', note), core.call('feedback:add', note)])
    expect(first).toMatchObject({ ok: true })
    expect(second).toEqual(first)
    expect((await core.ok('feedback:listForCustomer', { customerId: shopper.id })).rows).toHaveLength(1)
  })
})
