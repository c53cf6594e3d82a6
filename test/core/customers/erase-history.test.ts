import { afterEach, describe, expect, it } from 'vitest'
import { changeLog, startSetUpCore, type TestCore } from '../../support/core'
import { simpleSale } from '../../support/sales'
import { addShopper } from '../../support/shoppers'

let core: TestCore | undefined
afterEach(async () => {
  await core?.cleanup()
  core = undefined
})

describe('erasing a customer whose rows were made by forms with request ids', () => {
  it('forgets those requests (their digests are of what was typed about them), and keeps the sale’s', async () => {
    core = await startSetUpCore()
    const storeIds = [core.services.localStoreId()!]
    const requestId = () => crypto.randomUUID()
    const erin = await core.ok('customers:create', { firstName: 'Erin', lastName: 'Erased', phone: '+1 202 555 0143', storeIds, requestId: requestId() })
    await core.ok('customers:setFlag', { id: erin.id, flagged: true, reason: 'Said her address is 1 Elm St', requestId: requestId() })
    await core.ok('feedback:add', { customerId: erin.id, sentiment: 'positive', comment: 'Lovely', requestId: requestId() })
    await core.ok('sales:create', { ...simpleSale(erin.id, 2500), requestId: requestId() })
    const commands = async () => (await core!.services.db('command_requests').orderBy('command').pluck('command')) as string[]
    expect(await commands()).toEqual(['customers:create', 'customers:setFlag', 'feedback:add', 'sales:create'])

    await core.ok('customers:erase', { id: erin.id })

    expect(await commands()).toEqual(['sales:create'])
  })
})

describe('erasing a customer who has bought, earned points and left feedback', () => {
  it('removes their points ledger and feedback with their log entries, and keeps the store’s receipts', async () => {
    core = await startSetUpCore()
    const shopper = await addShopper(core, { firstName: 'Erin', lastName: 'Erased' })
    const receipt = await core.ok('sales:create', simpleSale(shopper.id, 2500))
    await core.ok('feedback:add', { customerId: shopper.id, sentiment: 'negative', comment: 'Erin said her address is 1 Elm St' })
    const ledgerIds = (await core.services.db('loyalty_ledger').where({ customer_id: shopper.id })).map((r) => r.id)
    const feedbackIds = (await core.services.db('feedback').where({ customer_id: shopper.id })).map((r) => r.id)
    expect(ledgerIds.length).toBeGreaterThan(0)
    expect(feedbackIds).toHaveLength(1)

    await core.ok('customers:erase', { id: shopper.id })

    expect(await core.services.db('loyalty_ledger').where({ customer_id: shopper.id })).toEqual([])
    expect(await core.services.db('feedback').where({ customer_id: shopper.id })).toEqual([])
    const left = (await changeLog(core)).filter((e) => [...ledgerIds, ...feedbackIds].includes(e.row_id))
    expect(left).toEqual([])
    expect(JSON.stringify(await changeLog(core))).not.toContain('1 Elm St')
    const row = await core.services.db('customers').where({ id: shopper.id }).first()
    expect(row).toMatchObject({ loyalty_points: 0, last_loyalty_reason: null, first_name: '' })
    // The sale is the store's record: still there, its totals intact.
    expect(await core.ok('receipts:get', { id: receipt.id })).toMatchObject({ number: receipt.number, totalMinor: receipt.totalMinor })
  })
})

describe('feedback on customers who are gone', () => {
  it('is refused for an inactive or erased customer', async () => {
    core = await startSetUpCore()
    const inactive = await addShopper(core, { firstName: 'Ina' })
    const erased = await addShopper(core, { firstName: 'Eve' })
    await core.ok('customers:inactivate', { id: inactive.id })
    await core.ok('customers:erase', { id: erased.id })
    for (const customerId of [inactive.id, erased.id]) {
      const result = await core.call('feedback:add', { customerId, sentiment: 'positive', comment: 'new personal note' })
      expect(result.ok).toBe(false)
    }
    expect(await core.services.db('feedback')).toEqual([])
  })
})
