/**
 * `npm run bench:metrics [-- --json FILE] [--fresh] [--receipts N]`: the customer metrics page and saving
 * a sale, on a store of 10,000,000 receipts where one customer has 10,000. The generated
 * database is cached in .tmp/bench-metrics (about 3 GB); --fresh rebuilds it.
 */
import { mkdirSync, writeFileSync } from 'node:fs'
import { cpus, loadavg } from 'node:os'
import { dirname, join, resolve } from 'node:path'
import { createCore, DATABASE_FILE } from '../../../electron/core'
import type { ResolvedPeriod } from '../../../electron/contract/period'
import { CONNECTION_PRAGMAS } from '../../../electron/core/db/connection'
import { OWNER } from '../../support/core'
import { captured } from '../capture'
import { RawSqlite } from '../raw-sqlite'
import { time, timeByTurns, type Timing } from '../timing'
import { openBenchStore, type BenchStore } from './generate-store'
import { rawCustomerMetrics } from './raw-metrics'
import { rawSale } from './raw-sale'

const HEAVY_RECEIPTS = 10_000
const METRIC_RUNS = 100
const SALE_RUNS = 300
/** Metrics: at most 30 ms, and (p50) at most twice raw SQL or raw SQL + 1 ms, whichever is larger. */
const TARGETS = { metricsMs: 30, rawRatio: 2, rawPlusMs: 1, saleMs: 5 }
const withinRaw = (core: Timing, raw: Timing) => core.p50 <= Math.max(TARGETS.rawRatio * raw.p50, raw.p50 + TARGETS.rawPlusMs)
const DIR = resolve('.tmp/bench-metrics')

const args = process.argv.slice(2)
const jsonFile = args.includes('--json') ? args[args.indexOf('--json') + 1] : null
/** `--receipts N` for a quick try on a smaller store; the target is 10,000,000. */
const RECEIPTS = args.includes('--receipts') ? Number(args[args.indexOf('--receipts') + 1]) : 10_000_000
const log = (line: string) => process.stdout.write(`${line}\n`)

function saleInput(store: BenchStore, i: number) {
  const price = 1000 + (Math.abs(i) % 50) * 37
  const total = 2 * price + Math.round((2 * price * 8875) / 100_000) + 450
  return {
    customerId: store.buyerId,
    items: [
      { name: 'Coffee beans', quantity: 2, unitPriceMinor: price, taxRateId: store.taxRateId },
      { name: 'Postcard', quantity: 3, unitPriceMinor: 150, taxRateId: null },
    ],
    payments: [
      { method: 'card', amountMinor: 1000, reference: '4242' },
      { method: 'cash', amountMinor: total - 1000 + 500 },
    ],
  }
}

async function main() {
  const { store, generatedInSeconds } = await openBenchStore(DIR, { receipts: RECEIPTS, heavyReceipts: HEAVY_RECEIPTS, fresh: args.includes('--fresh') }, log)
  const core = await createCore({ dataDir: DIR, log, automaticBackups: false })
  const session = 'bench'
  const login = await core.dispatch('auth:login', { username: OWNER.username, password: OWNER.password }, session)
  if (!login.ok) throw new Error(`login failed: ${JSON.stringify(login.error)}`)
  const raw = await RawSqlite.open(join(DIR, DATABASE_FILE))
  await raw.exec(CONNECTION_PRAGMAS)
  const rawMetrics = rawCustomerMetrics(raw)

  // These machines are shared: the load around the measurements says how much to trust a p95.
  const loadBefore = loadavg()[0]
  const periods: { label: string; input: { period: 'custom' | 'thisYear' | 'last30Days'; from?: string; to?: string } }[] = [
    { label: `all ${HEAVY_RECEIPTS.toLocaleString('en')} receipts (3 years)`, input: { period: 'custom', from: store.firstDay, to: store.lastDay } },
    { label: 'this year', input: { period: 'thisYear' } },
    { label: 'last 30 days', input: { period: 'last30Days' } },
  ]
  const metrics: { label: string; period: ResolvedPeriod; receiptsInPeriod: number; core: Timing; raw: Timing; ratio: number }[] = []
  for (const { label, input } of periods) {
    const request = { customerId: store.heavyCustomerId, ...input }
    const answer = await core.dispatch('metrics:customer', request, session)
    if (!answer.ok) throw new Error(`metrics:customer failed: ${JSON.stringify(answer.error)}`)
    const data = answer.data as { period: ResolvedPeriod; tiles: { visits: number }; sales: { saleAmountMinor: number }[] }
    const check = await rawMetrics(store.storeId, store.heavyCustomerId, data.period, 25)
    if (check.figures.sales[0].saleAmountMinor !== data.sales[0].saleAmountMinor || check.visits !== data.tiles.visits) {
      throw new Error(`core and raw SQL disagree for ${label}`)
    }
    const counted = await raw.all<{ n: number }>('SELECT COUNT(*) AS n FROM receipts WHERE customer_id = ? AND local_date BETWEEN ? AND ?', [
      store.heavyCustomerId, data.period.from, data.period.to,
    ])
    const [coreTiming, rawTiming] = await timeByTurns(
      METRIC_RUNS,
      () => core.dispatch('metrics:customer', request, session),
      () => rawMetrics(store.storeId, store.heavyCustomerId, data.period, 25),
    )
    metrics.push({ label, period: data.period, receiptsInPeriod: counted[0].n, core: coreTiming, raw: rawTiming, ratio: Math.round((coreTiming.p50 / rawTiming.p50) * 100) / 100 })
  }

  const sell = async (i: number) => {
    const result = await core.dispatch('sales:create', saleInput(store, i), session)
    if (!result.ok) throw new Error(`sales:create failed: ${JSON.stringify(result.error)}`)
  }
  // Raw SQL saves the same sale: the statements one core sale ran, replayed with new ids
  // (captured after a first sale, so what was read once and kept is not replayed).
  await sell(-100)
  const statements = await captured(core.services.db, () => sell(0))
  const rawSell = rawSale(raw, statements)
  const [saving, rawSaving] = await timeByTurns(SALE_RUNS, sell, rawSell)
  // The same raw replay with synchronous = NORMAL (no fsync at each commit in WAL mode), by
  // turns with FULL: how much of a sale is this disk's fsync. The app keeps FULL by design:
  // a sale the cashier saw saved must survive a power cut.
  const rawNormal = await RawSqlite.open(join(DIR, DATABASE_FILE))
  await rawNormal.exec(CONNECTION_PRAGMAS.replace('synchronous = FULL', 'synchronous = NORMAL'))
  const [rawFull, rawNoSync] = await timeByTurns(SALE_RUNS, rawSale(raw, statements), rawSale(rawNormal, statements))
  await rawNormal.close()
  // The replays wrote the captured balance back each time: the cached balance is made the ledger's sum again.
  await raw.run('UPDATE customers SET loyalty_points = (SELECT COALESCE(SUM(points), 0) FROM loyalty_ledger WHERE customer_id = ?) WHERE id = ?', [
    store.buyerId,
    store.buyerId,
  ])
  // What any write costs on this disk: one row in one transaction, committed with the same
  // pragmas (WAL, synchronous = FULL). The part of a sale's time no code change can remove.
  const floor = await time(SALE_RUNS, (i) =>
    core.services.db.transaction((trx) => trx('meta').insert({ key: `bench-floor-${Date.now()}-${i}`, value: '' })),
  )
  await core.services.db('meta').where('key', 'like', 'bench-floor-%').delete()
  const load = { cpus: cpus().length, before: loadBefore, after: loadavg()[0] }
  const total = await raw.all<{ n: number }>('SELECT COUNT(*) AS n FROM receipts')
  await raw.close()
  await core.close()

  const [headline] = metrics
  const verdict = {
    metricsWithin30ms: metrics.every((m) => m.core.p95 <= TARGETS.metricsMs),
    withinRaw: metrics.every((m) => withinRaw(m.core, m.raw)),
    saleWithin5ms: saving.p95 <= TARGETS.saleMs,
  }
  const rows: [string, Timing, Timing | null, string][] = [
    ...metrics.map((m): [string, Timing, Timing, string] => [`metrics:customer, ${m.label} (${m.receiptsInPeriod.toLocaleString('en')} in period)`, m.core, m.raw, `${m.ratio}×`]),
    ['sales:create (2 items, tax, split payment, points)', saving, rawSaving, `${Math.round((saving.p50 / rawSaving.p50) * 100) / 100}×`],
    ['raw sale, synchronous = FULL (the app\'s)', rawFull, null, ''],
    ['raw sale, synchronous = NORMAL (no fsync per commit; not used)', rawNoSync, null, ''],
    ['floor: commit of a one-row transaction (fsync)', floor, null, ''],
  ]
  log('')
  log(`Store: ${total[0].n.toLocaleString('en')} receipts, ${store.fillerCustomers.toLocaleString('en')} other customers; measured customer: ${HEAVY_RECEIPTS.toLocaleString('en')} receipts.`)
  if (generatedInSeconds !== null) log(`Generated in ${generatedInSeconds} s.`)
  log(`Load average ${load.before.toFixed(1)} before, ${load.after.toFixed(1)} after, on ${load.cpus} CPUs.`)
  log('')
  log('| what | core p50 ms | core p95 ms | core CPU ms | raw SQL p50 ms | raw SQL p95 ms | raw CPU ms | core ÷ raw (p50) |')
  log('| --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: |')
  for (const [what, c, r, ratio] of rows) {
    log(`| ${what} | ${c.p50} | ${c.p95} | ${c.cpuMs} | ${r ? r.p50 : '–'} | ${r ? r.p95 : '–'} | ${r ? r.cpuMs : '–'} | ${ratio || '–'} |`)
  }
  log('')
  log(`Targets: metrics ≤ ${TARGETS.metricsMs} ms (p95) ${verdict.metricsWithin30ms ? 'met' : 'MISSED'}; ≤ ${TARGETS.rawRatio}× raw SQL or raw + ${TARGETS.rawPlusMs} ms (p50) ${verdict.withinRaw ? 'met' : 'MISSED'}; sale ≤ ${TARGETS.saleMs} ms (p95) ${verdict.saleWithin5ms ? 'met' : 'MISSED'}.`)
  if (jsonFile) {
    mkdirSync(dirname(resolve(jsonFile)), { recursive: true })
    writeFileSync(
      jsonFile,
      JSON.stringify({ store: { ...store, receiptsNow: total[0].n }, generatedInSeconds, load, targets: TARGETS, metrics, saleSave: saving, rawSaleSave: rawSaving, rawSaleFull: rawFull, rawSaleNormal: rawNoSync, commitFloor: floor, headline: headline.core, verdict }, null, 2),
    )
    log(`Wrote ${jsonFile}`)
  }
}

main().catch((error) => {
  console.error(error)
  process.exit(1)
})
