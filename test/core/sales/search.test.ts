import { afterEach, describe, expect, it } from 'vitest'
import type { CommandInput } from '../../../electron/contract'
import { manualClock, startSetUpCore, type TestCore } from '../../support/core'
import { simpleSale } from '../../support/sales'

let core: TestCore | undefined
afterEach(async () => {
  await core?.cleanup()
  core = undefined
})

/**
 * Seven receipts over three days in New York (the test store's zone), for two customers and
 * walk-ins, one of them voided (the void is a receipt too).
 */
async function storeWithReceipts() {
  const clock = manualClock('2026-06-01T14:00:00.000Z')
  // The clock jumps by hours or days between this session's commands: main's idle lock (lock.test.ts) stays off.
  core = await startSetUpCore({ now: clock.now, idleLock: false })
  const [store] = await core.ok('stores:list', {})
  const ana = await core.ok('customers:create', { firstName: 'Ana', lastName: 'García', storeIds: [store!.id] })
  const ben = await core.ok('customers:create', { firstName: 'Ben', storeIds: [store!.id] })
  const sales: [string | null, number, string][] = [
    [ana.id, 1250, '2026-06-01T14:00:00.000Z'],
    [null, 500, '2026-06-01T20:00:00.000Z'],
    // 23:30 in New York on June 1st is already June 2nd in UTC: it counts on June 1st.
    [ben.id, 9900, '2026-06-02T03:30:00.000Z'],
    [ana.id, 4000, '2026-06-02T15:00:00.000Z'],
    [null, 1250, '2026-06-03T16:00:00.000Z'],
    [ben.id, 30000, '2026-06-03T18:00:00.000Z'],
  ]
  const receipts = []
  for (const [customerId, price, at] of sales) {
    clock.set(Date.parse(at))
    receipts.push(await core.ok('sales:create', simpleSale(customerId, price)))
  }
  clock.set(Date.parse('2026-06-03T19:00:00.000Z'))
  const { reversal } = await core.ok('sales:void', { receiptId: receipts[3]!.id, reason: 'Rung up twice' })
  return { core, ana, ben, receipts, reversal }
}

async function numbers(core: TestCore, input: CommandInput<'receipts:search'>) {
  return (await core.ok('receipts:search', input)).rows.map((r) => r.number)
}

describe('receipts:search', () => {
  it('lists every receipt of the store newest first, paged without gaps or repeats', async () => {
    const { core, ana, receipts, reversal } = await storeWithReceipts()
    const first = await core.ok('receipts:search', { limit: 3 })
    expect(first.rows.map((r) => r.number)).toEqual([reversal.number, receipts[5]!.number, receipts[4]!.number])
    expect(first.rows[0]).toMatchObject({ kind: 'void', totalMinor: -4000, currency: 'USD', customer: { id: ana.id, name: 'Ana García', flagged: false } })
    const seen = [...first.rows]
    let cursor = first.nextCursor
    while (cursor) {
      const page = await core.ok('receipts:search', { limit: 3, after: cursor })
      seen.push(...page.rows)
      cursor = page.nextCursor
    }
    expect(seen.map((r) => r.number)).toEqual([reversal, ...[...receipts].reverse()].map((r) => r.number))
    expect(seen.find((r) => r.id === receipts[3]!.id)).toMatchObject({ voided: true })
    expect(seen.find((r) => r.id === receipts[1]!.id)).toMatchObject({ voided: false, customer: null })
  })

  it('gives a flagged customer’s flag with its reason, and no reason once the flag is lifted', async () => {
    const { core, ben } = await storeWithReceipts()
    await core.ok('customers:setFlag', { id: ben.id, flagged: true, reason: 'Cheque bounced twice' })
    expect((await core.ok('receipts:search', { customerId: ben.id })).rows[0]!.customer).toEqual({ id: ben.id, name: 'Ben', flagged: true, flagReason: 'Cheque bounced twice' })
    await core.ok('customers:setFlag', { id: ben.id, flagged: false })
    expect((await core.ok('receipts:search', { customerId: ben.id })).rows[0]!.customer).toEqual({ id: ben.id, name: 'Ben', flagged: false, flagReason: null })
  })

  it.each(['CS-000002', 'cs-2', 'CS2', '#2', '2', ' 000002 '])('finds a receipt by its number typed as %j', async (typed) => {
    const { core, receipts } = await storeWithReceipts()
    expect(await numbers(core, { number: typed })).toEqual([receipts[1]!.number])
  })

  it.each(['XY-000002', 'abc', 'CS-99', '2-2-2', 'CS2X', 'ABCDEFG2'])('finds nothing for %j', async (typed) => {
    const { core } = await storeWithReceipts()
    expect(await numbers(core, { number: typed })).toEqual([])
  })

  it('narrows by customer, by store-local days and by amount, alone and together', async () => {
    const { core, ana, ben, receipts, reversal } = await storeWithReceipts()
    const n = (i: number) => receipts[i]!.number
    expect(await numbers(core, { customerId: ben.id })).toEqual([n(5), n(2)])
    // A customer's receipts follow their transaction history: by day, a void on its sale's day.
    expect(await numbers(core, { customerId: ana.id })).toEqual([reversal.number, n(3), n(0)])
    const voidedDay = await core.ok('receipts:search', { customerId: ana.id, limit: 1 })
    expect((await core.ok('receipts:search', { customerId: ana.id, limit: 1, after: voidedDay.nextCursor })).rows.map((r) => r.number)).toEqual([n(3)])
    // June 1st in New York includes the sale at 23:30 local time (03:30 UTC on the 2nd).
    expect(await numbers(core, { from: '2026-06-01', to: '2026-06-01' })).toEqual([n(2), n(1), n(0)])
    expect(await numbers(core, { from: '2026-06-03' })).toEqual([reversal.number, n(5), n(4)])
    expect(await numbers(core, { to: '2026-06-01' })).toEqual([n(2), n(1), n(0)])
    expect(await numbers(core, { minTotalMinor: 1250, maxTotalMinor: 1250 })).toEqual([n(4), n(0)])
    expect(await numbers(core, { minTotalMinor: 9000 })).toEqual([n(5), n(2)])
    // Ana's $40 sale of the 2nd and its void (-$40.00, made on the 3rd).
    expect(await numbers(core, { customerId: ana.id, from: '2026-06-02', minTotalMinor: 1000 })).toEqual([reversal.number, n(3)])
    expect(await numbers(core, { number: n(5), customerId: ana.id })).toEqual([])
    // A sale past one amount's maximum ($10,000,000: a receipt may total ten times that) is found by its amount.
    const card = { method: 'card' as const, amountMinor: 750_000_000 }
    const big = await core.ok('sales:create', { ...simpleSale(null, 150_000_000, 10), payments: [card, card] })
    expect(await numbers(core, { minTotalMinor: 1_500_000_000, maxTotalMinor: 10_000_000_000 })).toEqual([big.number])
    expect(await core.call('receipts:search', { maxTotalMinor: 10_000_000_001 })).toMatchObject({ ok: false, error: { fields: { maxTotalMinor: 'Highest amount is more than one receipt can total' } } })
  })

  it('finds a void by its amount: typed as the sale’s (with the sale) or with its minus sign (the voids alone)', async () => {
    // A $40 sale voided: the desk looks for "the $40 one" whichever way it was rung.
    const { core, ana, ben, receipts, reversal } = await storeWithReceipts()
    const n = (i: number) => receipts[i]!.number
    expect(await numbers(core, { minTotalMinor: 4000, maxTotalMinor: 4000 })).toEqual([reversal.number, n(3)])
    expect(await numbers(core, { minTotalMinor: 3000, maxTotalMinor: 5000 })).toEqual([reversal.number, n(3)])
    expect(await numbers(core, { maxTotalMinor: 4000 })).toEqual([reversal.number, n(4), n(3), n(1), n(0)])
    expect(await numbers(core, { minTotalMinor: 9000 })).toEqual([n(5), n(2)])
    expect(await numbers(core, { minTotalMinor: 4000 })).toEqual([reversal.number, n(5), n(3), n(2)])
    // With a minus sign the range is the signed total's: only what was refunded.
    expect(await numbers(core, { minTotalMinor: -4000, maxTotalMinor: -4000 })).toEqual([reversal.number])
    expect(await numbers(core, { maxTotalMinor: -1 })).toEqual([reversal.number])
    // A minus sign in Lowest alone: the voids down to that amount, as the hint says, not every sale too.
    expect(await numbers(core, { minTotalMinor: -5000 })).toEqual([reversal.number])
    expect(await numbers(core, { minTotalMinor: -3000 })).toEqual([])
    expect(await numbers(core, { minTotalMinor: -5000, maxTotalMinor: 1250 })).toEqual([reversal.number, n(4), n(1), n(0)])
    expect(await numbers(core, { customerId: ana.id, minTotalMinor: -4000, maxTotalMinor: -4000 })).toEqual([reversal.number])
    expect(await numbers(core, { customerId: ben.id, minTotalMinor: -4000, maxTotalMinor: -4000 })).toEqual([])
    expect(await core.call('receipts:search', { minTotalMinor: -10_000_000_001 })).toMatchObject({ ok: false, error: { fields: { minTotalMinor: 'Lowest amount is more than one receipt can total' } } })
    expect(await core.call('receipts:search', { minTotalMinor: -100, maxTotalMinor: -500 })).toMatchObject({ ok: false, error: { fields: { maxTotalMinor: 'The highest amount is below the lowest' } } })
  })

  it('refuses a range that ends before it starts, and bad dates, with a message on the field', async () => {
    const { core } = await storeWithReceipts()
    expect(await core.call('receipts:search', { from: '2026-06-03', to: '2026-06-01' })).toMatchObject({
      ok: false,
      error: { code: 'VALIDATION', fields: { to: 'The end date is before the start date' } },
    })
    expect(await core.call('receipts:search', { minTotalMinor: 500, maxTotalMinor: 100 })).toMatchObject({
      ok: false,
      error: { fields: { maxTotalMinor: 'The highest amount is below the lowest' } },
    })
    expect(await core.call('receipts:search', { from: '1850-01-01' })).toMatchObject({ ok: false, error: { fields: { from: expect.stringContaining('between') } } })
    expect(await core.call('receipts:search', { after: 'not a cursor' })).toMatchObject({ ok: false, error: { fields: { after: expect.any(String) } } })
  })

  it('reads a number, a customer or a narrow amount through its own index, never by scanning the receipts', async () => {
    const { core, ana } = await storeWithReceipts()
    const plans: Record<string, string> = {}
    const capture = (label: string) => async (input: CommandInput<'receipts:search'>) => {
      const statements: { sql: string; bindings: unknown[] }[] = []
      const listen = (q: { sql: string; bindings: unknown[] }) => statements.push(q)
      core.services.db.on('query', listen)
      await core.ok('receipts:search', input)
      core.services.db.off('query', listen)
      const main = statements.find((s) => s.sql.includes('order by'))!
      const plan = (await core.services.db.raw(`EXPLAIN QUERY PLAN ${main.sql}`, main.bindings as never)) as { detail: string }[]
      plans[label] = plan.map((p) => p.detail).join(' | ')
    }
    await capture('number')({ number: 'CS-000002' })
    await capture('sequence')({ number: '2' })
    await capture('digits')({ number: '22' })
    await capture('customer')({ customerId: ana.id })
    await capture('amount')({ minTotalMinor: 1250, maxTotalMinor: 1250 })
    await capture('newest')({})
    expect(plans.number).toMatch(/SEARCH r USING INDEX receipts_number \(number=\?\)/)
    // Digits alone may also be an imported register's number: the sequence's receipt is looked up
    // first (receipts_store_seq), then both numbers by their index.
    expect(plans.sequence).toMatch(/SEARCH r USING INDEX receipts_number \(number=\?\)/)
    // Digits a prefix of digits may start: sequence 22 joins "2-000002" as a number, one index for both.
    expect(plans.digits).toMatch(/SEARCH r USING INDEX receipts_number \(number=\?\)/)
    expect(plans.customer).toMatch(/SEARCH r USING INDEX receipts_customer_day_time \(customer_id=\?\)/)
    expect(plans.customer).not.toContain('TEMP B-TREE')
    expect(plans.amount).toMatch(/SEARCH r USING INDEX receipts_store_total \(store_id=\? AND total_minor>\? AND total_minor<\?\)/)
    // A size is two ranges (the sales' and the voids'), each read through the index.
    expect(plans.amount).toMatch(/MULTI-INDEX OR/)
    expect(plans.amount).not.toMatch(/SCAN r\b/)
    expect(plans.newest).toMatch(/SEARCH r USING (COVERING )?INDEX receipts_store_time \(store_id=\?\)/)
    expect(plans.newest).not.toContain('TEMP B-TREE')
  })
})

describe('receipt numbers whose prefix holds digits', () => {
  async function usePrefix(c: TestCore, receiptPrefix: string) {
    await c.ok('settings:update', { ...(await c.ok('settings:get', {})), receiptPrefix })
  }
  const sorted = async (c: TestCore, number: string) => (await numbers(c, { number })).sort()

  it('are found typed with or without the hyphen, under the prefix the store has now or had then', async () => {
    core = await startSetUpCore()
    await usePrefix(core, 'N2')
    const first = await core.ok('sales:create', simpleSale(null))
    await usePrefix(core, '123')
    const second = await core.ok('sales:create', simpleSale(null))
    expect([first.number, second.number]).toEqual(['N2-000001', '123-000002'])
    for (const typed of ['N2-000001', 'n2-1', 'N21', 'N2 1', 'n2 000001', 'N2000001', '#N21', '1']) {
      expect(await numbers(core, { number: typed }), typed).toEqual([first.number])
    }
    // "1232" is 123 and 2, not sequence 1232 only.
    for (const typed of ['123-000002', '123-2', '1232', '123 2', '123000002', '2', '000002']) {
      expect(await numbers(core, { number: typed }), typed).toEqual([second.number])
    }
    for (const typed of ['N22', 'N2-2', '1231', '12', '3']) expect(await numbers(core, { number: typed }), typed).toEqual([])
  })

  it('digits alone find both what they may mean: a sequence number, and a prefix of digits with its number', async () => {
    core = await startSetUpCore()
    await usePrefix(core, '1')
    const receipts = []
    for (let i = 0; i < 11; i++) receipts.push(await core.ok('sales:create', simpleSale(null)))
    expect(receipts[10]!.number).toBe('1-000011')
    // Sequence 11 ("1-000011") and prefix "1" with 1 ("1-000001").
    expect(await sorted(core, '11')).toEqual(['1-000001', '1-000011'])
    // Sequence 13 is not there; prefix "1" with 3 is.
    expect(await sorted(core, '13')).toEqual(['1-000003'])
    expect(await sorted(core, '1-11')).toEqual(['1-000011'])
  })
})
