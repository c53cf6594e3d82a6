import type { CommandInput, CommandOutput } from '../../../electron/contract'
import type { BulkCustomer } from '../../../electron/core/customers/bulk'
import type { TestCore } from '../../support/core'

export type CustomerInput = CommandInput<'customers:create'>
export type CustomerDetail = CommandOutput<'customers:get'>

/** A 1×1 PNG, and one a little different: real image bytes, as the renderer would send them. */
export const PNG = 'data:image/png;base64,iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNkYPhfDwAChwGA60e6kgAAAABJRU5ErkJggg=='
export const OTHER_PNG = 'data:image/png;base64,iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mP8z8DwHwAFBQIAX8jx0gAAAABJRU5ErkJggg=='

export const storeOf = (core: TestCore) => core.services.localStoreId()!

/** Creates a customer in the test store through customers:create (as the owner unless told). */
export function addCustomer(core: TestCore, fields: Partial<CustomerInput> & { firstName: string }, session?: string): Promise<CustomerDetail> {
  return core.ok('customers:create', { storeIds: [storeOf(core)], ...fields }, session)
}

/** The ids a search returns, in order. */
export async function searchIds(core: TestCore, input: CommandInput<'customers:search'>): Promise<string[]> {
  return (await core.ok('customers:search', { period: 'all', ...input })).rows.map((r) => r.id)
}

/** Every page of a search, following nextCursor, as one list of ids. */
export async function allPages(core: TestCore, input: CommandInput<'customers:search'>): Promise<string[]> {
  const ids: string[] = []
  let after: string | null = null
  for (let page = 0; page < 1000; page++) {
    const result: CommandOutput<'customers:search'> = await core.ok('customers:search', { ...input, after })
    ids.push(...result.rows.map((r) => r.id))
    if (!result.nextCursor) return ids
    after = result.nextCursor
  }
  throw new Error('paging did not end')
}

/** Row count of a table, to show a refused command wrote nothing. */
export async function rowCount(core: TestCore, table: string): Promise<number> {
  const [{ n }] = await core.services.db(table).count<{ n: number }[]>({ n: '*' })
  return Number(n)
}

/** `count` customers for the bulk import, every field given as the parsed form has it. */
export function people(c: TestCore, count: number, patch: (i: number) => Partial<BulkCustomer> = () => ({})): BulkCustomer[] {
  return Array.from({ length: count }, (_, i) => ({
    firstName: `Imported${i}`,
    lastName: i % 2 ? 'Núñez' : 'Smith',
    nickname: '',
    phone: `(212) 555-${String(1000 + i)}`,
    smsOptIn: false,
    email: i % 3 ? `imported${i}@example.org` : '',
    emailOptIn: false,
    gender: '',
    dateOfBirth: '',
    nationality: '',
    anniversary: '',
    gateCode: '',
    idNumber: '',
    customerType: '',
    notes: '',
    username: i % 4 ? '' : `imported.${i}`,
    password: '',
    assignedStaffIds: [],
    storeIds: [storeOf(c)],
    loyaltyEnrolled: false,
    giftCardNumber: '',
    addressLine1: '',
    addressLine2: '',
    city: '',
    state: '',
    zip: '',
    country: '',
    driversLicenseNumber: '',
    driversLicenseState: '',
    driversLicenseExpiry: '',
    medicalNumber: '',
    medicalExpiry: '',
    createdAt: `2026-0${1 + (i % 9)}-15T12:00:00.000Z`,
    ...patch(i),
  }))
}
