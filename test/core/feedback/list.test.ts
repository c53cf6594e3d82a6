import { afterEach, describe, expect, it } from 'vitest'
import type { CommandInput } from '../../../electron/contract'
import { encodeCursor } from '../../../electron/core/db/keyset'
import { manualClock, startSetUpCore, type TestCore } from '../../support/core'
import { simpleSale } from '../../support/sales'
import { addShopper } from '../../support/shoppers'
import { atAnotherStore } from '../../support/sync/foreign'

/**
 * feedback:listForCustomer, the metrics page's feedback list: what a customer said on days of
 * the chosen period (the recording store's day, as the tiles count it), newest first, paged; a
 * merged customer's on its survivor, an erased customer's gone. The store is in New York.
 */
let core: TestCore | undefined
afterEach(async () => {
  await core?.cleanup()
  core = undefined
})

const clock = manualClock('2026-06-15T15:00:00.000Z')
type ListInput = Omit<CommandInput<'feedback:listForCustomer'>, 'customerId'>

/** A store set up at `at` (its clock then moves on as each test says). */
async function started(at = '2026-06-01T15:00:00.000Z') {
  clock.set(Date.parse(at))
  const c = await startSetUpCore({ now: clock.now, idleLock: false })
  core = c
  return c
}

async function say(c: TestCore, customerId: string, at: string, sentiment: 'positive' | 'negative', comment: string, receiptId: string | null = null) {
  clock.set(Date.parse(at))
  return c.ok('feedback:add', { customerId, receiptId, sentiment, comment })
}

const list = (c: TestCore, customerId: string, input: ListInput = {}) => c.ok('feedback:listForCustomer', { customerId, ...input })
const comments = (page: { rows: { comment: string | null }[] }) => page.rows.map((row) => row.comment)

describe('a customer’s feedback', () => {
  it('lists the period’s feedback newest first, by the store’s local day, with who recorded it and on which receipt', async () => {
    const c = await started()
    const ada = await addShopper(c)
    await say(c, ada.id, '2025-12-31T12:00:00Z', 'positive', 'Last year')
    // 23:30 on 31 May in New York is already 1 June in UTC: it is May's.
    await say(c, ada.id, '2026-06-01T03:30:00Z', 'negative', 'Late in May')
    await say(c, ada.id, '2026-06-02T15:00:00Z', 'positive', 'Early June')
    clock.set(Date.parse('2026-06-10T15:00:00Z'))
    const sale = await c.ok('sales:create', simpleSale(ada.id, 2000))
    await say(c, ada.id, '2026-06-10T16:00:00Z', 'negative', 'Long queue', sale.id)
    await say(c, ada.id, '2026-06-10T16:00:00Z', 'positive', '')
    clock.set(Date.parse('2026-06-15T15:00:00Z'))

    const june = await list(c, ada.id, { period: 'thisMonth' })
    expect(june.rows.map((row) => [row.sentiment, row.comment, row.receipt?.number ?? null])).toEqual([
      // Two at the same moment: the later recorded first (ids are time-ordered).
      ['positive', null, null],
      ['negative', 'Long queue', sale.number],
      ['positive', 'Early June', null],
    ])
    expect(june.rows[0]).toMatchObject({ customerId: ada.id, at: '2026-06-10T16:00:00.000Z', user: 'Olivia Owner', store: { name: 'Corner Shop', timeZone: 'America/New_York', thisStore: true } })
    expect(june.nextCursor).toBeNull()
    expect(comments(await list(c, ada.id, { period: 'custom', from: '2026-05-31', to: '2026-05-31' }))).toEqual(['Late in May'])
    expect(comments(await list(c, ada.id, { period: 'thisYear' }))).toEqual([null, 'Long queue', 'Early June', 'Late in May'])
    expect(comments(await list(c, ada.id, { period: 'custom', from: '2025-01-01', to: '2025-12-31' }))).toEqual(['Last year'])

    // The list counts what the tiles count.
    const tiles = (await c.ok('metrics:customer', { customerId: ada.id, period: 'thisYear' })).tiles
    expect([tiles.positiveFeedback, tiles.negativeFeedback]).toEqual([2, 2])
  })

  it('pages through the period without skipping or repeating a row, and refuses a forged page link', async () => {
    const c = await started()
    const ada = await addShopper(c)
    for (let day = 1; day <= 5; day += 1) await say(c, ada.id, `2026-06-0${day}T15:00:00Z`, day % 2 ? 'positive' : 'negative', `Day ${day}`)
    await say(c, ada.id, '2026-06-05T15:00:00Z', 'positive', 'Day 5 again')
    const seen: (string | null)[] = []
    let after: string | null = null
    do {
      const page: Awaited<ReturnType<typeof list>> = await list(c, ada.id, { period: 'thisMonth', limit: 2, after })
      expect(page.rows.length).toBeLessThanOrEqual(2)
      seen.push(...comments(page))
      after = page.nextCursor
    } while (after)
    expect(seen).toEqual(['Day 5 again', 'Day 5', 'Day 4', 'Day 3', 'Day 2', 'Day 1'])

    const forged = await c.call('feedback:listForCustomer', { customerId: ada.id, after: encodeCursor(['2026-06-05']) })
    expect(forged).toMatchObject({ ok: false, error: { code: 'VALIDATION', fields: { after: 'This page link is no longer valid; start from the first page' } } })
  })

  it('is bounded: a page of at most 200, a real period of at most 20 years, and only for someone signed in', async () => {
    const c = await started()
    const ada = await addShopper(c)
    const refused = (field: string) => ({ ok: false, error: { code: 'VALIDATION', fields: { [field]: expect.any(String) } } })
    expect(await c.call('feedback:listForCustomer', { customerId: ada.id, limit: 201 })).toMatchObject(refused('limit'))
    expect(await c.call('feedback:listForCustomer', { customerId: ada.id, limit: 0 })).toMatchObject(refused('limit'))
    expect(await c.call('feedback:listForCustomer', { customerId: ada.id, period: 'custom', from: '2026-06-30', to: '2026-06-01' })).toMatchObject(refused('to'))
    expect(await c.call('feedback:listForCustomer', { customerId: ada.id, period: 'custom', from: '1990-01-01', to: '2026-06-01' })).toMatchObject(refused('to'))
    expect(await c.call('feedback:listForCustomer', { customerId: ada.id, period: 'custom', from: '2026-02-30', to: '2026-06-01' })).toMatchObject(refused('from'))
    expect(await c.call('feedback:listForCustomer', { customerId: ada.id }, 'a-session-nobody-signed-in')).toMatchObject({ ok: false, error: { code: 'UNAUTHENTICATED' } })
    expect(await c.call('feedback:listForCustomer', { customerId: '01900000-0000-7000-8000-000000000000' })).toMatchObject({ ok: false, error: { code: 'NOT_FOUND' } })
  })

  it('of a customer merged into another shows on the one they were merged into, beside that one’s own', async () => {
    const c = await started()
    const maria = await addShopper(c, { firstName: 'Maria', lastName: 'Lopez' })
    const mary = await addShopper(c, { firstName: 'Mary', lastName: 'Lopez' })
    await say(c, mary.id, '2026-06-03T15:00:00Z', 'negative', 'Said as Mary')
    await say(c, maria.id, '2026-06-04T15:00:00Z', 'positive', 'Said as Maria')
    await c.ok('duplicates:merge', { survivorId: maria.id, mergedId: mary.id, keep: {} })

    const onMaria = await list(c, maria.id, { period: 'thisMonth' })
    expect(comments(onMaria)).toEqual(['Said as Maria', 'Said as Mary'])
    expect(onMaria.rows.every((row) => row.customerId === maria.id)).toBe(true)
    // An old link to Mary's page answers as Maria's.
    expect(await list(c, mary.id, { period: 'thisMonth' })).toEqual(onMaria)
  })

  it('of an erased customer is gone: the list answers "Customer was not found" and no comment is left in the database', async () => {
    const c = await started()
    const erin = await addShopper(c, { firstName: 'Erin' })
    await say(c, erin.id, '2026-06-03T15:00:00Z', 'negative', 'Erin said her address is 1 Elm St')
    await c.ok('customers:erase', { id: erin.id })
    expect(await c.call('feedback:listForCustomer', { customerId: erin.id })).toEqual({ ok: false, error: { code: 'NOT_FOUND', message: 'Customer was not found' } })
    expect(await c.services.db('feedback').where({ customer_id: erin.id }).count({ n: '*' }).first()).toEqual({ n: 0 })
    const quoted = await c.services.db('change_log').where('value', 'like', '%1 Elm St%').count({ n: '*' }).first()
    expect(quoted).toEqual({ n: 0 })
  })

  it('recorded at another of the owner’s stores names that store and its clock, and counts on that store’s day', async () => {
    // Set up and written to before the other store's moment: a store holds back entries far ahead of its clock.
    const c = await started('2026-06-14T12:00:00.000Z')
    const ada = await addShopper(c)
    await say(c, ada.id, '2026-06-14T15:00:00Z', 'positive', 'Said here')
    // 20:30 on 14 June in New York is 09:30 on 15 June in Tokyo.
    clock.set(Date.parse('2026-06-15T00:30:00Z'))
    const tokyo = { name: 'Tokyo Annex', currency: 'JPY', timeZone: 'Asia/Tokyo' }
    await atAnotherStore(c, tokyo, (other) => other.ok('feedback:add', { customerId: ada.id, sentiment: 'negative', comment: 'Said in Tokyo' }), clock.now)
    clock.set(Date.parse('2026-06-15T15:00:00Z'))

    const all = await list(c, ada.id, { period: 'thisMonth' })
    expect(all.rows.map((row) => [row.comment, row.user, row.store])).toEqual([
      ['Said in Tokyo', 'Olivia Owner', { name: 'Tokyo Annex', timeZone: 'Asia/Tokyo', thisStore: false }],
      ['Said here', 'Olivia Owner', { name: 'Corner Shop', timeZone: 'America/New_York', thisStore: true }],
    ])
    expect(comments(await list(c, ada.id, { period: 'custom', from: '2026-06-15', to: '2026-06-15' }))).toEqual(['Said in Tokyo'])
    expect(comments(await list(c, ada.id, { period: 'custom', from: '2026-06-14', to: '2026-06-14' }))).toEqual(['Said here'])
  })
})
