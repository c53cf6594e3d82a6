/**
 * `npm run bench:transfer [-- --customers N] [--json FILE] [--keep | --reuse DIR] [--only export|import|csv|xlsx]`: N (100,000) generated customers in
 * a temporary store, then each transfer row: the core's export (through dispatch, as the
 * renderer starts and polls it) against raw SQLite reading the same rows and writing them with
 * plain fs, in the same run, with the peak resident memory of each. Rows live in their own
 * files (export.ts; the import rows join them), this file only runs and reports them.
 * `--keep` leaves the store in its folder; `--reuse DIR` measures it again without loading, so
 * the peak memory is the transfer's alone.
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import { loadavg, tmpdir } from 'node:os'
import { join } from 'node:path'
import { benchOptions } from '../options'
import { EXPORT_ROWS } from './export'
import { IMPORT_ROWS } from './import-row'
import { printTransferReport, type TransferReport } from './report'
import type { TransferResult, TransferRow } from './rows'
import { openBenchStore } from './store'

const options = benchOptions()
const CUSTOMERS = Number(options.option('--customers') ?? 100_000)
const log = (line: string) => process.stdout.write(`${line}\n`)
/**
 * `--only export` or `--only import` runs those rows alone (a kept store of a million measured for
 * its export); `--only csv`, `xlsx`: one format, so its memory is measured in a process of its own.
 */
const only = options.option('--only')
const ROWS: TransferRow[] = [...EXPORT_ROWS, ...IMPORT_ROWS].filter((row) => !only || row.groups.includes(only))

async function main() {
  const store = await openBenchStore(CUSTOMERS, log, options.reuseDir)
  const folder = mkdtempSync(join(tmpdir(), 'backroom-bench-files-'))
  try {
    const results: TransferResult[] = []
    for (const row of ROWS) {
      log(`${row.label}…`)
      results.push({ label: row.label, target: row.target, ...(await row.measure(store, folder)) })
    }
    const report: TransferReport = { customers: store.customers, loadSeconds: store.loadSeconds, loadAverageAtEnd: loadavg()[1], results }
    printTransferReport(report, log)
    if (options.jsonFile) writeFileSync(options.jsonFile, JSON.stringify(report, null, 2))
  } finally {
    await store.core.close()
    rmSync(folder, { recursive: true, force: true })
    if (options.keep) log(`Store kept in ${store.dir} (measure it again with --reuse ${store.dir})`)
    else rmSync(store.dir, { recursive: true, force: true })
  }
}

main().catch((error) => {
  console.error(error)
  process.exitCode = 1
})
