import type { CommandInput, CommandName } from '../../electron/contract'
import { OWNER } from './core'

/** Stands for an existing row's id; the fuzz test puts a real one of the right kind in its place. */
export const SAMPLE_ID = '01900000-0000-7000-8000-0000000000aa'
/** Stands for the test store's id (made at setup); the control test puts the real one in its place. */
export const SAMPLE_STORE_ID = '01900000-0000-7000-8000-00000000570e'

export const customerFields = {
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
  storeIds: [SAMPLE_STORE_ID],
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

/**
 * One valid input per command: the contract test's seed for malformed inputs, the fuzz
 * test's for hostile ones. A new command without a sample here fails the contract test.
 */
export const validSamples: { [K in CommandName]: CommandInput<K> } = {
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
  'users:update': { id: SAMPLE_ID, displayName: 'Renamed', role: 'manager', permissionOverrides: { export_data: false } },
  'users:resetPassword': { id: SAMPLE_ID, password: 'another password' },
  'users:resetPin': { id: SAMPLE_ID, pin: '97531' },
  'users:setActive': { id: SAMPLE_ID, active: false },
  'settings:get': {},
  'settings:update': {
    storeName: 'Sample Store',
    currency: 'USD',
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
    // Cash may exceed the total: a fuzzed price or quantity still leaves the sale paid.
    payments: [{ method: 'cash', amountMinor: 1_000_000_000, reference: '4242' }],
  },
  'sales:void': { receiptId: SAMPLE_ID, reason: 'Rung up twice' },
  'receipts:get': { id: SAMPLE_ID },
  // `after` (any string, or null) is left out: no wrong type of it exists but a number.
  'receipts:listForCustomer': { customerId: SAMPLE_ID, period: 'custom', from: '2026-01-01', to: '2026-01-31', limit: 25 },
  'loyalty:approvers': {},
  'loyalty:adjust': { customerId: SAMPLE_ID, direction: 'add', points: 50, reason: 'Birthday', approverId: SAMPLE_ID, approverPin: '2468' },
  'loyalty:history': { customerId: SAMPLE_ID, limit: 50 },
  'feedback:add': { customerId: SAMPLE_ID, receiptId: null, sentiment: 'positive', comment: 'Friendly' },
  'feedback:listForCustomer': { customerId: SAMPLE_ID },
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
  'customers:get': { id: SAMPLE_ID },
  'customers:create': customerFields,
  'customers:update': { ...customerFields, id: SAMPLE_ID },
  'customers:history': { id: SAMPLE_ID },
  'customers:inactivate': { id: SAMPLE_ID },
  'customers:restore': { id: SAMPLE_ID },
  'customers:erase': { id: SAMPLE_ID },
  'customers:setFlag': { id: SAMPLE_ID, flagged: true, reason: 'Threatened staff' },
  'customers:flagHistory': { id: SAMPLE_ID },
  'customers:staffOptions': {},
  'stores:list': {},
  'metrics:customer': { customerId: SAMPLE_ID, period: 'thisYear', from: '', to: '', historyLimit: 25 },
  'demo:fill': {},
  'backups:list': {},
  'backups:create': { destination: 'file', passphrase: 'a long passphrase' },
  'backups:pickFile': {},
  'backups:inspect': { source: 'backups-folder', name: 'backroom-2026-12-02T09-00-00-000Z-manual.sqlite', passphrase: '' },
  'backups:restore': { source: 'picked-file', name: SAMPLE_ID, passphrase: 'a long passphrase' },
  'storage:status': {},
  'lock:policy': {},
  'lock:setPolicy': { idleMinutes: 15, pinUnlock: true },
  'lock:engage': {},
  'lock:unlock': { secret: '2468' },
}

