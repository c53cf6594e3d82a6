import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { CommandInput } from '../../../electron/contract'
import { PERMISSIONS } from '../../../electron/contract/permissions'
import { SYNC_BOUNDS, withinBound, type Bound } from '../../../electron/core/sync/bounds'
import { SYNC_SPEC, type SyncedTable } from '../../../electron/core/sync/spec'
import { OWNER, startTestCore, type TestCore } from '../../support/core'
import { PNG } from '../customers/fixtures'
import { deliver, ownEntries, syncAll, WorldClock, type SyncStore, useSyncStores } from '../../support/sync/cluster'
import { ok } from '../../support/answers'

/**
 * The bounds the applier holds other stores' values to (sync/bounds.ts): every synced column
 * has one, of its column's kind, and what the app's own commands write at the contract's
 * maxima is within them (a bound tighter than the contract would refuse a real store's entries).
 */
let core: TestCore
beforeAll(async () => {
  core = await startTestCore()
})
afterAll(() => core.cleanup())

const tables = (Object.keys(SYNC_SPEC) as SyncedTable[]).filter((table) => SYNC_SPEC[table].kind !== 'set')
const boundsOf = (table: SyncedTable): Record<string, Bound> => (SYNC_BOUNDS as Record<string, Record<string, Bound>>)[table]

/** The bound a column's declared SQLite type calls for. */
function kindOf(declared: string): Bound['type'][] {
  const type = declared.toUpperCase()
  if (/CHAR|TEXT|CLOB/.test(type)) return ['text']
  if (/BOOL/.test(type)) return ['boolean']
  if (/INT/.test(type)) return ['integer', 'boolean']
  if (/REAL|FLOA|DOUB/.test(type)) return ['number']
  throw new Error(`no bound kind for a column of type ${declared}`)
}

describe('the bounds of synced values', () => {
  it.each(tables)('%s: every synced column has a bound of its kind, and no bound names another column', async (table) => {
    const spec = SYNC_SPEC[table]
    if (spec.kind === 'set') return
    const bounds = boundsOf(table)
    const columns: { name: string; type: string }[] = await core.services.db.raw(`PRAGMA table_info(${table})`)
    for (const column of spec.synced as readonly string[]) {
      const bound = bounds[column]
      expect(bound, `${table}.${column} has no bound in sync/bounds.ts`).toBeDefined()
      const declared = columns.find((c) => c.name === column)!.type
      expect(kindOf(declared), `${table}.${column} (${declared})`).toContain(bound.type)
      if (bound.type === 'text') expect(bound.max, `${table}.${column}`).toBeGreaterThan(0)
      if (bound.type === 'integer' || bound.type === 'number') {
        expect(Number.isFinite(bound.min) && Number.isFinite(bound.max) && bound.min <= bound.max, `${table}.${column}`).toBe(true)
      }
    }
    expect(Object.keys(bounds).filter((column) => !(spec.synced as readonly string[]).includes(column))).toEqual([])
  })

  it('takes a value at its bound and refuses one beyond it', () => {
    for (const [table, bounds] of Object.entries(SYNC_BOUNDS)) {
      for (const [column, bound] of Object.entries(bounds as Record<string, Bound>)) {
        const name = `${table}.${column}`
        expect(withinBound(bound, null), name).toBe(true)
        if (bound.type === 'text' && !bound.valid) {
          expect(withinBound(bound, 'x'.repeat(bound.max)), name).toBe(true)
          expect(withinBound(bound, 'x'.repeat(bound.max + 1)), name).toBe(false)
          expect(withinBound(bound, 5), name).toBe(false)
        }
        if (bound.type === 'integer') {
          expect([bound.min, bound.max].map((v) => withinBound(bound, v)), name).toEqual([true, true])
          expect([bound.min - 1, bound.max + 1, bound.min + 0.5, String(bound.max)].map((v) => withinBound(bound, v)), name).toEqual([false, false, false, false])
        }
        if (bound.type === 'number') {
          expect([bound.min, bound.max, (bound.min + bound.max) / 3].map((v) => withinBound(bound, v)), name).toEqual([true, true, true])
          expect([bound.min - 1, bound.max + 1, Number.NaN, Infinity].map((v) => withinBound(bound, v)), name).toEqual([false, false, false, false])
        }
        if (bound.type === 'boolean') expect([true, false, 0, 1, 2, 'true'].map((v) => withinBound(bound, v)), name).toEqual([true, true, true, true, false, false])
      }
    }
  })

  it('takes permission overrides as users:create writes them, every permission given', () => {
    const bound = SYNC_BOUNDS.users.permission_overrides
    expect(withinBound(bound, JSON.stringify(Object.fromEntries(PERMISSIONS.map((p) => [p, false]))))).toBe(true)
    expect(withinBound(bound, '{}')).toBe(true)
    for (const bad of ['null', '[]', '{"a": 1}', '{', '"x"']) expect(withinBound(bound, bad), bad).toBe(false)
  })
})

const { stores, first: firstStore, join: joinStore } = useSyncStores()

const long = (n: number, letter = 'x') => letter.repeat(n)
/** An email address of 254 characters, the contract's most. */
const LONGEST_EMAIL = `${long(64, 'a')}@${long(63, 'b')}.${long(63, 'c')}.${long(57, 'd')}.com`

/** Every kind of row the app syncs, written by B's own commands with each typed value at the contract's maximum. */
async function writeAtTheMaxima(b: SyncStore): Promise<void> {
  const here = b.core.services.localStoreId()!
  const settings = await ok(b.call('settings:get', {}))
  await ok(b.call('settings:update', { ...settings, storeName: long(120, 'S'), storeAddress: `${long(150, 'a')}\n${long(149, 'b')}`, receiptPrefix: 'ABCDEF', medicalShop: true, loyaltyPointsPerUnit: 1000, loyaltyValuePerPointMinor: 100_000 }))
  await ok(b.call('lock:setPolicy', { idleMinutes: 240, pinUnlock: true }))
  const manager = await ok(
    b.call('users:create', {
      username: long(40, 'm'),
      displayName: long(120, 'M'),
      role: 'manager',
      password: long(200, 'p'),
      pin: '12345678',
      permissionOverrides: Object.fromEntries(PERMISSIONS.map((p) => [p, false])),
    }),
  )
  const rate = await ok(b.call('taxRates:save', { name: long(60, 'T'), ratePercent: 100 }))
  const owner = (await b.core.services.db('users').where({ username: OWNER.username }).first()).id as string
  const otherStore = (await b.core.services.db('stores').whereNot({ id: here }).first()).id as string
  const fields: CommandInput<'customers:create'> = {
    firstName: long(80, 'F'),
    lastName: long(80, 'L'),
    nickname: long(80, 'N'),
    phone: '+1 212 555 0100',
    smsOptIn: true,
    email: LONGEST_EMAIL,
    emailOptIn: true,
    gender: 'prefer_not_to_say',
    dateOfBirth: '1990-02-28',
    nationality: 'US',
    anniversary: '2020-01-01',
    gateCode: long(40, 'g'),
    idNumber: long(60, 'i'),
    customerType: 'wholesale',
    notes: `${long(2000, 'n')}\n${long(1999, 'o')}`,
    username: long(40, 'u'),
    password: long(200, 'w'),
    assignedStaffIds: [owner, manager.id],
    storeIds: [here, otherStore],
    loyaltyEnrolled: true,
    giftCardNumber: long(40, '7'),
    addressLine1: long(120, 'A'),
    addressLine2: long(120, 'B'),
    city: long(80, 'C'),
    state: long(80, 'S'),
    zip: long(20, '9'),
    country: 'US',
    driversLicenseNumber: long(40, 'D'),
    driversLicenseState: long(40, 'E'),
    driversLicenseExpiry: '2030-12-31',
    medicalNumber: long(60, 'M'),
    medicalExpiry: '2031-12-31',
  }
  const customer = await ok(b.call('customers:create', { ...fields, photo: PNG }))
  // Edits travel one field an entry: the longest text, a new password hash, a user's new name and secrets.
  await ok(b.call('customers:update', { ...fields, id: customer.id, password: long(199, 'x'), lastName: long(80, 'Z'), notes: long(4000, 'z') }))
  await ok(b.call('users:update', { id: manager.id, displayName: long(120, 'W') }))
  await ok(b.call('users:resetPassword', { id: manager.id, password: long(200, 'q') }))
  await ok(b.call('users:resetPin', { id: manager.id, pin: '87654321' }))
  await ok(b.call('customers:setFlag', { id: customer.id, flagged: true, reason: long(500, 'r') }))
  // 200 lines of 120 characters, one of 10,000 units taxed at 100 %; ten payments with references of 60.
  const items = Array.from({ length: 200 }, (_, i) => ({ name: long(120, String.fromCharCode(65 + (i % 26))), quantity: i === 0 ? 10_000 : 1, unitPriceMinor: 100, taxRateId: i === 0 ? rate.id : null }))
  const payments = [
    ...Array.from({ length: 9 }, () => ({ method: 'card' as const, amountMinor: 1, reference: long(60, 'R') })),
    { method: 'cash' as const, amountMinor: 5_000_000, reference: long(60, 'Q') },
  ]
  const sale = await ok(b.call('sales:create', { customerId: customer.id, items, payments }))
  const mail = { host: 'smtp.example.com', port: 587, security: 'starttls' as const, username: 'shop@example.com', fromName: 'Shop', fromAddress: 'shop@example.com', replyTo: '', attachPdf: false }
  await ok(b.call('mail:saveSettings', { ...mail, password: 'app password' }))
  await ok(b.call('receipts:send', { receiptId: sale.id, to: LONGEST_EMAIL }))
  await ok(b.call('feedback:add', { customerId: customer.id, receiptId: sale.id, sentiment: 'positive', comment: long(1000, 'c') }))
  await ok(b.call('loyalty:adjust', { customerId: customer.id, direction: 'add', points: 1_000_000, reason: long(200, 'a'), approverId: owner, approverPin: OWNER.pin }))
  await ok(b.call('sales:void', { receiptId: sale.id, reason: long(500, 'v') }))
  await ok(b.call('visits:checkIn', { customerId: customer.id }))
  const deal = (await ok(b.call('deals:listForCustomer', { customerId: customer.id }))).deals[0]
  await ok(b.call('deals:setStatus', { dealId: deal.id, status: 'sold', note: long(200, 'd') }))
  await ok(b.call('deals:create', { customerId: customer.id, assignedUserId: manager.id, note: long(200, 'e') }))
  await ok(b.call('visits:checkOut', { customerId: customer.id, dealId: deal.id }))
  await ok(b.call('appointments:schedule', { customerId: customer.id, date: '2026-12-24', time: '23:59', staffId: manager.id, note: long(500, 'p') }))
}

describe('values at the contract maxima', () => {
  it('are written by the commands of one store and applied by another, none refused', async () => {
    const world = new WorldClock()
    const a = await firstStore(world, 0)
    const b = await joinStore(world, a, 1, 0)
    await syncAll(stores)
    await writeAtTheMaxima(b)
    const result = await deliver(b, a, { all: true })
    expect(result).toMatchObject({ refused: 0, fallbacks: 0, waiting: { incomplete: 0, waiting: 0, ahead: 0, newer: 0, failed: 0 } })
    const sent = (await ownEntries(b)).map((e) => e.id)
    expect(await a.core.services.db('change_log').whereIn('id', sent).count({ n: '*' }).first()).toEqual({ n: sent.length })
    // Every table got its row at A.
    for (const table of tables) expect(await a.core.services.db(table).count({ n: '*' }).first(), table).not.toEqual({ n: 0 })
    expect(await a.core.services.db('customers').where({ email: LONGEST_EMAIL }).first('first_name')).toEqual({ first_name: long(80, 'F') })
  })
})
