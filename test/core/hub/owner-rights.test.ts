import pg from 'pg'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { HubCredentials } from '../../../electron/contract/hub'
import { newId } from '../../../electron/core/ids'
import type { TestCore } from '../../support/core'
import { startPostgres, type TestPostgres } from '../../support/hub/server'
import { connectionOf, customerInput, joinedPair, joinHub, sqlClientAs, startStore } from '../../support/hub/stores'

/**
 * A hub set up as README says (an owner that is no superuser, with CREATEROLE), attacked with a
 * store's own credentials from a SQL client, and raced (found by the security review of
 * 5 December; both failed before hub schema step 4).
 */
let pgs: TestPostgres
let a: TestCore
let b: TestCore
let credsA: HubCredentials
let credsB: HubCredentials
let admin: TestPostgres['admin']

beforeAll(async () => {
  pgs = await startPostgres()
  const su = await pgs.adminClient()
  await su.query(`CREATE ROLE backroom_owner LOGIN CREATEROLE PASSWORD 'owner password'`)
  await su.query(`CREATE DATABASE backroom_hub OWNER backroom_owner`)
  await su.end()
  const owner = { ...pgs.admin, database: 'backroom_hub', user: 'backroom_owner', password: 'owner password' }
  ;({ a, b, admin, credsA, credsB } = await joinedPair(async (through) => {
    await through.ok('hub:prepare', { admin: owner })
    return owner
  }))
}, 120_000)

afterAll(async () => {
  await a?.cleanup()
  await b?.cleanup()
  await pgs?.stop()
})

const asStore = sqlClientAs

const entry = (store: string, op: string, row: string, field: string | null, value: string) => {
  const id = newId()
  return { id, tx: id, tx_size: 1, op, table_name: 'customers', row_id: row, field, value, old_value: null, hlc: `${String(Date.now()).padStart(15, '0')}-000000-node`, store_id: store, user_id: null, created_at: new Date().toISOString(), schema_version: 2, customer_id: row }
}

describe("a store's credentials", () => {
  it("cannot run their own code with the hub owner's rights through compaction's temp tables", async () => {
    const evil = await asStore(credsB)
    await expect(evil.query('SELECT count(*) FROM backroom.stores')).rejects.toMatchObject({ code: '42501' })
    // A table of the name compaction uses, in the store's own session, with a trigger that grants the store everything.
    await evil.query(`CREATE TEMP TABLE compact_superseded (id text, tx text)`)
    await evil.query(`GRANT ALL ON pg_temp.compact_superseded TO PUBLIC`)
    await evil.query(`CREATE FUNCTION pg_temp.evil() RETURNS trigger LANGUAGE plpgsql AS $f$
      BEGIN EXECUTE format('GRANT ALL ON ALL TABLES IN SCHEMA backroom TO %I', session_user); RETURN NULL; END $f$`)
    await evil.query(`CREATE TRIGGER t AFTER TRUNCATE OR INSERT ON pg_temp.compact_superseded FOR EACH STATEMENT EXECUTE FUNCTION pg_temp.evil()`)
    await expect(evil.query(`SELECT backroom.compact(0, true) AS c`)).rejects.toThrow(/compaction refused/)
    await expect(evil.query('SELECT count(*) FROM backroom.stores')).rejects.toMatchObject({ code: '42501' })
    await expect(evil.query('DELETE FROM backroom.entries WHERE store_id = $1', [a.services.localStoreId()])).rejects.toMatchObject({ code: '42501' })
    await evil.end()
    // Compaction still runs for everyone else.
    const clean = await asStore(credsB)
    expect((await clean.query('SELECT backroom.compact(0, true) AS c')).rows[0].c).not.toHaveProperty('skipped')
    await clean.end()
  })
})

describe('an erase pushed while another store pushes an edit of that customer', () => {
  it('leaves no entry of the erased customer on the hub, whichever commits first', async () => {
    for (const eraseFirst of [true, false]) {
      const x = await a.ok('customers:create', customerInput(a, { firstName: 'Erin' }))
      await a.services.hub.round()
      const A = await asStore(credsA)
      const B = await asStore(credsB)
      await A.query('BEGIN')
      await B.query('BEGIN')
      const erase = [entry(a.services.localStoreId()!, 'erase', x.id, null, '{}')]
      const edit = [entry(b.services.localStoreId()!, 'update', x.id, 'phone', '"+1 415 555 0000 (personal)"')]
      const [first, second] = eraseFirst ? [[A, erase], [B, edit]] as const : [[B, edit], [A, erase]] as const
      await first[0].query('SELECT backroom.push($1::jsonb)', [JSON.stringify(first[1])])
      // The second waits for the first to commit (the erase lock), so it is sent without waiting for its answer.
      const pushed = second[0].query('SELECT backroom.push($1::jsonb)', [JSON.stringify(second[1])])
      await new Promise((resolve) => setTimeout(resolve, 300))
      await first[0].query('COMMIT')
      await pushed
      await second[0].query('COMMIT')
      await A.end()
      await B.end()
      const owner = new pg.Client(admin)
      await owner.connect()
      const left = await owner.query(`SELECT op FROM backroom.entries WHERE customer_id = $1 OR row_id = $1`, [x.id])
      await owner.end()
      expect(left.rows.map((r) => r.op)).toEqual(['erase'])
    }
  })
})

describe('compaction beside an entry ahead of the clock', () => {
  it('keeps the edits made after it in real time, so a store joining meanwhile ends like the others', async () => {
    const ana = await a.ok('customers:create', customerInput(a, { firstName: 'Ana', nickname: 'Orig' }))
    await a.services.hub.round()
    await b.services.hub.round()
    // A PC whose clock runs a day ahead edits the nickname (pushed as that PC would); every store holds it back.
    const insert = await a.services.db('change_log').where({ row_id: ana.id, op: 'insert' }).first()
    const future = { ...entry(a.services.localStoreId()!, 'update', ana.id, 'nickname', '"Future"'), hlc: `${String(Date.now() + 86_400_000).padStart(15, '0')}-000000-ffffffffffffffff`, schema_version: insert.schema_version }
    const A = await asStore(credsA)
    await A.query('SELECT backroom.push($1::jsonb)', [JSON.stringify([future])])
    await A.end()
    // B, its clock right, edits the same field later in real time; compaction runs; C joins.
    await b.ok('customers:update', { ...customerInput(a, { firstName: 'Ana' }), id: ana.id, nickname: 'FromB' })
    for (let i = 0; i < 2; i++) {
      await b.services.hub.round()
      await a.services.hub.round()
    }
    const owner = new pg.Client(admin)
    await owner.connect()
    await owner.query('SELECT backroom.compact(0, true)')
    await owner.end()
    const c = await startStore()
    try {
      await joinHub(c, admin, 'Store C')
      await c.services.hub.round()
      const nickname = async (s: TestCore) => (await s.services.db('customers').where({ id: ana.id }).first('nickname'))?.nickname
      expect([await nickname(a), await nickname(b), await nickname(c)]).toEqual(['FromB', 'FromB', 'FromB'])
    } finally {
      await c.cleanup()
    }
  })
})

describe('the stores screen with the wrong credentials', () => {
  it("is told to use the administrator's credentials, not that the hub has no Backroom hub; an unknown store is not found", async () => {
    const asStoreA = connectionOf(credsA)
    for (const [name, input] of [['hub:stores', { admin: asStoreA }], ['hub:revokeStore', { admin: asStoreA, user: credsB.user }]] as const) {
      const refused = await a.call(name, input)
      expect(refused).toMatchObject({ ok: false, error: { code: 'FORBIDDEN' } })
      expect(refused.ok || refused.error.message).toMatch(/administrator’s user name and password/)
    }
    expect((await a.ok('hub:stores', { admin })).stores.find((s) => s.user === credsB.user)).toMatchObject({ revoked: false })
    expect(await a.call('hub:revokeStore', { admin, user: 'br_nobody_000000' })).toMatchObject({ ok: false, error: { code: 'NOT_FOUND', message: 'The hub has no store credentials named br_nobody_000000.' } })
  })
})

describe('revoking a store, by an owner who may not end its sessions', () => {
  it('answers that it is revoked, and the store can no longer call the hub, not even on a session it had open', async () => {
    const open = await asStore(credsB)
    expect((await open.query('SELECT backroom.hello() AS h')).rows[0].h).toBeTruthy()
    const listed = await a.ok('hub:revokeStore', { admin, user: credsB.user })
    expect(listed.stores.find((s) => s.user === credsB.user)).toMatchObject({ revoked: true })
    await expect(open.query('SELECT backroom.hello() AS h')).rejects.toBeTruthy()
    await open.end().catch(() => {})
    await expect(asStore(credsB)).rejects.toBeTruthy()
  })
})

describe('a store whose credentials were revoked', () => {
  it('syncs again under new credentials the owner makes for it (a password rotated)', async () => {
    // B's credentials were revoked above.
    await b.ok('customers:create', customerInput(b, { firstName: 'Bea' }))
    await b.ok('hub:leave', {})
    const fresh = await a.ok('hub:createStoreCredentials', { admin, label: 'Store B (new password)' })
    await b.ok('hub:connect', { connection: connectionOf(fresh), joinAs: 'new' })
    await b.services.hub.round()
    expect(await b.ok('hub:status', {})).toMatchObject({ online: true, waitingToSend: 0 })
    await a.services.hub.round()
    expect(await a.services.db('customers').where({ first_name: 'Bea' })).toHaveLength(1)
  })
})
