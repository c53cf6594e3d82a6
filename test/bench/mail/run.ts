/**
 * `npm run bench:mail [-- --json FILE] [--messages N] [--receipts N] [--fresh] [--drain-only]`:
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
  log(`Draining ${MESSAGES} queued receipt emails…`)
  const drain = await drainBench({ messages: MESSAGES, receipts: 20 }, log)
  drainTable(drain)
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
  const byNumber = search?.cases.filter((c) => c.label.startsWith('by number')) ?? []
  const verdict = {
    drainWithin30s: drain.drainSeconds <= TARGETS.drainSeconds,
    noDuplicates: drain.duplicates === 0 && drain.delivered === drain.messages,
    commandsWithin2xDuringDrainP50: drain.commands.every((c) => c.ratioP50 <= TARGETS.duringDrainRatio),
    commandsWithin2xDuringDrainP95: drain.commands.every((c) => c.ratioP95 <= TARGETS.duringDrainRatio),
    searchByNumberWithin10ms: search ? byNumber.every((c) => c.core.p95 <= TARGETS.searchByNumberMs) : null,
  }
  log('')
  log(`Machine: ${load.cpus} CPUs, load average ${load.before.toFixed(1)} before, ${load.after.toFixed(1)} after.`)
  log(
    `Targets: drain ≤ ${TARGETS.drainSeconds} s ${verdict.drainWithin30s ? 'met' : 'MISSED'}; every message once ${verdict.noDuplicates ? 'met' : 'MISSED'}; ` +
      `commands during the drain ≤ ${TARGETS.duringDrainRatio}× idle: p50 ${verdict.commandsWithin2xDuringDrainP50 ? 'met' : 'MISSED'}, p95 ${verdict.commandsWithin2xDuringDrainP95 ? 'met' : 'MISSED'}` +
      (search ? `; by number ≤ ${TARGETS.searchByNumberMs} ms (p95) ${verdict.searchByNumberWithin10ms ? 'met' : 'MISSED'}.` : '.'),
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
