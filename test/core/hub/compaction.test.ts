import type pg from 'pg'
import { describe, expect, it } from 'vitest'
import { openHub } from '../../../electron/core/hub/connection'
import { compactHub } from '../../../electron/core/hub/exchange'
import type { TestCore } from '../../support/core'
import { digestStores } from '../../support/hub/digest'
import { connectionOf, customerInput, joinHub, makeHub, useHubServer } from '../../support/hub/stores'

/**
 * Hub compaction (schema-compaction.ts) and joining from the compacted hub: superseded field
 * entries go once every store has pulled past them, never ahead of a store; stores that pull
 * later, a store that joins afterwards and a replacement PC all end with the same digest.
 */
const server = useHubServer()

/** Compaction only when the test asks (a joining store still asks for one before its first pull). */
const store = () => server.store({ hub: { compactIntervalSeconds: -1 } })

async function roundAll(stores: TestCore[], times = 3) {
  for (let i = 0; i < times; i++) for (const s of stores) await s.services.hub.round()
  for (const s of stores) expect(s.services.hub.live.lastError).toBeNull()
}

async function count(hub: pg.Client, where = 'true', params: unknown[] = []): Promise<number> {
  const { rows } = await hub.query(`SELECT count(*)::int AS n FROM backroom.entries WHERE ${where}`, params)
  return rows[0].n
}

async function inbox(core: TestCore): Promise<number> {
  return Number((await core.services.db('sync_inbox').count({ n: '*' }).first())!.n)
}

describe('hub compaction and joining from it', () => {
  it('drops superseded field entries behind every store only; later pulls, a new store and a replacement PC converge', async () => {
    const a = await store()
    const b = await store()
    const admin = await makeHub(server.pgs, a)
    const credsA = await joinHub(a, admin, 'Store A')
    const credsB = await joinHub(b, admin, 'Store B', 'new', a)
    const hub = await server.pgs.adminClient(admin.database)
    try {
      const base = customerInput(a, { firstName: 'Ana' })
      const ana = await a.ok('customers:create', base)
      const bo = await a.ok('customers:create', customerInput(a, { firstName: 'Bo' }))
      await roundAll([a, b])
      // Units of two fields, edited again and again at A; one unit of three fields at B, of which only the phone is edited again later.
      for (let i = 0; i < 4; i++) await a.ok('customers:update', { ...base, id: ana.id, phone: `+1 415 555 210${i}`, nickname: `Ani${i}` })
      await roundAll([a, b])
      await b.ok('customers:update', { ...base, id: ana.id, phone: '+1 415 555 2199', nickname: 'Ani3', city: 'Shelbyville', username: 'ana' })
      await roundAll([a, b])
      await a.ok('customers:update', { ...base, id: ana.id, phone: '+1 415 555 2200', nickname: 'Ani3', city: 'Shelbyville', username: 'ana' })
      await a.ok('customers:update', { ...customerInput(a, { firstName: 'Bo' }), id: bo.id, email: 'bo@example.com' })
      await roundAll([a, b])
      expect(await digestStores([a, b])).toHaveLength(1)
      const before = await count(hub)
      const phoneEntries = await count(hub, `row_id = $1 AND field = 'phone'`, [ana.id])
      expect(phoneEntries).toBe(6)

      // B falls behind: what A writes now must stay until B has pulled it.
      for (let i = 0; i < 3; i++) await a.ok('customers:update', { ...base, id: ana.id, phone: `+1 415 555 230${i}`, nickname: 'Ani3', city: 'Shelbyville', username: 'ana' })
      await a.services.hub.round()
      const { rows: behind } = await hub.query(`SELECT s.pulled_xid::text AS xid, s.pulled_pos AS pos FROM backroom.stores s WHERE s.label = 'Store B'`)
      const aheadOfB = `(xid, pos) > ($1::xid8, $2::bigint)`
      const aheadBefore = await count(hub, aheadOfB, [behind[0].xid, behind[0].pos])
      expect(aheadBefore).toBe(3)
      const first = await compactHub(hub, 0)
      // Phone: 0100–0103 and 0199 (0200 is the latest behind B); nickname: Ani0–Ani2.
      expect(first.removed).toBe(8)
      expect(await count(hub, aheadOfB, [behind[0].xid, behind[0].pos])).toBe(aheadBefore)
      expect(await count(hub, `row_id = $1 AND field = 'phone'`, [ana.id])).toBe(1 + 3)
      // B's unit keeps its city and username, now counted as a unit of two.
      const { rows: unitOfB } = await hub.query(`SELECT field, tx_size FROM backroom.entries WHERE row_id = $1 AND field IN ('city', 'username') ORDER BY field`, [ana.id])
      expect(unitOfB).toEqual([
        { field: 'city', tx_size: 2 },
        { field: 'username', tx_size: 2 },
      ])

      await roundAll([b, a])
      expect(await digestStores([a, b])).toHaveLength(1)
      expect((await compactHub(hub, 0)).removed).toBe(3)
      expect(await count(hub, `row_id = $1 AND field = 'phone'`, [ana.id])).toBe(1)
      const after = await count(hub)
      expect(after).toBe(before + 3 - 8 - 3)
      // Nothing left to do: a second pass (a full one too) removes nothing.
      expect((await compactHub(hub, 0, true)).removed).toBe(0)

      // A store joining now pulls the compacted hub and ends where the others are, with nothing held back.
      const c = await store()
      await joinHub(c, admin, 'Store C', 'new', a)
      await c.services.hub.round()
      // Its first sync read the compacted hub, with progress against it.
      expect(c.services.hub.live.firstSync).toMatchObject({ phase: 'done', total: after })
      await roundAll([a, b, c])
      expect(await inbox(c)).toBe(0)
      expect(await c.ok('customers:get', { id: ana.id })).toMatchObject({ phone: (await b.ok('customers:get', { id: ana.id })).phone, city: 'Shelbyville', username: 'ana' })
      expect(await digestStores([a, b, c])).toHaveLength(1)
      const withC = await count(hub)

      // A's disk dies: its replacement pulls A's compacted history back and pushes it again; nothing compacted comes back.
      await server.end(a)
      const a2 = await store()
      await a2.ok('hub:connect', { connection: connectionOf(credsA), joinAs: 'replacement' })
      await roundAll([a2, b, c])
      expect(await count(hub)).toBe(withC)
      expect(await hub.query('SELECT count(*)::int AS n FROM backroom.compacted_units')).toMatchObject({ rows: [{ n: 8 }] })
      expect(await inbox(a2)).toBe(0)
      expect(await digestStores([a2, b, c])).toHaveLength(1)
      expect((await compactHub(hub, 0, true)).removed).toBe(0)

      // A store's own role may ask for it (its worker does, throttled by the hub).
      const asB = await openHub({ ...connectionOf(credsB) }, credsB.password)
      try {
        expect(await compactHub(asB, 0)).toEqual({ removed: 0, units: 0, more: false })
        expect(await compactHub(asB, 3600)).toEqual({ skipped: 'recent' })
      } finally {
        await asB.end()
      }
    } finally {
      await hub.end()
    }
  }, 120_000)
})
