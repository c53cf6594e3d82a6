import { describe, expect, it } from 'vitest'
import type { CommandInput, CommandName, CommandOutput, Envelope } from '../../../electron/contract'
import { OWNER } from '../../support/core'
import { simpleSale } from '../../support/sales'
import { syncAll, WorldClock, type SyncStore, useSyncStores } from '../../support/sync/cluster'

/**
 * A balance below zero is not an error the app can refuse its way out of: two stores each
 * spent the same 50 points offline, and sync keeps both ledger entries (review of the sales
 * work, HIGH). The customer must still be sold to, and points added; only removing more is refused.
 */
const { stores, first: firstStore, join: joinStore } = useSyncStores()

async function ok<K extends CommandName>(store: SyncStore, name: K, input: CommandInput<K>): Promise<CommandOutput<K>> {
  const answer: Envelope<CommandOutput<K>> = await store.call(name, input)
  if (!answer.ok) throw new Error(`${name} failed: ${JSON.stringify(answer.error)}`)
  return answer.data
}

async function balances(store: SyncStore, customerId: string) {
  const db = store.core.services.db
  const ledger = await db('loyalty_ledger').where({ customer_id: customerId }).sum<{ s: number | null }[]>({ s: 'points' }).first()
  const cached = await db('customers').where({ id: customerId }).first('loyalty_points')
  return { ledger: Number(ledger?.s ?? 0), cached: Number(cached.loyalty_points) }
}

/** Cara earns 50 points at store A; then A and B, apart, each remove those 50; then they sync: -50. */
async function customerBelowZero() {
  const world = new WorldClock()
  const a = await firstStore(world, 0)
  const b = await joinStore(world, a, 1, 0)
  await syncAll(stores)
  const cara = await ok(a, 'customers:create', { firstName: 'Cara', loyaltyEnrolled: true, storeIds: [a.core.services.localStoreId()!] })
  const earning = await ok(a, 'sales:create', simpleSale(cara.id, 5000))
  expect(earning.loyaltyPoints).toBe(50)
  await syncAll(stores)
  const ownerId = (await a.core.services.db('users').where({ username: OWNER.username }).first('id')).id as string
  const adjust = (store: SyncStore, direction: 'add' | 'remove', points: number, reason: string) =>
    store.call('loyalty:adjust', { customerId: cara.id, direction, points, reason, approverId: ownerId, approverPin: OWNER.pin })
  world.advance(1000)
  expect(await adjust(a, 'remove', 50, 'Reward at A')).toMatchObject({ ok: true })
  expect(await adjust(b, 'remove', 50, 'Reward at B')).toMatchObject({ ok: true })
  world.advance(1000)
  await syncAll(stores)
  expect(await balances(a, cara.id)).toEqual({ ledger: -50, cached: -50 })
  world.advance(1000)
  return { a, cara, earning, adjust }
}

describe('a balance that sync took below zero', () => {
  it('still earns on a sale and takes added points; removing more is refused', async () => {
    const { a, cara, adjust } = await customerBelowZero()
    const sale = await a.call('sales:create', simpleSale(cara.id, 1000))
    expect(sale).toMatchObject({ ok: true, data: { loyaltyPoints: 10 } })
    expect(await balances(a, cara.id)).toEqual({ ledger: -40, cached: -40 })
    expect(await adjust(a, 'add', 15, 'Goodwill')).toMatchObject({ ok: true, data: { balance: -25, entry: { points: 15, balanceAfter: -25 } } })
    expect(await adjust(a, 'remove', 1, 'One more')).toMatchObject({
      ok: false,
      error: { code: 'VALIDATION', fields: { points: 'Cara has a balance below zero (-25 points); cannot remove 1 point' } },
    })
    // Back above zero, a removal is checked against what is there, as always.
    expect(await adjust(a, 'add', 30, 'Goodwill')).toMatchObject({ ok: true, data: { balance: 5 } })
    expect(await adjust(a, 'remove', 6, 'Too many')).toMatchObject({ ok: false, error: { fields: { points: 'Cara has only 5 points; cannot remove 6 points' } } })
    expect(await adjust(a, 'remove', 5, 'Reward')).toMatchObject({ ok: true, data: { balance: 0 } })
    expect(await balances(a, cara.id)).toEqual({ ledger: 0, cached: 0 })
  })

  it('a void takes nothing back from it: no ledger entry, and its receipt says 0 points', async () => {
    const { a, cara, earning } = await customerBelowZero()
    const entriesBefore = (await ok(a, 'loyalty:history', { customerId: cara.id })).rows.length
    const { reversal } = await ok(a, 'sales:void', { receiptId: earning.id, reason: 'Returned' })
    expect(reversal.totalMinor).toBe(-5000)
    expect(Object.is(reversal.loyaltyPoints, 0)).toBe(true)
    expect((await ok(a, 'receipts:get', { id: reversal.id })).loyaltyPoints).toBe(0)
    expect((await a.core.services.db('receipts').where({ id: reversal.id }).first('loyalty_points')).loyalty_points).toBe(0)
    expect((await ok(a, 'loyalty:history', { customerId: cara.id })).rows).toHaveLength(entriesBefore)
    expect(await balances(a, cara.id)).toEqual({ ledger: -50, cached: -50 })
  })
})
