import { rmSync } from 'node:fs'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { createCore, DATABASE_FILE } from '../../../electron/core'
import { bulkInsertCustomers } from '../../../electron/core/customers/bulk'
import { openDatabase } from '../../../electron/core/db/connection'
import { benchCustomers } from '../../bench/customers/generate'
import { TEST_KDF, tempDir, type TestCore } from '../../support/core'
import { digestStores } from '../../support/hub/digest'
import { sharedTestSecrets } from '../../support/hub/fixed-secrets'
import { startPostgres, type TestPostgres } from '../../support/hub/server'
import { joinHub, makeHub, startStore } from '../../support/hub/stores'
import { killNow, sleep, startWriter } from '../crash/processes'
import { bundleChild } from '../../support/child-bundle'

/**
 * SIGKILL in the middle of a pull: the pulled batch and the pull cursor commit in one local
 * transaction, so a store killed mid-apply starts again where its last committed batch ended,
 * and ends with everything, once. Runs its own PostgreSQL and a child process it kills.
 */
const CUSTOMERS = 1500
const KILLS = 3
let pgs: TestPostgres
let bundle: string
const cleanups: (() => Promise<void>)[] = []

beforeAll(async () => {
  pgs = await startPostgres()
  bundle = await bundleChild(join(__dirname, 'crash-puller.ts'), 'hub-crash', 'puller')
}, 120_000)
afterAll(async () => {
  for (const c of cleanups) await c().catch(() => {})
  rmSync(bundle, { force: true })
  await pgs?.stop()
})

async function pullCursor(dir: string): Promise<number> {
  const db = openDatabase(join(dir, DATABASE_FILE))
  try {
    return Number((await db('hub_link').first('pull_pos'))?.pull_pos ?? 0)
  } finally {
    await db.destroy()
  }
}

describe('kill -9 during a pull', () => {
  it(`loses nothing and applies nothing twice (${KILLS} kills mid-apply)`, async () => {
    const a = await startStore({ secrets: sharedTestSecrets() })
    cleanups.push(() => a.cleanup())
    const admin = await makeHub(pgs, a)
    await joinHub(a, admin, 'Source')

    // B joins (its join, of a nearly empty hub, done), then closes: its ordinary pulls of what A
    // sends next run in a child process that is killed mid-way (bulk-join.test.ts kills a join).
    const dir = tempDir('backroom-hub-crash-')
    cleanups.push(async () => rmSync(dir, { recursive: true, force: true }))
    let b: TestCore = await startStore({ dataDir: dir, secrets: sharedTestSecrets() })
    await joinHub(b, admin, 'Puller', 'new', a)
    await b.services.hub.round()
    await b.close()
    await bulkInsertCustomers(a.services, benchCustomers(CUSTOMERS, a.services.localStoreId()!, new Date()), { userId: null, expectedRows: CUSTOMERS })
    await a.services.hub.round()
    let partial = 0
    for (let kill = 0; kill < KILLS; kill++) {
      const before = await pullCursor(dir)
      const child = startWriter(bundle, [dir])
      await child.saw('ready')
      // Killed as soon as it has committed a batch beyond where it started: mid-pull.
      const end = Date.now() + 60_000
      while ((await pullCursor(dir)) <= before && Date.now() < end && !child.output().includes('done')) await sleep(10)
      await sleep(kill * 15)
      await killNow(child)
      const db = openDatabase(join(dir, DATABASE_FILE))
      const count = Number((await db('customers').count({ n: '*' }).first())!.n)
      await db.destroy()
      if (count < CUSTOMERS + 2) partial += 1
    }
    expect(partial).toBeGreaterThan(0)

    const core = await createCore({ dataDir: dir, kdf: TEST_KDF, log: () => {}, automaticBackups: false, secrets: sharedTestSecrets(), hub: { worker: false } })
    b = core as TestCore
    await core.services.hub.round()
    await a.services.hub.round()
    expect(core.services.hub.live.lastError).toBeNull()
    const applied = await core.services.db('change_log').where({ store_id: a.services.localStoreId() }).count({ n: '*' }).first()
    const source = await a.services.db('change_log').where({ store_id: a.services.localStoreId() }).whereNot({ op: 'legacy' }).count({ n: '*' }).first()
    expect(Number(applied!.n)).toBe(Number(source!.n))
    expect(await core.services.db('sync_inbox').count({ n: '*' }).first()).toEqual({ n: 0 })
    expect(await digestStores([a, core])).toHaveLength(1)
    await core.close()
  }, 180_000)
})

