import { rmSync } from 'node:fs'
import { dirname } from 'node:path'
import fc from 'fast-check'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { closeAll, makeTemplate, syncAll, twinStore, WorldClock, type SyncStore } from '../../support/sync/cluster'
import { openPrepared, prepareStores, startingMemory, type PreparedStores } from '../../support/sync/prepared-stores'
import { cacheProblems, conflictsDiffer, digestsDiffer, digestsOf, erasedTraces, indexProblems, reapplyChanges } from '../../support/sync/checks'
import { mergeProblems } from '../../support/sync/merge-checks'
import { giveTheSameValuesAtTwoStores, resolveListedConflicts } from '../../support/sync/conflict-steps'
import { runStep, stepArbitrary, type Memory, type Step } from '../../support/sync/steps'
import { ownerAtDesk, ownerProblems, ownerWasKept, removeOwnersAtTwoStores } from '../../support/sync/owner-steps'
import { visitCacheProblems } from '../../support/sync/visit-checks'

/**
 * The convergence property (issue 9): three to five stores, each a real core on its own SQLite
 * file with its own skewed clock, run random commands through dispatch while an exchange hands
 * entries between them in random cuts, orders and repeats, with restarts and clocks jumping
 * back. Once every store has every entry, all stores are in the same state.
 *
 * SYNC_RUNS=N runs N schedules (default 200, as issue 9 asks: 80 s of the test process's CPU,
 * 126–184 s wall at load 11–12 on the 2-core machine, against 125 s of CPU (177–215 s) before
 * the prepared stores carried their backup, the final sync gave each store one batch, the checks
 * read their tables together and photos stopped rebuilding jpeg-js's tables; 7 December. The
 * run prints both figures: compare CPU, wall follows the machine's load).
 * A failure prints its seed and path: SYNC_SEED=s
 * SYNC_PATH=p replays that schedule alone; SYNC_SHRINK=1 shrinks it to the fewest steps.
 */
const DEFAULT_RUNS = 200
const RUNS = Number(process.env.SYNC_RUNS ?? DEFAULT_RUNS)
const SEED = Number(process.env.SYNC_SEED ?? 9)

let template: string
/** The stores every schedule starts from, set up once (prepared-stores.ts). */
let prepared: PreparedStores
/** What the schedules did, over all runs: printed with SYNC_REPORT=1 (count, first schedule), and checked to include real work. */
const totals = new Map<string, number>()
/** The schedule (counted from 1) in which each outcome first came up. */
const firstSeen = new Map<string, number>()
let schedules = 0
beforeAll(async () => {
  template = await makeTemplate()
  prepared = await prepareStores(template, 5)
}, 60_000)
afterAll(() => {
  if (template) rmSync(dirname(template), { recursive: true, force: true })
  if (prepared) rmSync(prepared.root, { recursive: true, force: true })
})

const schedule = fc
  .integer({ min: 3, max: 5 })
  .chain((count) => fc.tuple(fc.constant(count), fc.array(fc.integer({ min: -120_000, max: 120_000 }), { minLength: count, maxLength: count }), fc.array(stepArbitrary(count + 1, { owners: true }), { minLength: 12, maxLength: 28 })))
  // Mostly three stores: each extra store costs time, not new kinds of interleaving.
  .map(([count, skews, steps]) => ({ count: count > 3 && skews[0] % 3 !== 0 ? 3 : count, skews, steps }))

async function converge(count: number, skews: number[], steps: Step[]): Promise<void> {
  const world = new WorldClock()
  const stores: SyncStore[] = []
  try {
    // The first store with two customers every store knows from the start (a sale at one store can
    // meet an erase at another, and visits and appointments have someone to be about), and the
    // others joined from it: copies of stores set up once (prepared-stores.ts).
    const memory = startingMemory(prepared)
    stores.push(...(await openPrepared(world, prepared, skews, count)))
    // A quarter of the three-store schedules give the first store a second PC (two check-ins of
    // one customer at one store made offline), which passes on that store's entries it has; a PC
    // more doubles the final sync's deliveries. Steps name one store more than `count`, which is
    // that PC or, without one, wraps to S0.
    if (count === 3 && skews[0] % 4 === 0) stores.push(await twinStore(world, stores[0], skews[1]))
    for (const step of steps) await runStep(stores, world, clamp(step, stores.length), memory)
    for (const store of stores) await ownerAtDesk(store)
    // A third of the schedules end with a username and card given at two stores, settled after the sync.
    if (skews[1] % 3 === 0) await giveTheSameValuesAtTwoStores(stores, memory)
    // A third, with the last owners removed at two stores (one each): every store must keep the same one.
    if (skews[2] % 3 === 0) for (const outcome of await removeOwnersAtTwoStores(stores, Math.abs(skews[0]), () => ++memory.serial)) tally(memory, outcome)
    // The link comes back everywhere: clocks agree again and time passes, so held-back entries apply.
    for (const store of stores) store.skew = 0
    world.advance(60 * 60 * 1000)
    await syncAll(stores)
    // Whoever lost being an owner meanwhile, an owner is at each desk again (owner-steps.ts).
    for (const store of stores) await ownerAtDesk(store)
    if (await ownerWasKept(stores[0])) tally(memory, 'ownerKept ok')
    // What the sync listed, staff settle (issue 10); the answers travel like any edit.
    if (await resolveListedConflicts(stores, memory)) await syncAll(stores)
    // Customers erased by a rule (erase × merge: the rest of a merged family) must leave no trace either.
    const erased = new Set([...memory.erased, ...(await stores[0].core.services.db('customers').whereNotNull('erased_at').pluck('id'))])
    // Taken once: the first store's is also the state re-applying must leave as it is.
    const digests = await digestsOf(stores)
    const problems = [
      ...(await digestsDiffer(stores, digests)),
      ...(await conflictsDiffer(stores)),
      ...(await Promise.all(stores.map(cacheProblems))).flat(),
      ...(await Promise.all(stores.map(visitCacheProblems))).flat(),
      ...(await Promise.all(stores.map(indexProblems))).flat(),
      ...(await Promise.all(stores.map(mergeProblems))).flat(),
      ...(await Promise.all(stores.map(ownerProblems))).flat(),
      ...(await erasedTraces(stores, memory.markers, erased)),
      ...(await reapplyChanges(stores, digests[0])),
    ]
    expect(problems).toEqual([])
    schedules += 1
    for (const [outcome, n] of memory.outcomes) {
      if (!totals.has(outcome)) firstSeen.set(outcome, schedules)
      totals.set(outcome, (totals.get(outcome) ?? 0) + n)
    }
  } finally {
    await closeAll(stores)
  }
}

/**
 * Answers ok per schedule of the commands the run must have done, over the default 120 schedules
 * (seed 9, SYNC_REPORT=1). Some need what other steps made first (a deal's status a deal, a void
 * a sale, a stale edit a form left open while another store saved), so a short run can miss them
 * with nothing wrong: SYNC_RUNS=20 never set a deal's status (its first came in schedule 25).
 */
const OK_PER_SCHEDULE: Record<string, number> = {
  createCustomer: 2.9,
  resolveListed: 1.5,
  sale: 0.5,
  merge: 0.37,
  checkInTwice: 0.37,
  checkIn: 0.36,
  schedule: 0.2,
  points: 0.17,
  erase: 0.075,
  checkOut: 0.075,
  dealStatus: 0.05,
  void: 0.033,
  // A sale paid partly with points needs a customer who earned or was given some first: 17 of
  // the default 200 schedules' asks were saved (the rest found no points to use).
  salePoints: 0.085,
  staleEdit: 0.025,
  // 28 of 120 default schedules (import-steps.ts)
  importCustomers: 0.23,
  // 34 of the default 200 schedules (receipt-import-steps.ts), re-imports of a file that add nothing among them
  importReceipts: 0.17,
  // The last owners removed at two stores (a third of the schedules, owner-steps.ts), and the
  // schedules in which that left no active owner anywhere, so every store kept one (26 of 120).
  dropOwnerAtTwo: 0.55,
  ownerKept: 0.2,
  // The owner at the desk making a new recovery key (owner-steps.ts): 40 of the default 200.
  newRecoveryKey: 0.2,
}

/**
 * Every command above at the default run count and more (unchanged); in a shorter run, those it
 * should do at least five times (a miss by chance then under 1 %), so SYNC_RUNS=20 still checks
 * that customers, sales, check-ins, merges and conflict answers were saved, not only refused.
 */
function requiredCommands(runs: number): string[] {
  return Object.entries(OK_PER_SCHEDULE)
    .filter(([, rate]) => runs >= DEFAULT_RUNS || rate * runs >= 5)
    .map(([command]) => command)
}

const tally = (memory: Memory, outcome: string) => memory.outcomes.set(outcome, (memory.outcomes.get(outcome) ?? 0) + 1)

/** Store numbers beyond this schedule's count wrap around. */
function clamp(step: Step, count: number): Step {
  if (step.kind === 'deliver') return { ...step, from: step.from % count, to: step.to % count }
  if ('store' in step) return { ...step, store: step.store % count }
  return step
}

describe('stores that exchange entries in any order', () => {
  it(`end in the same state (${RUNS} schedules)`, async () => {
    const started = Date.now()
    const cpu = process.cpuUsage()
    await fc.assert(
      fc.asyncProperty(schedule, async ({ count, skews, steps }) => converge(count, skews, steps)),
      { numRuns: RUNS, seed: SEED, path: process.env.SYNC_PATH, endOnFailure: !process.env.SYNC_SHRINK },
    )
    // The test process's CPU (SQLite's threads included): what to compare on a shared machine.
    const { user, system } = process.cpuUsage(cpu)
    console.log(`${schedules} sync schedules in ${((Date.now() - started) / 1000).toFixed(1)} s (test process CPU ${((user + system) / 1e6).toFixed(1)} s)`)
    if (process.env.SYNC_REPORT) console.log(JSON.stringify(Object.fromEntries([...totals].sort().map(([k, n]) => [k, [n, firstSeen.get(k)]])), null, 1))
    // The schedules saved customers, sales and erasures, not only refusals.
    for (const command of requiredCommands(RUNS)) expect(totals.get(`${command} ok`) ?? 0, command).toBeGreaterThan(0)
  }, 1_800_000)
})
