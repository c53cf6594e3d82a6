import fc from 'fast-check'
import { rmSync } from 'node:fs'
import { dirname } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { startPostgres, type TestPostgres } from '../../support/hub/server'
import { ApplyKiller, bundleApplyChild } from '../../support/hub/kill-apply'
import { FOUND_SCHEDULES } from '../../support/hub/found-schedules'
import { missingChanges } from '../../support/hub/missing-changes'
import { exchange, faultOf, FAULTS, linkOf, type Fault, type FaultContext } from '../../support/hub/schedule-faults'
import { openStores, prepareWorld, resetHub, startingMemory, type PreparedWorld } from '../../support/hub/world'
import { closeAll, makeTemplate, WorldClock, type SyncStore } from '../../support/sync/cluster'
import { cacheProblems, digestsDiffer, erasedTraces, indexProblems } from '../../support/sync/checks'
import { runStep, stepArbitrary, type Step } from '../../support/sync/steps'

/**
 * The convergence property through a real PostgreSQL hub: three stores run random commands
 * (the sync property test's steps) while their exchanges go through the hub under faults: the
 * link dropped before or after the hub's COMMIT, pushes duplicated and concurrent, a hub
 * transaction that commits after later ones, clocks skewed and jumping, stores restarted, a
 * store's round run in a child process killed with SIGKILL mid-apply (then the store opened
 * again), and the hub restarted. At the end, after rounds until quiet: identical digests, sound
 * caches and indexes, every change any store made present everywhere (none acknowledged and
 * lost; a store that joined after a compaction lacks only the writes it superseded, see
 * missing-changes.ts), nothing of an erased customer left in any store's files or on the hub.
 * Schedules found failing before (found-schedules.ts) run first, on every run.
 *
 * Each schedule is cheap so that many run: short (6 to 20 steps: most bugs show in short
 * schedules), and starting from a prepared world (world.ts: the hub's tables refilled from the
 * setup's copy, the stores' folders copied, on /dev/shm) instead of setting up stores and a hub.
 * The two costly faults (hub restart, kill -9) come up in about a fifth of the schedules each;
 * the test prints how many schedules met each fault, and fails when the default run misses one.
 *
 * HUB_RUNS=N schedules (default 200: on a quiet 2-core machine about 90 s wall, 58 s of CPU in
 * this process, 118 s in all with PostgreSQL and the children); HUB_SEED / HUB_PATH replay one
 * (fast-check prints them on failure); HUB_FAULT=name turns every delivery into that fault.
 * Uses its own PostgreSQL (own port and folder): runs beside the other test files.
 */
const RUNS = Number(process.env.HUB_RUNS ?? 200)
const SEED = Number(process.env.HUB_SEED ?? 10)

let pgs: TestPostgres
let template: string
let prepared: PreparedWorld
let bundle: string
const ctx = { open: [], kills: { killed: 0, finished: 0 } } as unknown as FaultContext
/** Schedules that met each fault at least once. */
const met = new Map<Fault, number>(FAULTS.map((f) => [f, 0]))
let schedules = 0
/** Wall time by phase, printed with the counts: where a schedule's time goes. */
const phases = new Map<string, number>()
let mark = 0
function phase(name: string) {
  const now = performance.now()
  phases.set(name, (phases.get(name) ?? 0) + now - mark)
  mark = now
}

beforeAll(async () => {
  ;[pgs, template, bundle] = await Promise.all([startPostgres(), makeTemplate(), bundleApplyChild()])
  prepared = await prepareWorld(pgs, template)
  ctx.pgs = pgs
  ctx.killer = new ApplyKiller(bundle)
}, 180_000)
afterAll(async () => {
  ctx.killer?.stop()
  for (const c of ctx.open) await c.end().catch(() => {})
  if (template) rmSync(dirname(template), { recursive: true, force: true })
  if (prepared) rmSync(prepared.root, { recursive: true, force: true })
  if (bundle) for (const file of [bundle, `${bundle}.v8-cache`]) rmSync(file, { force: true })
  await pgs?.stop()
})

/**
 * Rounds until a whole pass of them changed no store's log while every store had, before and
 * after it, nothing to send, hold back or wait for. Nothing to send is not enough: a round's pull
 * can make entries of the store's own (an erase logged again, naming what it dropped) that it
 * pushes only next round, after the other stores' rounds of that pass. Nothing to send before
 * the pass matters too: a store's push in the pass's last round reaches the others only in the
 * next pass, and a push changes no log.
 */
async function roundsUntilQuiet(stores: SyncStore[]): Promise<void> {
  const logSizes = async () => (await Promise.all(stores.map((s) => s.core.services.db('change_log').max({ seq: 'seq' }).first()))).map((r) => Number(r?.seq ?? 0)).join()
  const settled = async () =>
    (await Promise.all(stores.map((s) => s.call('hub:status', {})))).every((s) => s.ok && s.data.online && s.data.waitingToSend === 0 && s.data.heldForClock === 0 && s.data.waiting === 0)
  let before = await logSizes()
  let settledBefore = false
  for (let i = 0; i < 16; i++) {
    for (const s of stores) await s.core.services.hub.round()
    const [after, settledAfter] = [await logSizes(), await settled()]
    if (settledBefore && settledAfter && after === before) return
    ;[before, settledBefore] = [after, settledAfter]
  }
}

/** Entries missing at a store, but for those a join's compaction superseded (missing-changes.ts). */
async function missingOnHub(stores: SyncStore[]): Promise<string[]> {
  return missingChanges(stores, await pgs.keptClient(prepared.hub.database))
}

/** An erased customer's marker (their unique last name) must be nowhere on the hub. */
async function hubTraces(markers: Map<string, string>, erased: Set<string>): Promise<string[]> {
  if (erased.size === 0) return []
  const hub = await pgs.keptClient(prepared.hub.database)
  const found: string[] = []
  for (const id of erased) {
    const marker = markers.get(id)
    if (!marker) continue
    const { rows } = await hub.query(`SELECT op, table_name FROM backroom.entries WHERE value LIKE $1 OR old_value LIKE $1`, [`%${marker}%`])
    if (rows.length) found.push(`${marker} (erased) still on the hub: ${rows.map((r) => `${r.op} ${r.table_name}`).join(', ')}`)
  }
  return found
}

async function converge(skews: number[], steps: Step[]): Promise<void> {
  schedules += 1
  for (const fault of new Set(steps.flatMap((s) => (s.kind === 'deliver' ? [faultOf(s)] : [])))) met.set(fault, met.get(fault)! + 1)
  mark = performance.now()
  await resetHub(pgs, prepared)
  phase('hub copy')
  const world = new WorldClock()
  ctx.world = world
  const stores = await openStores(world, prepared, skews)
  phase('stores open')
  try {
    const memory = startingMemory(prepared)
    const linked = await Promise.all(stores.map(linkOf))
    for (const step of steps) {
      if (step.kind === 'deliver') await exchange(ctx, linked, step, faultOf(step))
      else await runStep(stores, world, 'store' in step ? { ...step, store: step.store % stores.length } : step, memory)
      phase(step.kind === 'deliver' ? faultOf(step) : step.kind === 'command' ? 'commands' : 'restart/skew/wait')
    }
    for (const store of stores) store.skew = 0
    world.advance(60 * 60 * 1000)
    await roundsUntilQuiet(stores)
    phase('rounds until quiet')
    const problems = [
      ...(await digestsDiffer(stores)),
      ...(await missingOnHub(stores)),
      ...(await Promise.all(stores.map(cacheProblems))).flat(),
      ...(await Promise.all(stores.map(indexProblems))).flat(),
      ...(await erasedTraces(stores, memory.markers, memory.erased)),
      ...(await hubTraces(memory.markers, memory.erased)),
    ]
    const statuses = await Promise.all(stores.map((s) => s.call('hub:status', {})))
    for (const s of statuses) if (!s.ok || s.data.waitingToSend || s.data.waiting || s.data.heldForClock) problems.push(`not quiet: ${JSON.stringify(s)}`)
    phase('checks')
    expect(problems).toEqual([])
  } finally {
    for (const c of ctx.open.splice(0)) await c.end().catch(() => {})
    await closeAll(stores)
    phase('close')
  }
}

const schedule = fc.tuple(fc.array(fc.integer({ min: -120_000, max: 120_000 }), { minLength: 3, maxLength: 3 }), fc.array(stepArbitrary(3, { owners: true }), { minLength: 6, maxLength: 20 }))

describe('three stores through a PostgreSQL hub, under faults', () => {
  it(`end the same in the schedules found failing before (${FOUND_SCHEDULES.length})`, async () => {
    for (const found of FOUND_SCHEDULES) await converge(found.skews, found.steps)
  }, 120_000)

  it(`end in the same state with no change lost (${RUNS} schedules)`, async () => {
    const started = Date.now()
    const cpu = process.cpuUsage()
    await fc.assert(
      fc.asyncProperty(schedule, async ([skews, steps]) => converge(skews, steps)),
      { numRuns: RUNS, seed: SEED, path: process.env.HUB_PATH, endOnFailure: true },
    )
    const counts = [...met].map(([fault, n]) => `${fault} ${n}`).join(', ')
    const { user, system } = process.cpuUsage(cpu)
    console.log(`${schedules} hub schedules in ${((Date.now() - started) / 1000).toFixed(1)} s (test process CPU ${((user + system) / 1e6).toFixed(1)} s); schedules per fault: ${counts}; kill -9 mid-round ${ctx.kills.killed}, round done before its kill point ${ctx.kills.finished}`)
    console.log(`time by phase (s): ${[...phases].map(([name, ms]) => `${name} ${(ms / 1000).toFixed(1)}`).join(', ')}`)
    // The default run must reach every fault (a change of the step generator could starve one).
    if (RUNS >= 200 && !process.env.HUB_PATH) {
      for (const [fault, n] of met) expect(n, `schedules with ${fault}`).toBeGreaterThanOrEqual(fault === 'restartHub' || fault === 'killApply' ? 20 : 1)
      expect(ctx.kills.killed).toBeGreaterThanOrEqual(10)
    }
  }, 900_000)
})
