import pg from 'pg'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { HubCredentials } from '../../../electron/contract/hub'
import { newId } from '../../../electron/core/ids'
import type { TestCore } from '../../support/core'
import { freePort, startPostgres, type TestPostgres } from '../../support/hub/server'
import { connectionOf, customerInput, joinedPair, joinHub, makeHub, sqlClientAs, startStore } from '../../support/hub/stores'

/**
 * What PostgreSQL itself refuses a store's role (tested by trying, over the store's own
 * credentials), revoking, and Test connection's plain-words answers.
 */
let pgs: TestPostgres
let a: TestCore
let b: TestCore
let admin: Awaited<ReturnType<typeof makeHub>>
let credsA: HubCredentials
let credsB: HubCredentials

beforeAll(async () => {
  pgs = await startPostgres()
  ;({ a, b, admin, credsA, credsB } = await joinedPair((through) => makeHub(pgs, through)))
}, 120_000)
afterAll(async () => {
  await a?.cleanup()
  await b?.cleanup()
  await pgs?.stop()
})

const asStore = sqlClientAs

async function refused(client: pg.Client, sql: string, params: unknown[] = []): Promise<string> {
  try {
    await client.query(sql, params)
  } catch (error) {
    return (error as { code: string }).code
  }
  throw new Error(`not refused: ${sql}`)
}

function entryOf(storeId: string) {
  const id = newId()
  return { id, tx: id, tx_size: 1, op: 'update', table_name: 'customers', row_id: newId(), field: 'nickname', value: '"x"', old_value: null, hlc: `${String(Date.now()).padStart(15, '0')}-000000-node`, store_id: storeId, user_id: null, created_at: new Date().toISOString(), schema_version: 2, customer_id: null }
}

describe('a store role on the hub', () => {
  it('cannot write, change or delete entries directly, nor call what is not granted', async () => {
    const client = await asStore(credsB)
    try {
      expect(await refused(client, 'SELECT count(*) FROM backroom.entries')).toBe('42501')
      expect(await refused(client, `INSERT INTO backroom.entries (id, tx, tx_size, op, table_name, row_id, hlc, store_id, created_at, schema_version) VALUES ('x','x',1,'update','customers','x','x','x','x',2)`)).toBe('42501')
      expect(await refused(client, `UPDATE backroom.entries SET value = '"changed"'`)).toBe('42501')
      expect(await refused(client, 'DELETE FROM backroom.entries')).toBe('42501')
      expect(await refused(client, 'TRUNCATE backroom.entries')).toBe('42501')
      expect(await refused(client, 'SELECT * FROM backroom.stores')).toBe('42501')
      expect(await refused(client, `SELECT backroom.purge_customer('x')`)).toBe('42501')
      expect(await refused(client, `UPDATE backroom.stores SET store_id = NULL`)).toBe('42501')
      expect(await refused(client, 'CREATE TABLE public.mine (x int)')).toBe('42501')
    } finally {
      await client.end()
    }
  })

  it('may add entries only under its own store id, and cannot rebind itself to another store', async () => {
    const client = await asStore(credsB)
    try {
      const storeA = a.services.localStoreId()!
      expect(await refused(client, 'SELECT backroom.push($1::jsonb)', [JSON.stringify([entryOf(storeA)])])).toBe('BR005')
      expect(await refused(client, 'SELECT backroom.push($1::jsonb)', [JSON.stringify([entryOf(b.services.localStoreId()!), entryOf(storeA)])])).toBe('BR005')
      expect(await refused(client, 'SELECT backroom.bind($1)', [storeA])).toBe('BR003')
      // Its own entry goes in; the same again changes nothing.
      const own = entryOf(b.services.localStoreId()!)
      const first = await client.query('SELECT backroom.push($1::jsonb) AS n', [JSON.stringify([own])])
      const again = await client.query('SELECT backroom.push($1::jsonb) AS n', [JSON.stringify([{ ...own, value: '"other"' }])])
      expect([first.rows[0].n, again.rows[0].n]).toEqual([1, 0])
      const hub = await pgs.adminClient(admin.database)
      const { rows } = await hub.query('SELECT value FROM backroom.entries WHERE id = $1', [own.id])
      await hub.end()
      expect(rows).toEqual([{ value: '"x"' }])
    } finally {
      await client.end()
    }
  })
})

describe('revoking a store', () => {
  it('stops its access at once; its entries stay on the hub', async () => {
    const c = await startStore()
    try {
      const creds = await joinHub(c, admin, 'Store C', 'new', a)
      await c.ok('customers:create', customerInput(c, { firstName: 'Cleo' }))
      await c.services.hub.round()
      const hub = await pgs.adminClient(admin.database)
      const before = await hub.query('SELECT count(*)::int AS n FROM backroom.entries WHERE store_id = $1', [c.services.localStoreId()])
      expect(before.rows[0].n).toBeGreaterThan(0)
      const listed = await a.ok('hub:revokeStore', { admin, user: creds.user })
      expect(listed.stores.find((s) => s.user === creds.user)).toMatchObject({ revoked: true, storeId: c.services.localStoreId() })
      await c.ok('customers:create', customerInput(c, { firstName: 'Carl' }))
      await c.services.hub.round()
      expect(await c.ok('hub:status', {})).toMatchObject({ online: false, lastProblem: 'revoked' })
      expect((await c.ok('hub:status', {})).waitingToSend).toBeGreaterThan(0)
      expect(await c.ok('hub:testConnection', connectionOf(creds))).toMatchObject({ ok: false, problem: 'revoked' })
      const after = await hub.query('SELECT count(*)::int AS n FROM backroom.entries WHERE store_id = $1', [c.services.localStoreId()])
      await hub.end()
      expect(after.rows[0].n).toBe(before.rows[0].n)
    } finally {
      await c.cleanup()
    }
  }, 30_000)
})

describe('Test connection says what is wrong in plain words', () => {
  it('wrong password, unreachable, no database, not a hub, version too new, TLS', async () => {
    const good = connectionOf(credsA)
    const answer = (input: Partial<typeof good>) => a.ok('hub:testConnection', { ...good, ...input })
    expect(await answer({})).toMatchObject({ ok: true, joinAs: 'same' })
    expect(await answer({ password: 'not the password' })).toMatchObject({ ok: false, problem: 'wrong_password' })
    expect(await answer({ port: await freePort() })).toMatchObject({ ok: false, problem: 'unreachable' })
    expect(await answer({ database: 'no_such_db' })).toMatchObject({ ok: false, problem: 'no_database' })
    const plain = await pgs.createDatabase('plain_db')
    expect(await a.ok('hub:testConnection', { ...plain })).toMatchObject({ ok: false, problem: 'not_a_hub' })
    expect(await answer({ tls: 'require' })).toMatchObject({ ok: false, problem: 'tls' })
    expect(await a.call('hub:testConnection', { ...good, host: 'hub.example.com', tls: 'off' })).toMatchObject({ ok: false, error: { code: 'VALIDATION' } })
    const hub = await pgs.adminClient(admin.database)
    await hub.query(`UPDATE backroom.meta SET value = '99' WHERE key = 'schema_version'`)
    try {
      const tooNew = await answer({})
      expect(tooNew).toMatchObject({ ok: false, problem: 'version_too_new' })
      expect(tooNew.message).toMatch(/newer Backroom/)
      expect(await a.call('hub:prepare', { admin })).toMatchObject({ ok: false, error: { code: 'HUB_UNAVAILABLE' } })
    } finally {
      await hub.query(`UPDATE backroom.meta SET value = '1' WHERE key = 'schema_version'`)
      await hub.end()
    }
    // Every answer is in plain words and never holds the password.
    const wrong = await answer({ password: 'secret-typed-wrong' })
    expect(wrong.message).not.toContain('secret-typed-wrong')
  }, 30_000)

  it('an empty password is no password: the saved one, or "Enter the password", never one from elsewhere', async () => {
    // The renderer sends null for an empty box; '' (another renderer) reached pg, which then sends
    // PGPASSWORD or ~/.pgpass to whatever server was typed, or answered in SASL's words.
    const saved = process.env.PGPASSWORD
    process.env.PGPASSWORD = credsB.password
    try {
      expect(await a.ok('hub:testConnection', { ...connectionOf(credsA), password: '' })).toMatchObject({ ok: true, joinAs: 'same' })
      const other = { ...connectionOf(credsB), password: '' }
      expect(await a.ok('hub:testConnection', other)).toMatchObject({ ok: false, problem: 'wrong_password', message: 'Enter the password for these credentials.' })
      expect(await a.call('hub:connect', { connection: other, joinAs: 'replacement' })).toMatchObject({ ok: false, error: { code: 'BAD_CREDENTIALS', message: 'Enter the password for these credentials.' } })
    } finally {
      if (saved === undefined) delete process.env.PGPASSWORD
      else process.env.PGPASSWORD = saved
    }
    expect(await a.ok('hub:settings', {})).toMatchObject({ connected: true, user: credsA.user })
  }, 30_000)

  it('keeps the saved password from a laxer TLS choice than it was saved with: it must be typed again', async () => {
    // The test hub is on loopback without TLS: the link is set as one saved with "check the
    // certificate", and Test connection asks with "accept a self-signed certificate" (before, the
    // saved password went out, and only the hub's lack of TLS stopped it).
    await a.services.db('hub_link').update({ tls: 'verify' })
    try {
      const lax = { ...connectionOf(credsA), password: null, tls: 'require' as const }
      expect(await a.ok('hub:testConnection', lax)).toMatchObject({ ok: false, problem: 'wrong_password', message: 'Enter the password for these credentials.' })
    } finally {
      await a.services.db('hub_link').update({ tls: 'off' })
    }
    // As closely checked as saved: the saved password still serves.
    expect(await a.ok('hub:testConnection', { ...connectionOf(credsA), password: null })).toMatchObject({ ok: true, joinAs: 'same' })
  }, 30_000)
})
