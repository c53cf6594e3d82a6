/**
 * `npm run bench:mail [-- --json FILE] [--messages N] [--receipts N] [--fresh] [--drain-only | --search-only]`:
 * 1,000 queued receipt emails drain through a local SMTP server while the desk's commands are
 * timed against the same commands with the outbox idle; then the Receipts screen's searches on
 * the metrics benchmark's store of 10,000,000 receipts (.tmp/bench-metrics, shared and cached).
 */
import { mkdirSync, writeFileSync } from 'node:fs'
import { cpus, loadavg } from 'node:os'
import { dirname, resolve } from 'node:path'
import { drainBench, type DrainResult } from './drain'
import { searchBench } from './search'

const args = process.argv.slice(2)
const option = (name: string) => (args.includes(name) ? args[args.indexOf(name) + 1] : undefined)
const jsonFile = option('--json')
const MESSAGES = Number(option('--messages') ?? 1000)
const RECEIPTS = Number(option('--receipts') ?? 10_000_000)
const TARGETS = { drainSeconds: 30, duringDrainRatio: 2, searchByNumberMs: 10 }
const log = (line: string) => process.stdout.write(`${line}\n`)

function drainTable(d: DrainResult) {
  log('')
  log(`Outbox drain: ${d.messages.toLocaleString('en')} messages (${d.receipts} receipts, PDF attached) in ${d.drainSeconds} s; a bare nodemailer pool sends the same bytes in ${d.rawSeconds} s (${Math.round((d.drainSeconds / d.rawSeconds) * 100) / 100}×).`)
  log(`Delivered ${d.delivered.toLocaleString('en')} distinct messages, ${d.duplicates} duplicates. Queueing one (receipts:send, rendering included): p50 ${d.queueing.p50} ms, p95 ${d.queueing.p95} ms.`)
  log(`Event-loop delay during the drain: p99 ${d.eventLoopDelayMs.p99} ms, max ${d.eventLoopDelayMs.max} ms.`)
  log('')
  log('| command | idle p50 | idle p95 | during drain p50 | during drain p95 | ratio p50 | ratio p95 |')
  log('| --- | ---: | ---: | ---: | ---: | ---: | ---: |')
  for (const c of d.commands) log(`| ${c.name} | ${c.idle.p50} | ${c.idle.p95} | ${c.duringDrain.p50} | ${c.duringDrain.p95} | ${c.ratioP50}× | ${c.ratioP95}× |`)
}

async function main() {
  const loadBefore = loadavg()[0]
  const drain = args.includes('--search-only') ? null : await drainBench({ messages: MESSAGES, receipts: 20 }, log)
  if (drain) drainTable(drain)
  const search = args.includes('--drain-only')
    ? null
    : await searchBench({ dir: resolve('.tmp/bench-metrics'), receipts: RECEIPTS, fresh: args.includes('--fresh'), runs: 100 }, log)
  if (search) {
    log('')
    log(`Receipts search on ${search.receipts.toLocaleString('en')} receipts${search.generatedInSeconds ? ` (store generated in ${search.generatedInSeconds} s)` : ''}, 100 runs each, ms:`)
    log('')
    log('| search | rows | core p50 | core p95 | raw SQL p50 | raw SQL p95 | core ÷ raw (p50) |')
    log('| --- | ---: | ---: | ---: | ---: | ---: | ---: |')
    for (const c of search.cases) log(`| ${c.label} | ${c.rows} | ${c.core.p50} | ${c.core.p95} | ${c.raw.p50} | ${c.raw.p95} | ${c.ratioP50}× |`)
  }
  const load = { cpus: cpus().length, before: loadBefore, after: loadavg()[0] }
  const byNumber = search?.cases.filter((c) => c.label.startsWith('by number') && !c.label.includes('cold')) ?? []
  const verdict = {
    drainWithin30s: drain ? drain.drainSeconds <= TARGETS.drainSeconds : null,
    noDuplicates: drain ? drain.duplicates === 0 && drain.delivered === drain.messages : null,
    commandsWithin2xDuringDrainP50: drain ? drain.commands.every((c) => c.ratioP50 <= TARGETS.duringDrainRatio) : null,
    commandsWithin2xDuringDrainP95: drain ? drain.commands.every((c) => c.ratioP95 <= TARGETS.duringDrainRatio) : null,
    searchByNumberWithin10ms: search ? byNumber.every((c) => c.core.p95 <= TARGETS.searchByNumberMs) : null,
  }
  const met = (ok: boolean | null) => (ok === null ? 'not run' : ok ? 'met' : 'MISSED')
  log('')
  log(`Machine: ${load.cpus} CPUs, load average ${load.before.toFixed(1)} before, ${load.after.toFixed(1)} after.`)
  log(
    `Targets: drain ≤ ${TARGETS.drainSeconds} s ${met(verdict.drainWithin30s)}; every message once ${met(verdict.noDuplicates)}; ` +
      `commands during the drain ≤ ${TARGETS.duringDrainRatio}× idle: p50 ${met(verdict.commandsWithin2xDuringDrainP50)}, p95 ${met(verdict.commandsWithin2xDuringDrainP95)}; ` +
      `by number ≤ ${TARGETS.searchByNumberMs} ms (p95, pages in memory) ${met(verdict.searchByNumberWithin10ms)}.`,
  )
  if (jsonFile) {
    mkdirSync(dirname(resolve(jsonFile)), { recursive: true })
    writeFileSync(jsonFile, JSON.stringify({ load, targets: TARGETS, drain, search, verdict }, null, 2))
    log(`Wrote ${jsonFile}`)
  }
}

main().catch((error) => {
  console.error(error)
  process.exit(1)
})
