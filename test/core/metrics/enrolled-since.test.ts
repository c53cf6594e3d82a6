import { afterEach, describe, expect, it } from 'vitest'
import { manualClock, startSetUpCore, type TestCore } from '../../support/core'
import { addShopper } from '../../support/shoppers'
import { atAnotherStore } from '../../support/sync/foreign'

/**
 * The metrics page header's two dates: since when the customer is a customer (their record's
 * creation) and since when in the loyalty programme (from the change log's writes of the flag),
 * which differ for a customer who joined later, and the second is none for one who is not in it.
 */
let core: TestCore | undefined
afterEach(async () => {
  await core?.cleanup()
  core = undefined
})

const clock = manualClock('2026-01-05T15:00:00.000Z')

async function started() {
  clock.set(Date.parse('2026-01-05T15:00:00.000Z'))
  core = await startSetUpCore({ now: clock.now, idleLock: false })
  return core
}

const header = async (c: TestCore, customerId: string) => (await c.ok('metrics:customer', { customerId, period: 'thisYear' })).customer

async function setEnrolled(c: TestCore, customerId: string, loyaltyEnrolled: boolean, at: string, lastName = 'Lovelace') {
  clock.set(Date.parse(at))
  await c.ok('customers:update', { id: customerId, firstName: 'Ada', lastName, storeIds: [c.services.localStoreId()!], loyaltyEnrolled })
}

describe('the metrics header’s dates', () => {
  it('a customer who joined the programme later: customer since registering, enrolled since joining; leaving clears it, coming back starts again', async () => {
    const c = await started()
    const ada = await addShopper(c, { loyaltyEnrolled: false })
    expect(await header(c, ada.id)).toMatchObject({ customerSince: '2026-01-05T15:00:00.000Z', loyaltyEnrolled: false, loyaltyEnrolledAt: null })

    await setEnrolled(c, ada.id, true, '2026-02-10T15:00:00Z')
    expect(await header(c, ada.id)).toMatchObject({ customerSince: '2026-01-05T15:00:00.000Z', loyaltyEnrolled: true, loyaltyEnrolledAt: '2026-02-10T15:00:00.000Z' })
    // Another edit leaves the enrolment moment alone.
    await setEnrolled(c, ada.id, true, '2026-03-01T15:00:00Z', 'King')
    expect((await header(c, ada.id)).loyaltyEnrolledAt).toBe('2026-02-10T15:00:00.000Z')

    await setEnrolled(c, ada.id, false, '2026-04-01T15:00:00Z', 'King')
    expect(await header(c, ada.id)).toMatchObject({ loyaltyEnrolled: false, loyaltyEnrolledAt: null })
    await setEnrolled(c, ada.id, true, '2026-05-01T15:00:00Z', 'King')
    expect(await header(c, ada.id)).toMatchObject({ customerSince: '2026-01-05T15:00:00.000Z', loyaltyEnrolled: true, loyaltyEnrolledAt: '2026-05-01T15:00:00.000Z' })
  })

  it('a customer enrolled when registered: both dates are the registration', async () => {
    const c = await started()
    clock.set(Date.parse('2026-01-20T10:00:00Z'))
    const bo = await addShopper(c, { firstName: 'Bo', loyaltyEnrolled: true })
    expect(await header(c, bo.id)).toMatchObject({ customerSince: '2026-01-20T10:00:00.000Z', loyaltyEnrolled: true, loyaltyEnrolledAt: '2026-01-20T10:00:00.000Z' })
  })

  it('a customer enrolled at another of the owner’s stores: the moment that store enrolled them', async () => {
    const c = await started()
    const ada = await addShopper(c, { loyaltyEnrolled: false })
    clock.set(Date.parse('2026-01-06T01:00:00Z'))
    const store = { name: 'Tokyo Annex', currency: 'JPY', timeZone: 'Asia/Tokyo' }
    await atAnotherStore(c, store, (other) => setEnrolled(other, ada.id, true, '2026-01-06T01:00:00Z'), clock.now)
    clock.set(Date.parse('2026-01-06T15:00:00Z'))
    expect(await header(c, ada.id)).toMatchObject({ customerSince: '2026-01-05T15:00:00.000Z', loyaltyEnrolled: true, loyaltyEnrolledAt: '2026-01-06T01:00:00.000Z' })
  })
})
