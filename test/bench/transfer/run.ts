/**
 * `npm run bench:transfer [-- --json FILE] [--customers N]`: customer import (and, once folded
 * in, export) timed through the core's commands, against raw SQLite doing the same job in the
 * same run, as a ratio.
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import { cpus, loadavg, tmpdir } from 'node:os'
import { join } from 'node:path'
import { benchOptions } from '../options'
import { benchImport } from './import'

const { option, jsonFile } = benchOptions()
const ROWS = Number(option('--customers') ?? 100_000)
const TARGET_MS = 15_000
const log = (line: string) => process.stdout.write(`${line}\n`)
const s = (ms: number) => (ms / 1000).toFixed(2)

async function main() {
  const root = mkdtempSync(join(tmpdir(), 'backroom-bench-transfer-'))
  try {
    log(`Machine: ${cpus().length} cores, load average ${loadavg().map((l) => l.toFixed(1)).join(' / ')} at the start`)
    const result = await benchImport(join(root, 'core'), join(root, 'raw'), ROWS)
    log(`\nImport of ${ROWS.toLocaleString('en-US')} rows (${(result.fileBytes / 1e6).toFixed(1)} MB CSV): ${result.saved.toLocaleString('en-US')} saved, ${result.withErrors} rows with errors left out, ${result.duplicates.toLocaleString('en-US')} likely duplicates reported\n`)
    log('| step                              | seconds |')
    log('|-----------------------------------|---------|')
    for (const step of result.steps) log(`| ${step.step.padEnd(33)} | ${s(step.ms).padStart(7)} |`)
    log(`| **whole import** (target ≤ ${TARGET_MS / 1000} s)   | ${s(result.totalMs).padStart(7)} |`)
    log(`| raw SQLite: plain INSERTs, one tx  | ${s(result.rawMs).padStart(7)} |`)
    log(`\nRatio import / raw inserts: ${result.ratio.toFixed(2)}; target ${result.totalMs <= TARGET_MS ? 'met' : 'MISSED'}; load average ${loadavg()[0].toFixed(1)} at the end`)
    if (jsonFile) writeFileSync(jsonFile, JSON.stringify({ import: result, loadavg: loadavg() }, null, 2))
  } finally {
    rmSync(root, { recursive: true, force: true })
  }
}

main().catch((error) => {
  console.error(error)
  process.exit(1)
})
