import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { TestCore } from '../../support/core'
import { freePort, startPostgres, type TestPostgres } from '../../support/hub/server'
import { connectionOf, customerInput, makeHub, startStore } from '../../support/hub/stores'

/** The worker on its own: soon after a change, backoff while the hub is away, back when it returns; commands never wait. */
let pgs: TestPostgres
const cores: TestCore[] = []
beforeAll(async () => {
  pgs = await startPostgres()
}, 120_000)
afterAll(async () => {
  for (const core of cores) await core.cleanup()
  await pgs?.stop()
})

const until = async (check: () => Promise<boolean>, ms = 10_000) => {
  const end = Date.now() + ms
  while (Date.now() < end) {
    if (await check()) return
    await new Promise((r) => setTimeout(r, 25))
  }
  throw new Error('timed out')
}

describe('the sync worker', () => {
  it('pushes soon after a local change, backs off while the hub is unreachable, and catches up after', async () => {
    const admin = await makeHub(pgs, (cores[0] = await startStore()))
    const core = await startStore({ hub: { worker: true, debounceMs: 50, intervalMs: 60_000, backoff: { baseMs: 100, maxMs: 800 }, connectTimeoutMs: 500 } })
    cores.push(core)
    const creds = await cores[0].ok('hub:createStoreCredentials', { admin, label: 'Worker store' })
    await core.ok('hub:connect', { connection: connectionOf(creds), joinAs: 'new' })
    // Joining reads the hub in two passes: beside a full test run it took over 10 s once.
    await until(async () => (await core.ok('hub:status', {})).state === 'online', 30_000)

    await core.ok('customers:create', customerInput(core, { firstName: 'Soon' }))
    await until(async () => (await core.ok('hub:status', {})).waitingToSend === 0)

    // The hub's port now leads nowhere: the link is saved with a closed port.
    const closed = await freePort()
    await core.services.db('hub_link').update({ port: closed })
    await core.services.hub.reset()
    await core.services.hub.start()
    await core.ok('customers:create', customerInput(core, { firstName: 'Offline' }))
    await until(async () => (await core.ok('hub:status', {})).lastProblem === 'unreachable')
    // Commands answer at once while offline (a bound a loaded CI machine keeps; waiting for the
    // link would take seconds).
    const started = performance.now()
    const status = await core.ok('hub:status', {})
    expect(performance.now() - started).toBeLessThan(1000)
    expect(status).toMatchObject({ state: 'offline', online: false, lastProblem: 'unreachable' })
    expect(status.lastError).toMatch(/cannot be reached/)
    expect(status.waitingToSend).toBeGreaterThan(0)
    expect(status.nextAttemptAt).not.toBeNull()
    // Backoff: over 1.5 s with waits of 100, 200, 400, 800 ms (halved at most by jitter), a handful of tries, not dozens.
    const failuresBefore = core.services.hub.live.failures
    await new Promise((r) => setTimeout(r, 1500))
    const tries = core.services.hub.live.failures - failuresBefore
    expect(tries).toBeGreaterThanOrEqual(1)
    expect(tries).toBeLessThanOrEqual(8)

    await core.services.db('hub_link').update({ port: creds.port })
    // Online is set when the round ends (after its pull and the compaction request), a moment after the push.
    await until(async () => {
      const now = await core.ok('hub:status', {})
      return now.waitingToSend === 0 && now.state === 'online'
    })
    expect(await core.ok('hub:status', {})).toMatchObject({ state: 'online', lastError: null })
  }, 60_000)
})

describe('a change made while a round runs', () => {
  it('is pushed by the round its nudge starts, even when the running round ends first', async () => {
    const admin = await makeHub(pgs, (cores[cores.length] = await startStore()))
    const through = cores[cores.length - 1]
    // A long debounce: the running round surely ends before the nudge's check.
    const core = await startStore({ hub: { worker: true, debounceMs: 1_000, intervalMs: 60_000 } })
    cores.push(core)
    const creds = await through.ok('hub:createStoreCredentials', { admin, label: 'Busy store' })
    await core.ok('hub:connect', { connection: connectionOf(creds), joinAs: 'new' })
    await until(async () => {
      const status = await core.ok('hub:status', {})
      return status.state === 'online' && status.waitingToSend === 0 && !core.services.hub.live.syncing
    }, 30_000)

    // The hub's housekeeping table is held: the next round stops after its push (nothing to push) at the pull or the compaction.
    const hub = await pgs.adminClient(admin.database)
    try {
      await hub.query('BEGIN')
      await hub.query('LOCK TABLE backroom.meta IN ACCESS EXCLUSIVE MODE')
      const round = core.services.hub.round()
      await until(async () => Number((await hub.query('SELECT count(*) AS n FROM pg_locks WHERE NOT granted')).rows[0].n) > 0)
      await core.ok('customers:create', customerInput(core, { firstName: 'During' }))
      await hub.query('COMMIT')
      await round
    } finally {
      await hub.end()
    }
    await until(async () => (await core.ok('hub:status', {})).waitingToSend === 0, 5_000)
  }, 60_000)
})
