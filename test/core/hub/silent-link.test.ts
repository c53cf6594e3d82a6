import net from 'node:net'
import { afterAll, beforeAll, expect, it } from 'vitest'
import type { TestCore } from '../../support/core'
import { freePort, startPostgres, type TestPostgres } from '../../support/hub/server'
import { connectionOf, customerInput, makeHub, startStore } from '../../support/hub/stores'

/**
 * A link that goes silent mid-round (the hub's PC loses power, a router drops the traffic
 * without a reset): the round ends with a timeout, the status says so, and the next round syncs
 * once the link is back. Before, the round waited for ever and the status said Online, syncing
 * (found by the security review of 5 December).
 */
let pgs: TestPostgres
let store: TestCore | undefined
let proxy: net.Server | undefined
const sockets: net.Socket[] = []
let silent = false

beforeAll(async () => {
  pgs = await startPostgres()
}, 120_000)
afterAll(async () => {
  for (const s of sockets) s.destroy()
  proxy?.close()
  await store?.cleanup()
  await pgs?.stop()
})

/** A TCP relay to the hub that can drop everything both ways without closing anything. */
async function relay(): Promise<number> {
  const port = await freePort()
  proxy = net.createServer((down) => {
    const up = net.connect(pgs.port, '127.0.0.1')
    sockets.push(down, up)
    down.on('data', (d) => !silent && up.write(d))
    up.on('data', (d) => !silent && down.write(d))
    for (const s of [down, up]) s.on('error', () => {})
    down.on('close', () => up.destroy())
    up.on('close', () => down.destroy())
  })
  await new Promise<void>((resolve) => proxy!.listen(port, '127.0.0.1', () => resolve()))
  return port
}

it('ends a round over a link gone silent, says it timed out, and syncs when the link is back', async () => {
  const port = await relay()
  store = await startStore({ hub: { worker: false, connectTimeoutMs: 2000, statementTimeoutMs: 1500, allowHost: () => true, compactIntervalSeconds: -1 } })
  const admin = await makeHub(pgs, store)
  const credentials = await store.ok('hub:createStoreCredentials', { admin, label: 'A' })
  await store.ok('hub:connect', { connection: { ...connectionOf(credentials), port }, joinAs: 'new' })
  await store.services.hub.round()
  expect(store.services.hub.live.online).toBe(true)

  await store.ok('customers:create', customerInput(store))
  silent = true
  const started = Date.now()
  const ended = await Promise.race([store.services.hub.round().then(() => 'ended'), new Promise((resolve) => setTimeout(() => resolve('still running'), 20_000))])
  expect(ended).toBe('ended')
  expect(Date.now() - started).toBeLessThan(15_000)
  expect(store.services.hub.live.online).toBe(false)
  expect(store.services.hub.live.syncing).toBe(false)
  expect(store.services.hub.live.lastError).toMatch(/did not answer in time/)

  silent = false
  for (const s of sockets.splice(0)) s.destroy()
  await store.services.hub.round()
  expect(store.services.hub.live).toMatchObject({ online: true, lastError: null })
  expect((await store.ok('hub:status', {})).waitingToSend).toBe(0)
}, 90_000)

it('leaves at once while a round waits on a link gone silent, without telling a failure', async () => {
  const port = await relay()
  // A long deadline, as the app's (a minute): Leave must not wait for it.
  const logged: string[] = []
  const leaver = await startStore({ log: (line) => logged.push(line), hub: { worker: false, connectTimeoutMs: 2000, statementTimeoutMs: 30_000, allowHost: () => true, compactIntervalSeconds: -1 } })
  try {
    const admin = await makeHub(pgs, leaver)
    const credentials = await leaver.ok('hub:createStoreCredentials', { admin, label: 'Leaver' })
    await leaver.ok('hub:connect', { connection: { ...connectionOf(credentials), port }, joinAs: 'new' })
    await leaver.services.hub.round()
    await leaver.ok('customers:create', customerInput(leaver))
    silent = true
    const round = leaver.services.hub.round()
    await new Promise((resolve) => setTimeout(resolve, 500))
    expect(leaver.services.hub.live.syncing).toBe(true)
    const started = Date.now()
    expect(await leaver.ok('hub:leave', {})).toMatchObject({ state: 'not_connected' })
    expect(Date.now() - started).toBeLessThan(5_000)
    await round
    expect(logged.filter((line) => line.includes('round failed'))).toEqual([])
    expect(leaver.services.hub.live).toMatchObject({ syncing: false, lastError: null })
  } finally {
    silent = false
    for (const s of sockets.splice(0)) s.destroy()
    await leaver.cleanup()
  }
}, 90_000)
