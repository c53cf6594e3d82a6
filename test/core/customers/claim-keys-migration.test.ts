import { afterEach, describe, expect, it } from 'vitest'
import { migrations } from '../../../migrations'
import { startSetUpCore, type TestCore } from '../../support/core'
import { addCustomer } from './fixtures'

let core: TestCore | undefined
afterEach(async () => {
  await core?.cleanup()
  core = undefined
})

const MIGRATION = migrations['20261206100000_claim_keys']
/** An HLC stamp at a wall time, as hlc.ts writes them. */
const stamp = (wallMs: number, node: string) => `${String(wallMs).padStart(15, '0')}-000000-${node}`
const LATER = Date.parse('2027-01-15T08:00:00.000Z')
const CONFLICT_ID = '01900000-0000-7000-8000-00000000c001'

/**
 * A database as the app before this version left it: values kept under their lower case, so
 * "1234 5678" and "12345678", "ＡＢＣ１２３" and "abc123" were held by two customers each.
 */
async function oldDatabase(c: TestCore) {
  const db = c.services.db
  const ana = await addCustomer(c, { firstName: 'Ana', giftCardNumber: '12345678', username: 'ana.g' })
  const ben = await addCustomer(c, { firstName: 'Ben', giftCardNumber: 'abc123', email: 'ben@example.org' })
  const cid = await addCustomer(c, { firstName: 'Cid', email: 'cid@example.org', phone: '(415) 555-2671' })
  const dee = await addCustomer(c, { firstName: 'Dee' })
  const eve = await addCustomer(c, { firstName: 'Eve', giftCardNumber: 'GC-77' })
  // Cid's card came after Ana's (a later HLC); Dee's before Ben's, though Dee was saved later.
  for (const [customer, value, hlc] of [
    [cid.id, '1234 5678', stamp(LATER, 'old')],
    [dee.id, 'ＡＢＣ１２３', stamp(1_000, 'old')],
  ] as const) {
    await db('customers').where({ id: customer }).update({ gift_card_number: value })
    await db('customer_claims').insert({ kind: 'gift_card', customer_id: customer, value_key: value.toLowerCase(), value, hlc, entry_id: `entry-${customer}` })
  }
  return { ana, ben, cid, dee, eve }
}

const shown = async (c: TestCore) =>
  Object.fromEntries((await c.services.db('customers').select('first_name', 'gift_card_number', 'username', 'email')).map((r) => [r.first_name, r]))

describe('re-keying the claims (migration 20261206100000_claim_keys)', () => {
  it('gives each value now one to its earliest claimant and lists the others, losing nothing else', async () => {
    core = await startSetUpCore()
    const { ana, ben, cid, dee, eve } = await oldDatabase(core)
    const db = core.services.db
    const log = await db('change_log').count<{ n: number }[]>({ n: '*' })
    expect(await core.ok('conflicts:count', {})).toEqual({ open: 0 })

    await MIGRATION.up(db)

    const keys = await db('customer_claims').select('kind', 'customer_id', 'value_key').orderBy(['kind', 'value_key', 'customer_id'])
    expect(keys).toEqual(
      [
        { kind: 'gift_card', customer_id: ben.id, value_key: 'abc123' },
        { kind: 'gift_card', customer_id: dee.id, value_key: 'abc123' },
        { kind: 'gift_card', customer_id: eve.id, value_key: 'gc77' },
        { kind: 'gift_card', customer_id: ana.id, value_key: '12345678' },
        { kind: 'gift_card', customer_id: cid.id, value_key: '12345678' },
        { kind: 'username', customer_id: ana.id, value_key: 'ana.g' },
      ].sort((a, b) => (a.kind + a.value_key + a.customer_id < b.kind + b.value_key + b.customer_id ? -1 : 1)),
    )
    const after = await shown(core)
    expect(after.Ana).toMatchObject({ gift_card_number: '12345678', username: 'ana.g' })
    expect(after.Cid).toMatchObject({ gift_card_number: null, email: 'cid@example.org' })
    expect(after.Dee).toMatchObject({ gift_card_number: 'ＡＢＣ１２３' })
    expect(after.Ben).toMatchObject({ gift_card_number: null, email: 'ben@example.org' })
    expect(after.Eve).toMatchObject({ gift_card_number: 'GC-77' })

    const { conflicts } = await core.ok('conflicts:list', {})
    expect(conflicts.map((c) => [c.kind, c.value, c.holder.customerId, c.other.customerId])).toEqual(
      expect.arrayContaining([
        ['gift_card', '12345678', ana.id, cid.id],
        ['gift_card', 'ＡＢＣ１２３', dee.id, ben.id],
      ]),
    )
    expect(conflicts).toHaveLength(2)
    // Listed at the later claim's time, which every store reads from the same claims.
    const cidConflict = await db('sync_conflicts').where({ loser_id: cid.id }).first()
    expect(cidConflict.created_at).toBe('2027-01-15T08:00:00.000Z')
    // Nothing is logged: every store settles its own claims the same way.
    expect(await db('change_log').count<{ n: number }[]>({ n: '*' })).toEqual(log)

    // Run again (a store that migrated, then settled the same): nothing moves, nothing is listed twice.
    const rows = await db('sync_conflicts').orderBy('id')
    await MIGRATION.up(db)
    expect(await db('sync_conflicts').orderBy('id')).toEqual(rows)
    expect(await shown(core)).toEqual(after)
  })

  it('moves a conflict already listed under the old key, and staff can settle it as before', async () => {
    core = await startSetUpCore()
    const db = core.services.db
    const ana = await addCustomer(core, { firstName: 'Ana', giftCardNumber: 'GC-9' })
    const bea = await addCustomer(core, { firstName: 'Bea' })
    // As the old app listed a card two stores gave: under its lower case.
    await db('customer_claims').insert({ kind: 'gift_card', customer_id: bea.id, value_key: 'gc-9', value: 'GC-9', hlc: stamp(LATER, 'old'), entry_id: 'entry-bea' })
    await db('sync_conflicts').insert({ id: CONFLICT_ID, kind: 'gift_card', value: 'gc-9', winner_id: ana.id, loser_id: bea.id, created_at: '2026-12-01T00:00:00.000Z' })

    await MIGRATION.up(db)

    expect(await db('sync_conflicts').select('id', 'value', 'winner_id', 'loser_id', 'created_at')).toEqual([
      { id: CONFLICT_ID, value: 'gc9', winner_id: ana.id, loser_id: bea.id, created_at: '2026-12-01T00:00:00.000Z' },
    ])
    const [conflict] = (await core.ok('conflicts:list', {})).conflicts
    expect(conflict).toMatchObject({ id: CONFLICT_ID, value: 'GC-9', holder: { customerId: ana.id }, other: { customerId: bea.id } })
    await core.ok('conflicts:resolve', { id: CONFLICT_ID, value: 'GC 10' })
    expect(await core.ok('conflicts:count', {})).toEqual({ open: 0 })
    expect((await shown(core)).Bea).toMatchObject({ gift_card_number: 'GC 10' })
  })

  it('ends the same whatever order the claims were stored in', async () => {
    const outcomes: unknown[] = []
    for (const order of ['asc', 'desc'] as const) {
      core = await startSetUpCore()
      const db = core.services.db
      const made = await Promise.all(['One', 'Two', 'Three'].map((firstName) => addCustomer(core!, { firstName })))
      const name = new Map(made.map((c) => [c.id, c.firstName]))
      const claims = ['1234 5678', '1234-5678', '12345678'].map((value, i) => ({
        kind: 'gift_card',
        customer_id: made[i].id,
        value_key: value,
        value,
        // The first two share an HLC: their entry ids decide between them.
        hlc: stamp(i === 2 ? 5_000 : 6_000, 'n'),
        entry_id: `entry-${i}`,
      }))
      for (const claim of order === 'asc' ? claims : [...claims].reverse()) await db('customer_claims').insert(claim)
      for (const claim of claims) await db('customers').where({ id: claim.customer_id }).update({ gift_card_number: claim.value })
      await MIGRATION.up(db)
      const listed = await db('sync_conflicts').select('kind', 'value', 'winner_id', 'loser_id', 'created_at')
      outcomes.push({
        shown: await shown(core),
        listed: listed.map((c) => ({ ...c, winner_id: name.get(c.winner_id), loser_id: name.get(c.loser_id) })).sort((a, b) => (a.loser_id! < b.loser_id! ? -1 : 1)),
      })
      await core.cleanup()
      core = undefined
    }
    expect(outcomes[0]).toEqual(outcomes[1])
    expect(outcomes[0]).toMatchObject({
      shown: { One: { gift_card_number: null }, Two: { gift_card_number: null }, Three: { gift_card_number: '12345678' } },
      listed: [
        { value: '12345678', winner_id: 'Three', loser_id: 'One', created_at: new Date(6_000).toISOString() },
        { value: '12345678', winner_id: 'Three', loser_id: 'Two', created_at: new Date(6_000).toISOString() },
      ],
    })
  })
})
