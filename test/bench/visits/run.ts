/**
 * `npm run bench:visits [-- --json FILE] [--fresh] [--customers N] [--visits N]`: the Today
 * screen, check-in and check-out (issue 12) on a store of 1,000,000 customers and 5,000,000
 * visits, each against raw SQLite doing the same job in the same run. The generated store is
 * kept in .tmp/bench-visits (about 2.5 GB); --fresh builds it again, --generate-only only builds it.
 */
import { mkdirSync, writeFileSync } from 'node:fs'
import { cpus, loadavg } from 'node:os'
import { dirname, join, resolve } from 'node:path'
import { createCore, DATABASE_FILE } from '../../../electron/core'
import { addDays, localDateOf, startOfLocalDay } from '../../../electron/core/time/local-dates'
import { OWNER, STORE, TEST_KDF } from '../../support/core'
import { benchOptions } from '../options'
import { RawSqlite } from '../raw-sqlite'
import { time, timeByTurns, type Timing } from '../timing'
import { openVisitsBenchStore } from './generate'
import { rawVisits } from './raw-visits'

const RUNS = 200
const TARGETS = { ms: 10, rawRatio: 2 }
const DIR = resolve('.tmp/bench-visits')
const options = benchOptions()
const VISITS = Number(options.option('--visits') ?? 5_000_000)
const log = (line: string) => process.stdout.write(`${line}\n`)

/** 09:00, 09:15, … for the 0th, 1st, … appointment. */
const quarterPast9 = (i: number) => `${String(9 + Math.floor(i / 4)).padStart(2, '0')}:${String((i % 4) * 15).padStart(2, '0')}`

async function main() {
  const store = await openVisitsBenchStore(DIR, { customers: options.customers, visits: VISITS, fresh: process.argv.includes('--fresh') }, log)
  // --generate-only builds (or keeps) the store and stops: the measuring run reuses it.
  if (process.argv.includes('--generate-only')) return
  // The store's clock starts at 08:00 today and runs on: the day's appointments (09:00 on) are
  // still ahead whenever the bench runs, as scheduling asks.
  const date = localDateOf(new Date(), STORE.timeZone)
  const opening = Date.parse(startOfLocalDay(date, STORE.timeZone)) + 8 * 3600_000
  const started = Date.now()
  const now = () => new Date(opening + (Date.now() - started))
  const core = await createCore({ dataDir: DIR, kdf: TEST_KDF, log: () => {}, automaticBackups: false, now })
  const session = 'bench'
  const login = await core.dispatch('auth:login', { username: OWNER.username, password: OWNER.password }, session)
  if (!login.ok) throw new Error(`login failed: ${JSON.stringify(login.error)}`)
  const call = async (command: string, input: object) => {
    const answer = await core.dispatch(command as never, input as never, session)
    if (!answer.ok) throw new Error(`${command}: ${JSON.stringify(answer.error)}`)
    return answer.data
  }
  const raw = await RawSqlite.open(join(DIR, DATABASE_FILE))
  await raw.exec('PRAGMA foreign_keys = ON; PRAGMA synchronous = FULL; PRAGMA busy_timeout = 5000; PRAGMA cache_size = -65536')
  const hand = rawVisits(raw, store.storeId, store.ownerId)
  // Customers by number: 1–40 are in the store today; the core checks in and out some from the first half, raw SQL as many from the second.
  const customerNo = async (n: number): Promise<string> => (await core.services.db('customers').where({ customer_number: n }).first('id')).id

  // A day at the desk: 40 customers in, 20 of them gone again, 20 appointments (the owner's, a quarter of an hour apart).
  for (let n = 1; n <= 40; n++) {
    const id = await customerNo(n)
    const status = (await call('visits:status', { customerId: id })) as { visit: unknown }
    if (!status.visit) await call('visits:checkIn', { customerId: id })
    if (n <= 20) await call('visits:checkOut', { customerId: id })
    if (n > 20) await call('appointments:schedule', { customerId: id, date, time: quarterPast9(n - 21), staffId: store.ownerId, note: '' })
  }
  const dayStart = startOfLocalDay(date, STORE.timeZone)
  const dayEnd = startOfLocalDay(addDays(date, 1), STORE.timeZone)
  const today = (await call('visits:today', {})) as { inStore: unknown[]; appointments: unknown[]; checkedOutTotal: number }
  const [rawIn, rawAppointments, , rawLeft] = await hand.today(date, dayStart, dayEnd)
  if (rawIn.length !== today.inStore.length || rawAppointments.length !== today.appointments.length || (rawLeft[0] as { n: number }).n !== today.checkedOutTotal) {
    throw new Error('core and raw SQL disagree about today')
  }

  const loadBefore = loadavg()[0]
  // Core and raw SQL by turns: a burst of other work on this shared machine slows both alike.
  const [todayCore, todayRaw] = await timeByTurns(RUNS, () => call('visits:today', {}), () => hand.today(date, dayStart, dayEnd))
  const half = Math.floor(store.customers / 2)
  const base = 1000 + Math.floor(Math.random() * (half - 1000 - 2 * RUNS))
  const coreIds: string[] = []
  const rawIds: string[] = []
  for (let i = 0; i < RUNS + 5; i++) {
    coreIds.push(await customerNo(base + i))
    rawIds.push(await customerNo(base + half + i))
  }
  const at = (i: number) => (i < 0 ? RUNS - 1 - i : i)
  const [checkInCore, checkInRaw] = await timeByTurns(
    RUNS,
    (i) => call('visits:checkIn', { customerId: coreIds[at(i)] }),
    (i) => hand.checkIn(rawIds[at(i)], date),
  )
  const [checkOutCore, checkOutRaw] = await timeByTurns(
    RUNS,
    (i) => call('visits:checkOut', { customerId: coreIds[at(i)] }),
    (i) => hand.checkOut(rawIds[at(i)]),
  )
  // What any write costs on this disk: one row in one transaction, committed with the same pragmas.
  const floor = await time(RUNS, (i) => core.services.db.transaction((trx) => trx('meta').insert({ key: `bench-floor-${Date.now()}-${i}`, value: '' })))
  await core.services.db('meta').where('key', 'like', 'bench-floor-%').delete()
  const load = { cpus: cpus().length, before: loadBefore, after: loadavg()[0] }
  const [{ visits }] = await raw.all<{ visits: number }>('SELECT COUNT(*) AS visits FROM visits')
  await raw.close()
  await core.close()

  const ratio = (c: Timing, r: Timing) => Math.round((c.p50 / r.p50) * 100) / 100
  const rows = [
    { what: `visits:today (${today.inStore.length} in, ${today.appointments.length} appointments, ${today.checkedOutTotal} left)`, core: todayCore, raw: todayRaw },
    { what: 'visits:checkIn (a new deal where none is active)', core: checkInCore, raw: checkInRaw },
    { what: 'visits:checkOut', core: checkOutCore, raw: checkOutRaw },
  ].map((row) => ({ ...row, ratio: ratio(row.core, row.raw) }))
  const verdict = { within10ms: rows.every((r) => r.core.p95 <= TARGETS.ms), within2xRaw: rows.every((r) => r.ratio <= TARGETS.rawRatio) }
  log('')
  log(`Store: ${store.customers.toLocaleString('en')} customers, ${visits.toLocaleString('en')} visits (generated in ${store.generatedInSeconds} s).`)
  log(`Load average ${load.before.toFixed(1)} before, ${load.after.toFixed(1)} after, on ${load.cpus} CPUs.`)
  log('')
  log('| what | core p50 ms | core p95 ms | raw SQL p50 ms | raw SQL p95 ms | core ÷ raw (p50) |')
  log('| --- | ---: | ---: | ---: | ---: | ---: |')
  for (const r of rows) log(`| ${r.what} | ${r.core.p50} | ${r.core.p95} | ${r.raw.p50} | ${r.raw.p95} | ${r.ratio}× |`)
  log(`| floor: commit of a one-row transaction (fsync) | ${floor.p50} | ${floor.p95} | – | – | – |`)
  log('')
  log(`Targets: ≤ ${TARGETS.ms} ms (p95) ${verdict.within10ms ? 'met' : 'MISSED'}; ≤ ${TARGETS.rawRatio}× raw SQL ${verdict.within2xRaw ? 'met' : 'MISSED'}.`)
  if (options.jsonFile) {
    mkdirSync(dirname(resolve(options.jsonFile)), { recursive: true })
    writeFileSync(options.jsonFile, JSON.stringify({ store: { ...store, visitsNow: visits }, load, targets: TARGETS, rows, commitFloor: floor, verdict }, null, 2))
    log(`Wrote ${options.jsonFile}`)
  }
}

main().catch((error) => {
  console.error(error)
  process.exit(1)
})
