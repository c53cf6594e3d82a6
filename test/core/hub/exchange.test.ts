import type pg from 'pg'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { HubCredentials } from '../../../electron/contract/hub'
import { openHub } from '../../../electron/core/hub/connection'
import { pullBatch, pushOwn } from '../../../electron/core/hub/exchange'
import { readLink } from '../../../electron/core/hub/link'
import type { TestCore } from '../../support/core'
import { startPostgres, type TestPostgres } from '../../support/hub/server'
import { customerInput, joinHub, makeHub, startStore } from '../../support/hub/stores'
import { droppingCommit } from '../../support/hub/faults'

/** The push and pull cursors under a dropped link, a late-committing hub transaction, duplicated and concurrent pushes. */
let pgs: TestPostgres
let admin: Awaited<ReturnType<typeof makeHub>>
const cores: TestCore[] = []
const clients: pg.Client[] = []

beforeAll(async () => {
  pgs = await startPostgres()
}, 120_000)
afterAll(async () => {
  for (const client of clients) await client.end().catch(() => {})
  for (const core of cores) await core.cleanup()
  await pgs?.stop()
})

async function joined(label: string): Promise<{ core: TestCore; creds: HubCredentials }> {
  const core = await startStore()
  cores.push(core)
  if (!admin) admin = await makeHub(pgs, core)
  const creds = await joinHub(core, admin, label, 'new', cores[0])
  return { core, creds }
}

async function client(creds: HubCredentials): Promise<pg.Client> {
  const c = await openHub(creds, creds.password)
  clients.push(c)
  return c
}

async function hubCount(storeId: string): Promise<number> {
  const hub = await pgs.adminClient(admin.database)
  const { rows } = await hub.query('SELECT count(*)::int AS n FROM backroom.entries WHERE store_id = $1', [storeId])
  await hub.end()
  return rows[0].n
}

async function ownCount(core: TestCore): Promise<number> {
  const row = await core.services.db('change_log').where({ store_id: core.services.localStoreId() }).whereNot({ op: 'legacy' }).count({ n: '*' }).first()
  return Number(row!.n)
}

describe('push', () => {
  it('moves the cursor only after the hub committed; a batch whose answer was lost is sent again and counted once', async () => {
    const { core, creds } = await joined('Push store')
    await core.ok('customers:create', customerInput(core, { firstName: 'Pia' }))
    const storeId = core.services.localStoreId()!
    const real = await client(creds)
    const before = (await readLink(core.services.db))!.pushSeq

    await expect(pushOwn(core.services.db, droppingCommit(real, 'before'), storeId, before, 1000)).rejects.toThrow()
    expect((await readLink(core.services.db))!.pushSeq).toBe(before)
    expect(await hubCount(storeId)).toBe(0)

    await expect(pushOwn(core.services.db, droppingCommit(real, 'after'), storeId, before, 1000)).rejects.toThrow()
    expect((await readLink(core.services.db))!.pushSeq).toBe(before)
    const own = await ownCount(core)
    expect(await hubCount(storeId)).toBe(own)

    // Sent again (and twice at once): nothing is added twice, and the cursor moves.
    const other = await client(creds)
    const [x, y] = await Promise.all([pushOwn(core.services.db, real, storeId, before, 3), pushOwn(core.services.db, other, storeId, before, 1000)])
    expect(x).toBe(y)
    expect(await hubCount(storeId)).toBe(own)
    expect((await readLink(core.services.db))!.pushSeq).toBe(x)
    expect(await core.ok('hub:status', {})).toMatchObject({ waitingToSend: 0 })
  }, 60_000)
})

describe('pull', () => {
  it('does not skip a hub transaction that commits after a later one', async () => {
    const { core: early, creds: earlyCreds } = await joined('Early')
    const { core: late } = await joined('Late')
    const { core: reader, creds: readerCreds } = await joined('Reader')
    // Everyone's setup entries are on the hub and pulled.
    for (const core of [early, late, reader, early, late, reader]) await core.services.hub.round()

    await early.ok('customers:create', customerInput(early, { firstName: 'Early' }))
    await late.ok('customers:create', customerInput(late, { firstName: 'Late' }))
    // "Early" writes first (its transaction takes the smaller xid) but commits last.
    const slow = await client(earlyCreds)
    const slowEntries = await early.services.db('change_log').where({ store_id: early.services.localStoreId() }).where('seq', '>', (await readLink(early.services.db))!.pushSeq).select('id', 'tx', 'tx_size', 'op', 'table_name', 'row_id', 'field', 'value', 'old_value', 'hlc', 'store_id', 'user_id', 'created_at', 'schema_version')
    await slow.query('BEGIN')
    await slow.query('SELECT backroom.push($1::jsonb)', [JSON.stringify(slowEntries.map((e) => ({ ...e, customer_id: null })))])
    await late.services.hub.round()
    expect(await late.ok('hub:status', {})).toMatchObject({ waitingToSend: 0 })

    // The reader sees neither yet: Late's rows are behind Early's open transaction.
    const link = (await readLink(reader.services.db))!
    const none = await pullBatch(reader.services, await client(readerCreds), { xid: link.pullXid, pos: link.pullPos }, 1000, false)
    expect(none).toBeNull()
    await slow.query('COMMIT')
    await reader.services.hub.round()
    const names = (await reader.services.db('customers').pluck('first_name')).sort()
    expect(names).toEqual(expect.arrayContaining(['Early', 'Late']))
  }, 60_000)
})

