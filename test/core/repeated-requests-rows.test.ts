import { randomUUID } from 'node:crypto'
import { afterEach, describe, expect, it } from 'vitest'
import type { CommandInput, CommandName } from '../../electron/contract'
import { OWNER, OWNER_SESSION, manualClock, signIn, startSetUpCore, startTestCore, type TestCore } from '../support/core'
import { customerReceipt, smtpSettings, startMailCore } from '../support/mail'
import { simpleSale, salesRowCounts } from '../support/sales'
import { addShopper, balances } from '../support/shoppers'
import { unusedPort } from '../support/smtp/server'

/**
 * A sale, and every other command that adds a row each time it runs from a form, sent again
 * with the form's `requestId` (a double click the form let through, a retry after a lost
 * answer): the first answer, and one row. A new id is a new request; a refusal is not kept.
 */
let core: TestCore | undefined
afterEach(async () => {
  await core?.cleanup()
  core = undefined
})

const count = async (core: TestCore, table: string) => Number((await core.services.db(table).count({ n: '*' }).first())!.n)

describe('sales:create with a requestId', () => {
  it('sent twice at once: one receipt, one payment, points once; both get the first receipt', async () => {
    core = await startSetUpCore()
    const shopper = await addShopper(core)
    const sale = { ...simpleSale(shopper.id, 5000), requestId: randomUUID() }
    const [first, second] = await Promise.all([core.call('sales:create', sale), core.call('sales:create', sale)])
    expect(first).toMatchObject({ ok: true, data: { totalMinor: 5000, loyaltyPoints: 50 } })
    expect(second).toEqual(first)
    // A retry after the answer was lost: still the first receipt.
    expect(await core.call('sales:create', sale)).toEqual(first)
    const counts = await salesRowCounts(core)
    expect({ receipts: counts.receipts, payments: counts.receipt_payments, points: counts.loyalty_ledger }).toEqual({ receipts: 1, payments: 1, points: 1 })
    expect(await balances(core, shopper.id)).toEqual({ ledger: 50, cached: 50 })
  })

  it('another id is another sale: a second receipt', async () => {
    core = await startSetUpCore()
    const sale = simpleSale(null, 1200)
    const first = await core.ok('sales:create', { ...sale, requestId: randomUUID() })
    const second = await core.ok('sales:create', { ...sale, requestId: randomUUID() })
    expect(second.number).not.toBe(first.number)
    expect(await count(core, 'receipts')).toBe(2)
  })

  it('a refused sale is not kept: the same request runs once it can succeed', async () => {
    core = await startSetUpCore()
    const shopper = await addShopper(core)
    await core.ok('customers:inactivate', { id: shopper.id })
    const sale = { ...simpleSale(shopper.id, 2000), requestId: randomUUID() }
    expect(await core.call('sales:create', sale)).toMatchObject({ ok: false })
    expect(await count(core, 'receipts')).toBe(0)
    await core.ok('customers:restore', { id: shopper.id })
    expect(await core.call('sales:create', sale)).toMatchObject({ ok: true, data: { totalMinor: 2000 } })
    expect(await core.call('sales:create', sale)).toMatchObject({ ok: true })
    expect(await count(core, 'receipts')).toBe(1)
  })
})

/**
 * The sale's request id outlives main's memory (command-requests.ts): the app crashed after the
 * sale committed, before the desk saw its receipt, and the draft put back after the restart
 * sends the same sale with the same id.
 */
describe('sales:create with a requestId, after a restart', () => {
  /** Closes the core and opens its data folder again, as the app does after a crash; the owner signs in again. */
  async function restart(c: TestCore, now?: () => Date): Promise<TestCore> {
    await c.close()
    const again = await startTestCore({ dataDir: c.dir, now })
    await signIn(again, OWNER_SESSION, OWNER.username, OWNER.password)
    return again
  }

  it('sent again after a restart: the first receipt, the same answer, and one sale', async () => {
    core = await startSetUpCore()
    const shopper = await addShopper(core)
    const sale = { ...simpleSale(shopper.id, 5000), requestId: randomUUID() }
    const first = await core.call('sales:create', sale)
    expect(first).toMatchObject({ ok: true, data: { totalMinor: 5000, loyaltyPoints: 50 } })
    core = await restart(core)
    expect(await core.call('sales:create', sale)).toEqual(first)
    // The draft was changed after it was sent: the first sale stands, and the change is refused, naming its receipt.
    const changed = await core.call('sales:create', { ...sale, items: [{ ...sale.items[0]!, quantity: 2 }] })
    expect(changed).toMatchObject({ ok: false, error: { code: 'CONFLICT' } })
    expect(!changed.ok && changed.error.message).toContain(`already saved as receipt ${(first as { data: { number: string } }).data.number}`)
    const counts = await salesRowCounts(core)
    expect({ receipts: counts.receipts, payments: counts.receipt_payments, points: counts.loyalty_ledger }).toEqual({ receipts: 1, payments: 1, points: 1 })
    expect(await balances(core, shopper.id)).toEqual({ ledger: 50, cached: 50 })
  })

  it('keeps the ids a week: an older one is forgotten when the app starts (and sent again, is a new sale)', async () => {
    const clock = manualClock()
    core = await startSetUpCore({ now: clock.now })
    const old = { ...simpleSale(null, 700), requestId: randomUUID() }
    await core.ok('sales:create', old)
    clock.advance(8 * 24 * 3600_000)
    core = await restart(core, clock.now)
    const recent = { ...simpleSale(null, 900), requestId: randomUUID() }
    await core.ok('sales:create', recent)
    expect(await core.services.db('command_requests').pluck('request_id')).toEqual([recent.requestId])
    await core.ok('sales:create', old)
    expect(await count(core, 'receipts')).toBe(3)
  })
})

/** A command, the table it adds a row to, and a valid input for it (given the customer and receipt made below). */
interface Case<N extends CommandName = CommandName> {
  name: N
  table: string
  input: (made: { customerId: string; receiptId: string; ownerId: string; storeId: string; n: number }) => CommandInput<N>
}
const CASES: Case[] = [
  { name: 'appointments:schedule', table: 'appointments', input: (m) => ({ customerId: m.customerId, date: '2099-01-15', time: `1${m.n}:30`, staffId: m.ownerId, note: '' }) },
  { name: 'deals:create', table: 'deals', input: (m) => ({ customerId: m.customerId, assignedUserId: m.ownerId, note: 'Sofa', alsoWhenOpen: true }) },
  { name: 'customers:create', table: 'customers', input: (m) => ({ firstName: 'Grace', lastName: 'Hopper', storeIds: [m.storeId] }) },
  // Another address each time: the same one is refused while the first still waits (nothing listens here).
  { name: 'receipts:send', table: 'mail_outbox', input: (m) => ({ receiptId: m.receiptId, to: `copy${m.n}@example.com` }) },
  // Switched off: a second active rate of one name was refused anyway; a switched-off one was made twice.
  { name: 'taxRates:save', table: 'tax_rates', input: (m) => ({ id: null, name: `Reduced ${m.n}`, ratePercent: 5, active: false }) },
] as Case[]

describe('other commands that add a row, with a requestId', () => {
  it.each(CASES.map((c) => [c.name, c] as const))('%s sent twice at once: one row; a new id: a second row', async (_, { name, table, input }) => {
    core = await startMailCore()
    await core.ok('mail:saveSettings', smtpSettings({ port: await unusedPort() }))
    const { customerId, receipt } = await customerReceipt(core)
    const ownerId = (await core.services.db('users').where({ username: OWNER.username }).first('id')).id as string
    const made = { customerId, receiptId: receipt.id, ownerId, storeId: core.services.localStoreId()! }
    const before = await count(core, table)

    const request = { ...input({ ...made, n: 1 }), requestId: randomUUID() } as never
    const [first, second] = await Promise.all([core.call(name, request), core.call(name, request)])
    expect(first).toMatchObject({ ok: true })
    expect(second).toEqual(first)
    expect(await count(core, table)).toBe(before + 1)

    const another = { ...input({ ...made, n: 2 }), requestId: randomUUID() } as never
    expect(await core.call(name, another)).toMatchObject({ ok: true })
    expect(await count(core, table)).toBe(before + 2)
  })
})
