import { writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { afterEach, describe, expect, it } from 'vitest'
import type { TestCore } from '../../support/core'
import { simpleSale } from '../../support/sales'
import { checkFile, commitImport, importCore, savedCustomers } from './import/helpers'

/**
 * "New customers start in the loyalty programme unless Settings says otherwise": every way a
 * customer is made without saying (customers:create, an import without a loyalty column or
 * with its cell empty) takes the store's setting; saying keeps what was said.
 */
let core: TestCore | undefined
let made: Awaited<ReturnType<typeof importCore>> | undefined
afterEach(async () => {
  await core?.cleanup()
  core = undefined
})

async function enrolByDefault(c: TestCore, on: boolean) {
  await c.ok('settings:update', { ...(await c.ok('settings:get', {})), loyaltyEnrollByDefault: on })
}

const storeIds = (c: TestCore) => [c.services.localStoreId()!]

async function importCsv(text: string) {
  const path = join(core!.dir, 'customers.csv')
  writeFileSync(path, text)
  const { file } = await checkFile(core!, made!.pick, path)
  expect((await commitImport(core!, file.id)).phase).toBe('saved')
  return savedCustomers(core!)
}

async function start(enrol?: boolean) {
  made = await importCore()
  core = made.core
  if (enrol !== undefined) await enrolByDefault(core, enrol)
  return core
}

describe('an import', () => {
  it('without a loyalty column enrols every customer when the setting is on (the default), and a $50 sale earns', async () => {
    const c = await start()
    expect((await c.ok('settings:get', {})).loyaltyEnrollByDefault).toBe(true)
    const saved = await importCsv('First name,Email\nAna,ana@example.com\nBen,ben@example.com\n')
    expect([saved.Ana.loyalty_enrolled, saved.Ben.loyalty_enrolled]).toEqual([1, 1])
    const sale = await c.ok('sales:create', simpleSale(saved.Ana.id as string, 5000))
    expect(sale.loyaltyPoints).toBe(50)
  })

  it('without a loyalty column enrols no one when the setting is off', async () => {
    await start(false)
    const saved = await importCsv('First name,Email\nAna,ana@example.com\n')
    expect(saved.Ana.loyalty_enrolled).toBe(0)
  })

  it('keeps a yes or no the file says, whatever the setting; an empty cell takes the setting', async () => {
    await start(true)
    let saved = await importCsv('First name,Loyalty\nAna,no\nBen,yes\nCai,\n')
    expect([saved.Ana, saved.Ben, saved.Cai].map((r) => r.loyalty_enrolled)).toEqual([0, 1, 1])
    await enrolByDefault(core!, false)
    saved = await importCsv('First name,Loyalty\nDee,no\nEli,yes\nFay,\n')
    expect([saved.Dee, saved.Eli, saved.Fay].map((r) => r.loyalty_enrolled)).toEqual([0, 1, 0])
  })
})

describe('customers:create and customers:update', () => {
  it('a create that does not say takes the setting; one that says keeps it', async () => {
    const c = await start(true)
    const unsaid = await c.ok('customers:create', { firstName: 'Ana', storeIds: storeIds(c) })
    const said = await c.ok('customers:create', { firstName: 'Ben', storeIds: storeIds(c), loyaltyEnrolled: false })
    expect([unsaid.loyaltyEnrolled, said.loyaltyEnrolled]).toEqual([true, false])
    await enrolByDefault(c, false)
    const off = await c.ok('customers:create', { firstName: 'Cai', storeIds: storeIds(c) })
    const offSaid = await c.ok('customers:create', { firstName: 'Dee', storeIds: storeIds(c), loyaltyEnrolled: true })
    expect([off.loyaltyEnrolled, offSaid.loyaltyEnrolled]).toEqual([false, true])
  })

  it('an update that does not say keeps what is saved, whatever the setting says now', async () => {
    const c = await start(true)
    const out = await c.ok('customers:create', { firstName: 'Ana', storeIds: storeIds(c), loyaltyEnrolled: false })
    const inside = await c.ok('customers:create', { firstName: 'Ben', storeIds: storeIds(c), loyaltyEnrolled: true })
    await enrolByDefault(c, false)
    const a = await c.ok('customers:update', { id: out.id, firstName: 'Ana', city: 'Leeds', storeIds: storeIds(c) })
    const b = await c.ok('customers:update', { id: inside.id, firstName: 'Ben', city: 'York', storeIds: storeIds(c) })
    expect([a.loyaltyEnrolled, a.city, b.loyaltyEnrolled, b.city]).toEqual([false, 'Leeds', true, 'York'])
  })
})
