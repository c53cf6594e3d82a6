import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from 'vitest'
import { commandNames, contract, type CommandInput, type CommandName } from '../../electron/contract'
import { handlers } from '../../electron/core/handlers'
import { malformedInputs } from '../support/malformed'
import { OWNER, OWNER_SESSION, signIn, startSetUpCore, type TestCore } from '../support/core'

const someId = '01900000-0000-7000-8000-0000000000aa'
/** Stands for the test store's id (made at setup); the control test puts the real one in its place. */
const thisStore = '01900000-0000-7000-8000-00000000570e'

const customerFields = {
  firstName: 'Ana',
  lastName: 'García',
  nickname: 'Anita',
  phone: '+1 415 555 2671',
  smsOptIn: true,
  email: 'ana@example.com',
  emailOptIn: false,
  gender: 'female',
  dateOfBirth: '1990-05-01',
  nationality: 'ES',
  anniversary: '2020-01-15',
  gateCode: '4711',
  idNumber: 'ID-9',
  customerType: 'vip',
  notes: 'Prefers email',
  username: 'ana.garcia',
  password: 'sample password',
  assignedStaffIds: [],
  storeIds: [thisStore],
  loyaltyEnrolled: true,
  giftCardNumber: 'GC-1',
  addressLine1: '1 Main St',
  addressLine2: 'Apt 2',
  city: 'Springfield',
  state: 'IL',
  zip: '62701',
  country: 'US',
  driversLicenseNumber: 'D123',
  driversLicenseState: 'IL',
  driversLicenseExpiry: '2030-01-01',
  medicalNumber: 'M1',
  medicalExpiry: '2030-01-01',
} satisfies CommandInput<'customers:create'>

/** One valid input per command. A new command without a sample here fails the first test. */
const validSamples: { [K in CommandName]: CommandInput<K> } = {
  'auth:status': {},
  'auth:setup': {
    store: { name: 'Sample Store', currency: 'EUR', timeZone: 'Europe/Berlin' },
    owner: { username: 'sample.owner', displayName: 'Sample Owner', password: 'sample password', pin: '1234' },
  },
  'auth:login': { username: OWNER.username, password: OWNER.password },
  'auth:logout': {},
  'users:list': {},
  'users:create': {
    username: 'sample.user',
    displayName: 'Sample User',
    role: 'staff',
    password: 'sample password',
    pin: '5678',
    permissionOverrides: { check_out: true },
  },
  'users:update': { id: someId, displayName: 'Renamed', role: 'manager', permissionOverrides: { export_data: false } },
  'users:resetPassword': { id: someId, password: 'another password' },
  'users:resetPin': { id: someId, pin: '97531' },
  'users:setActive': { id: someId, active: false },
  'settings:get': {},
  'settings:update': {
    storeName: 'Sample Store',
    currency: 'GBP',
    timeZone: 'Europe/London',
    country: 'GB',
    medicalShop: true,
    loyaltyPointsPerUnit: 2,
    loyaltyValuePerPointMinor: 5,
    autoCheckoutAtDayStart: false,
    receiptPrefix: 'SS',
  },
  'taxRates:list': {},
  'taxRates:save': { id: null, name: 'State tax', ratePercent: 8.875, active: true },
  // Nullable ids are null here: the malformed cases then try every non-null type on them.
  'sales:create': {
    customerId: null,
    items: [{ name: 'Coffee beans', quantity: 2, unitPriceMinor: 1299, taxRateId: null }],
    payments: [{ method: 'card', amountMinor: 2598, reference: '4242' }],
  },
  'sales:void': { receiptId: someId, reason: 'Rung up twice' },
  'receipts:get': { id: someId },
  // `after` (any string, or null) is left out: no wrong type of it exists but a number.
  'receipts:listForCustomer': { customerId: someId, period: 'custom', from: '2026-01-01', to: '2026-01-31', limit: 25 },
  'loyalty:approvers': {},
  'loyalty:adjust': { customerId: someId, direction: 'add', points: 50, reason: 'Birthday', approverId: someId, approverPin: '2468' },
  'loyalty:history': { customerId: someId, limit: 50 },
  'feedback:add': { customerId: someId, receiptId: null, sentiment: 'positive', comment: 'Friendly' },
  'feedback:listForCustomer': { customerId: someId },
  // `after` and `photo` (nullable strings) are left out: only a number is a wrong type of them.
  'customers:search': {
    query: 'garcia',
    period: 'custom',
    from: '2026-01-01',
    to: '2026-01-31',
    status: 'all',
    flaggedOnly: false,
    sort: 'name',
    direction: 'asc',
    limit: 20,
  },
  'customers:get': { id: someId },
  'customers:create': customerFields,
  'customers:update': { ...customerFields, id: someId },
  'customers:history': { id: someId },
  'customers:inactivate': { id: someId },
  'customers:restore': { id: someId },
  'customers:erase': { id: someId },
  'customers:setFlag': { id: someId, flagged: true, reason: 'Threatened staff' },
  'customers:flagHistory': { id: someId },
  'customers:staffOptions': {},
  'stores:list': {},
  'metrics:customer': { customerId: someId, period: 'thisYear', from: '', to: '', historyLimit: 25 },
  'demo:fill': {},
  'backups:list': {},
  'backups:create': { destination: 'file', passphrase: 'a long passphrase' },
  'backups:pickFile': {},
  'backups:inspect': { source: 'backups-folder', name: 'backroom-2026-12-02T09-00-00-000Z-manual.sqlite', passphrase: '' },
  'backups:restore': { source: 'picked-file', name: someId, passphrase: 'a long passphrase' },
  'storage:status': {},
  'lock:policy': {},
  'lock:setPolicy': { idleMinutes: 15, pinUnlock: true },
  'lock:engage': {},
  'lock:unlock': { secret: '2468' },
}

let core: TestCore
beforeAll(async () => {
  core = await startSetUpCore()
})
afterAll(() => core.cleanup())
afterEach(() => {
  vi.restoreAllMocks()
})

describe('validSamples', () => {
  it('has exactly one sample per command', () => {
    expect(Object.keys(validSamples).sort()).toEqual([...commandNames].sort())
  })

  it.each(commandNames)('%s: the sample parses', (name) => {
    const parsed = contract[name].input.safeParse(validSamples[name])
    expect(parsed.error).toBeUndefined()
  })
})

describe.each(commandNames)('%s with malformed input', (name) => {
  const generated = malformedInputs(validSamples[name])
  const accepted = (input: unknown) => contract[name].input.safeParse(input).success
  const cases = generated.filter((c) => !accepted(c.input))

  it('generates cases from the sample, and only a removed optional key is skipped as valid', () => {
    // Non-objects and an unknown key at the root, at least.
    expect(cases.length).toBeGreaterThanOrEqual(7)
    const skipped = generated.filter((c) => accepted(c.input)).map((c) => c.label)
    for (const label of skipped) expect(label).toMatch(/ removed$/)
  })

  it('answers VALIDATION with field messages and never reaches the handler', async () => {
    const spy = vi.spyOn(handlers, name)
    for (const { label, input } of cases) {
      const result = await core.dispatch(name, input, OWNER_SESSION)
      expect(result, label).toEqual({
        ok: false,
        error: { code: 'VALIDATION', message: expect.any(String), fields: expect.any(Object) },
      })
      if (result.ok) continue
      const fields = Object.entries(result.error.fields!)
      expect(fields.length, label).toBeGreaterThan(0)
      for (const [, message] of fields) {
        expect(typeof message, label).toBe('string')
        // A message for a person, not an echo of a megabyte of input.
        expect(message.length, label).toBeLessThan(300)
      }
    }
    expect(spy).not.toHaveBeenCalled()
  })

  it('reaches the handler with the valid sample (the spy is wired)', async () => {
    const session = `control-${name}`
    await signIn(core, session, OWNER.username, OWNER.password)
    const spy = vi.spyOn(handlers, name)
    const live = JSON.parse(JSON.stringify(validSamples[name]).replaceAll(thisStore, core.services.localStoreId()!))
    const result = await core.dispatch(name, live, session)
    expect(spy).toHaveBeenCalledTimes(1)
    if (!result.ok) expect(result.error.code).not.toBe('VALIDATION')
  })
})

describe('unknown commands', () => {
  it.each(['users:explode', 'users', '', '__proto__', 'constructor', 'toString', 'hasOwnProperty', 'auth:status '])(
    '%j answers UNKNOWN_COMMAND',
    async (name) => {
      expect(await core.dispatch(name, {}, OWNER_SESSION)).toEqual({
        ok: false,
        error: { code: 'UNKNOWN_COMMAND', message: expect.any(String) },
      })
    },
  )
})
