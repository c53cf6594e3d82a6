import { describe, expect, it } from 'vitest'
import { applyEntries } from '../../../electron/core/sync/apply'
import { syncDigest } from '../../../electron/core/sync/digest'
import { deliver, ownEntries, syncAll, WorldClock, type SyncStore, useSyncStores } from '../../support/sync/cluster'
import { ok } from '../../support/answers'

/**
 * Entries about a customer that wait in a store's inbox (their unit incomplete, or ahead of the
 * clock) hold that customer's personal data. Erasing the customer takes them too, as it takes
 * their applied history, and what comes about them after the erase does not wait there either.
 * Before, such entries stayed in the inbox for ever (found by a fresh-eyes review).
 */
const { stores, first: firstStore, join: joinStore } = useSyncStores()
const NOTE = 'SECRET-NOTE knee surgery'

/** Two stores that share Ana; B schedules her an appointment with a personal note (not yet sent). */
async function anaWithNoteAtB(world: WorldClock): Promise<{ a: SyncStore; b: SyncStore; ana: { id: string } }> {
  const a = await firstStore(world, 0)
  const b = await joinStore(world, a, 1, 0)
  const ana = await ok(a.call('customers:create', { firstName: 'Ana', storeIds: [a.core.services.localStoreId()!] }))
  await syncAll(stores)
  return { a, b, ana }
}

async function schedule(b: SyncStore, customerId: string): Promise<void> {
  const owner = await b.core.services.db('users').first('id')
  await ok(b.call('appointments:schedule', { customerId, date: '2026-11-25', time: '10:00', staffId: owner.id, note: NOTE }))
}

const inboxWithNote = async (s: SyncStore) => s.core.services.db('sync_inbox').where('entry', 'like', `%${NOTE}%`)

describe("erasing a customer whose entries wait in the inbox", () => {
  it('takes entries held back as ahead of the clock', async () => {
    const world = new WorldClock()
    const { a, b, ana } = await anaWithNoteAtB(world)
    b.skew = 10 * 60_000
    await schedule(b, ana.id)
    expect((await deliver(b, a, { all: true })).waiting.ahead).toBeGreaterThan(0)
    expect(await inboxWithNote(a)).toHaveLength(1)
    await ok(a.call('customers:erase', { id: ana.id }))
    expect(await inboxWithNote(a)).toEqual([])
    world.advance(20 * 60_000)
    await syncAll(stores)
    for (const s of [a, b]) {
      expect(await inboxWithNote(s)).toEqual([])
      expect(await s.core.services.db('appointments')).toEqual([])
    }
    expect(await syncDigest(a.core.services.db)).toEqual(await syncDigest(b.core.services.db))
  })

  it('takes half a unit that waits for its rest, and the rest is dropped when it comes', async () => {
    const world = new WorldClock()
    const { a, b, ana } = await anaWithNoteAtB(world)
    await schedule(b, ana.id)
    const half = (await ownEntries(b)).filter((e) => e.table_name === 'appointment_events')
    expect((await applyEntries(a.core.services, half)).waiting.incomplete).toBe(half.length)
    await ok(a.call('customers:erase', { id: ana.id }))
    expect(await inboxWithNote(a)).toEqual([])
    const rest = await deliver(b, a, { all: true })
    expect(rest.waiting).toMatchObject({ incomplete: 0, waiting: 0 })
    await syncAll(stores)
    expect(await a.core.services.db('sync_inbox')).toEqual([])
    expect(await syncDigest(a.core.services.db)).toEqual(await syncDigest(b.core.services.db))
  })

  it('keeps nothing that arrives about them after the erase and cannot complete', async () => {
    const world = new WorldClock()
    const { a, b, ana } = await anaWithNoteAtB(world)
    await schedule(b, ana.id)
    await ok(a.call('customers:erase', { id: ana.id }))
    const half = (await ownEntries(b)).filter((e) => e.table_name === 'appointment_events')
    const result = await applyEntries(a.core.services, half)
    expect(result.waiting.incomplete).toBe(0)
    expect(result.dropped).toBe(half.length)
    expect(await a.core.services.db('sync_inbox')).toEqual([])
    await syncAll(stores)
    expect(await syncDigest(a.core.services.db)).toEqual(await syncDigest(b.core.services.db))
  })
})

describe('an email request that arrives with its receipt, about a customer erased here', () => {
  it('is dropped: the address never reaches the table or the log (found by the convergence test, seed 1205)', async () => {
    const world = new WorldClock()
    const { a, b, ana } = await anaWithNoteAtB(world)
    const mail = { host: 'smtp.example.com', port: 587, security: 'starttls' as const, username: 'shop@example.com', fromName: 'Shop', fromAddress: 'shop@example.com', replyTo: '', attachPdf: false }
    await ok(b.call('mail:saveSettings', { ...mail, password: 'app password' }))
    const sale = await ok(b.call('sales:create', { customerId: ana.id, items: [{ name: 'Tea', quantity: 1, unitPriceMinor: 500 }], payments: [{ method: 'cash', amountMinor: 500 }] }))
    await ok(b.call('receipts:send', { receiptId: sale.id, to: 'ana.private@example.org' }))
    await ok(a.call('customers:erase', { id: ana.id }))
    // The receipt and its email request in one batch: the request's customer is known only through the receipt arriving with it.
    await deliver(b, a, { all: true })
    expect(await a.core.services.db('receipts').where({ id: sale.id })).toHaveLength(1)
    expect(await a.core.services.db('receipt_emails')).toEqual([])
    expect(await a.core.services.db('change_log').where('value', 'like', '%ana.private%')).toEqual([])
    await syncAll(stores)
    for (const s of [a, b]) expect(await s.core.services.db('receipt_emails')).toEqual([])
    expect(await syncDigest(a.core.services.db)).toEqual(await syncDigest(b.core.services.db))
  })
})
