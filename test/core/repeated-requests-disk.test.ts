import { randomUUID } from 'node:crypto'
import { join } from 'node:path'
import { afterEach, describe, expect, it } from 'vitest'
import type { CommandInput, CommandName } from '../../electron/contract'
import { DATABASE_FILE } from '../../electron/core'
import { openDatabase } from '../../electron/core/db/connection'
import { memorySecrets } from '../../electron/core/mail/secrets'
import { REPEAT_WINDOW_MS } from '../../electron/core/repeated-requests'
import { migrations } from '../../migrations'
import { OWNER, OWNER_SESSION, addUser, manualClock, signIn, startSetUpCore, startTestCore, type TestCore } from '../support/core'
import { customerReceipt, reopenMailCore, smtpSettings, startMailCore } from '../support/mail'
import { simpleSale } from '../support/sales'
import { addShopper } from '../support/shoppers'
import { unusedPort } from '../support/smtp/server'

/**
 * Every command that adds a row keeps its request id on disk for a week, in its own transaction
 * (core/command-requests.ts): a form's draft put back after a lost answer or a crash, sent again
 * once main's memory of repeats (a minute, repeated-requests.ts) is gone, gets the first answer
 * and adds no second row; the same id with other input is refused and changes nothing; a
 * refused request is not kept. Sales have their own tests (repeated-requests-rows.test.ts).
 */
let core: TestCore | undefined
afterEach(async () => {
  await core?.cleanup()
  core = undefined
})

const count = async (c: TestCore, table: string) => Number((await c.services.db(table).count({ n: '*' }).first())!.n)

interface Made {
  shopperId: string
  receiptId: string
  ownerId: string
  storeId: string
  manager: { id: string; pin: string }
}

/** A command, the table it adds a row to, a valid input, the same with something changed, and one it refuses. */
interface Case<N extends CommandName = CommandName> {
  name: N
  table: string
  input: (m: Made) => CommandInput<N>
  changed: (m: Made) => CommandInput<N>
  refused: (m: Made) => CommandInput<N>
}

const adjustment = (m: Made) => ({ customerId: m.shopperId, direction: 'add' as const, points: 40, reason: 'Birthday bonus', approverId: m.manager.id, approverPin: m.manager.pin })
const appointment = (m: Made) => ({ customerId: m.shopperId, date: '2099-01-15', time: '10:30', staffId: m.ownerId, note: 'Fitting' })

const CASES: Case[] = [
  {
    name: 'customers:create',
    table: 'customers',
    input: (m) => ({ firstName: 'Grace', lastName: 'Hopper', storeIds: [m.storeId], password: 'grace secret 1' }),
    changed: (m) => ({ firstName: 'Grace', lastName: 'Hopper-Smith', storeIds: [m.storeId], password: 'grace secret 1' }),
    // The username of the customer made below: refused in the transaction.
    refused: (m) => ({ firstName: 'Grace', lastName: 'Hopper', storeIds: [m.storeId], username: 'taken.name' }),
  },
  {
    name: 'customers:setFlag',
    table: 'flag_events',
    input: (m) => ({ id: m.shopperId, flagged: true, reason: 'Shouted at staff' }),
    changed: (m) => ({ id: m.shopperId, flagged: true, reason: 'Shouted at staff twice' }),
    // Un-flagging a customer who is not flagged.
    refused: (m) => ({ id: m.shopperId, flagged: false, reason: '' }),
  },
  {
    name: 'deals:create',
    table: 'deals',
    input: (m) => ({ customerId: m.shopperId, assignedUserId: m.ownerId, note: 'Sofa' }),
    changed: (m) => ({ customerId: m.shopperId, assignedUserId: m.ownerId, note: 'Sofa and chair' }),
    refused: (m) => ({ customerId: m.shopperId, assignedUserId: randomUUID(), note: 'Sofa' }),
  },
  {
    name: 'appointments:schedule',
    table: 'appointments',
    input: appointment,
    changed: (m) => ({ ...appointment(m), note: 'Fitting and alterations' }),
    // A day already past on the store's clock.
    refused: (m) => ({ ...appointment(m), date: '2026-11-01' }),
  },
  {
    name: 'loyalty:adjust',
    table: 'loyalty_ledger',
    input: adjustment,
    changed: (m) => ({ ...adjustment(m), points: 400 }),
    refused: (m) => ({ ...adjustment(m), approverPin: '0000' }),
  },
  {
    name: 'feedback:add',
    table: 'feedback',
    input: (m) => ({ customerId: m.shopperId, sentiment: 'positive', comment: 'Lovely service' }),
    changed: (m) => ({ customerId: m.shopperId, sentiment: 'negative', comment: 'Lovely service' }),
    refused: (m) => ({ customerId: m.shopperId, receiptId: randomUUID(), sentiment: 'positive', comment: 'Lovely service' }),
  },
  {
    name: 'receipts:send',
    table: 'receipt_emails',
    input: (m) => ({ receiptId: m.receiptId, to: 'copy@example.com' }),
    changed: (m) => ({ receiptId: m.receiptId, to: 'other@example.com' }),
    refused: () => ({ receiptId: randomUUID(), to: 'copy@example.com' }),
  },
  {
    name: 'taxRates:save',
    table: 'tax_rates',
    input: () => ({ id: null, name: 'Reduced', ratePercent: 5, active: true }),
    changed: () => ({ id: null, name: 'Reduced', ratePercent: 6, active: true }),
    // The name of the active rate the receipt below was sold with.
    refused: () => ({ id: null, name: 'state tax', ratePercent: 5, active: true }),
  },
] as Case[]

/** A set-up store with mail settings (nothing listens: emails stay queued), a shopper, a receipt and a manager, on a clock the test moves. */
async function startStore() {
  const clock = manualClock()
  const secrets = memorySecrets()
  const c = await startMailCore({ now: clock.now, secrets })
  await c.ok('mail:saveSettings', smtpSettings({ port: await unusedPort() }))
  const { receipt } = await customerReceipt(c)
  const shopper = await addShopper(c)
  await c.ok('customers:create', { firstName: 'Taken', lastName: 'Name', username: 'taken.name', storeIds: [c.services.localStoreId()!] })
  const manager = await addUser(c, { role: 'manager' })
  const ownerId = (await c.services.db('users').where({ username: OWNER.username }).first('id')).id as string
  const made: Made = { shopperId: shopper.id, receiptId: receipt.id, ownerId, storeId: c.services.localStoreId()!, manager: { id: manager.user.id, pin: manager.pin } }
  return { core: c, clock, secrets, made }
}

/** What a repeat must answer: the first answer, read again (an email's state moves on while the worker tries). */
function expectSameAnswer(name: CommandName, again: unknown, first: unknown) {
  if (name !== 'receipts:send') return expect(again).toEqual(first)
  const data = (first as { data: { id: string; recipient: string } }).data
  expect(again).toMatchObject({ ok: true, data: { id: data.id, recipient: data.recipient } })
}

describe.each(CASES.map((c) => [c.name, c] as const))('%s with a requestId kept on disk', (name, { table, input, changed, refused }) => {
  it('sent again after main forgot it (the window, then a restart): the first answer and one row', async () => {
    const store = await startStore()
    core = store.core
    const before = await count(core, table)
    const request = { ...input(store.made), requestId: randomUUID() } as never
    const first = await core.call(name, request)
    expect(first).toMatchObject({ ok: true })
    expect(await count(core, table)).toBe(before + 1)

    // Past main's memory of repeats: only the disk remembers.
    store.clock.advance(REPEAT_WINDOW_MS + 5 * 60_000)
    expectSameAnswer(name, await core.call(name, request), first)
    expect(await count(core, table)).toBe(before + 1)

    // The app crashed and was opened again the next day.
    await core.close()
    store.clock.advance(24 * 3600_000)
    core = await reopenMailCore(core.dir, store.secrets, store.clock.now)
    await signIn(core, OWNER_SESSION, OWNER.username, OWNER.password)
    expectSameAnswer(name, await core.call(name, request), first)
    expect(await count(core, table)).toBe(before + 1)
    expect(await core.services.db('command_requests').where({ command: name }).count({ n: '*' }).first()).toEqual({ n: 1 })
  })

  it('the same id with other input: refused (CONFLICT), and nothing changes', async () => {
    const store = await startStore()
    core = store.core
    const requestId = randomUUID()
    await core.ok(name, { ...input(store.made), requestId } as never)
    store.clock.advance(REPEAT_WINDOW_MS + 1000)
    const [rows, log] = [await count(core, table), await count(core, 'change_log')]
    const other = await core.call(name, { ...changed(store.made), requestId } as never)
    expect(other).toMatchObject({ ok: false, error: { code: 'CONFLICT', message: expect.stringContaining('already') } })
    expect(!other.ok && other.error.message).toMatch(/as (it|the form) was before this change/)
    expect([await count(core, table), await count(core, 'change_log')]).toEqual([rows, log])
    // Within main's window too: another input is another request to main, and the disk refuses it.
    const again = await core.call(name, { ...changed(store.made), requestId } as never)
    expect(again).toMatchObject({ ok: false, error: { code: 'CONFLICT' } })
  })

  it('a refusal keeps no id: the same id, put right, is saved', async () => {
    const store = await startStore()
    core = store.core
    const requestId = randomUUID()
    const before = await count(core, table)
    expect(await core.call(name, { ...refused(store.made), requestId } as never)).toMatchObject({ ok: false })
    expect(await count(core, 'command_requests')).toBe(0)
    expect(await core.call(name, { ...input(store.made), requestId } as never)).toMatchObject({ ok: true })
    expect(await count(core, table)).toBe(before + 1)
    expect(await core.services.db('command_requests').pluck('request_id')).toEqual([requestId])
  })
})

describe('loyalty:adjust kept on disk: the PIN', () => {
  it('is left out of the digest: a repeat typed with the PIN again is the same request; a wrong PIN is still refused', async () => {
    const store = await startStore()
    core = store.core
    const before = await count(core, 'loyalty_ledger')
    const request = { ...adjustment(store.made), requestId: randomUUID() }
    const first = await core.call('loyalty:adjust', request)
    const kept = await core.services.db('command_requests').first()
    expect(JSON.stringify(kept)).not.toContain(store.made.manager.pin)
    store.clock.advance(REPEAT_WINDOW_MS + 1000)
    // The PIN is checked again on a repeat: the answer is not given without the approval.
    expect(await core.call('loyalty:adjust', { ...request, approverPin: '0000' })).toMatchObject({ ok: false, error: { code: 'BAD_CREDENTIALS' } })
    expect(await core.call('loyalty:adjust', request)).toEqual(first)
    expect(await count(core, 'loyalty_ledger')).toBe(before + 1)
  })

  it('removing more than the balance is refused in the transaction: the id is not kept', async () => {
    const store = await startStore()
    core = store.core
    const requestId = randomUUID()
    const tooMany = { ...adjustment(store.made), direction: 'remove' as const, points: 5000, requestId }
    expect(await core.call('loyalty:adjust', tooMany)).toMatchObject({ ok: false, error: { code: 'VALIDATION' } })
    expect(await count(core, 'command_requests')).toBe(0)
    expect(await core.call('loyalty:adjust', { ...adjustment(store.made), requestId })).toMatchObject({ ok: true, data: { balance: 40 } })
  })
})

describe('command_requests', () => {
  it('are forgotten a week on, when the app starts: sent again, the request is a new one', async () => {
    const store = await startStore()
    core = store.core
    const before = await count(core, 'loyalty_ledger')
    const request = { ...adjustment(store.made), requestId: randomUUID() }
    await core.ok('loyalty:adjust', request)
    store.clock.advance(8 * 24 * 3600_000)
    await core.close()
    core = await reopenMailCore(core.dir, store.secrets, store.clock.now)
    await signIn(core, OWNER_SESSION, OWNER.username, OWNER.password)
    expect(await count(core, 'command_requests')).toBe(0)
    await core.ok('loyalty:adjust', request)
    expect(await count(core, 'loyalty_ledger')).toBe(before + 2)
  })

  it('took the sales’ ids kept before (sale_requests): a sale saved then is still answered with its receipt', async () => {
    core = await startSetUpCore()
    const sale = { ...simpleSale(null, 1500), requestId: randomUUID() }
    const first = await core.call('sales:create', sale)
    expect(first).toMatchObject({ ok: true })
    // As the database was before this migration: the id in sale_requests.
    await core.close()
    const db = openDatabase(join(core.dir, DATABASE_FILE))
    await migrations['20261206500000_command_requests']!.down!(db)
    await db('knex_migrations').where({ name: '20261206500000_command_requests' }).delete()
    expect(await db('sale_requests').select('request_id')).toEqual([{ request_id: sale.requestId }])
    await db.destroy()

    core = await startTestCore({ dataDir: core.dir })
    expect(core.migration.applied).toEqual(['20261206500000_command_requests'])
    await signIn(core, OWNER_SESSION, OWNER.username, OWNER.password)
    expect(await core.services.db('command_requests').select('command', 'request_id')).toEqual([{ command: 'sales:create', request_id: sale.requestId }])
    expect(await core.call('sales:create', sale)).toEqual(first)
    expect(await count(core, 'receipts')).toBe(1)
    expect(await core.services.db.raw('PRAGMA foreign_key_check')).toEqual([])
  })
})

describe('a sale’s digest across the update that added payments by points', () => {
  it('is the same with the new field at its "none" default as without it, and differs once points are used', async () => {
    const { commandRequest } = await import('../../electron/core/command-requests')
    const requestId = randomUUID()
    const before = { customerId: null, items: [{ name: 'Tea', quantity: 1, unitPriceMinor: 300 }], payments: [{ method: 'cash', amountMinor: 300 }], requestId }
    const after = { ...before, payments: [{ method: 'cash', amountMinor: 300, points: null }] }
    const withPoints = { ...before, payments: [{ method: 'loyalty_points', amountMinor: 300, points: 300 }] }
    expect(commandRequest('sales:create', after)!.digest).toBe(commandRequest('sales:create', before)!.digest)
    expect(commandRequest('sales:create', withPoints)!.digest).not.toBe(commandRequest('sales:create', before)!.digest)
  })
})
