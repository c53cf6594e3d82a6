import { cpus } from 'node:os'
import type { TransferResult } from './rows'

export interface TransferReport {
  customers: number
  loadSeconds: number
  /** The machine's 5-minute load average as the run ended: other work slows every figure. */
  loadAverageAtEnd: number
  results: TransferResult[]
}

function table(head: string[], rows: string[][]): string {
  const widths = head.map((h, i) => Math.max(h.length, ...rows.map((r) => r[i].length)))
  const line = (cells: string[]) => `| ${cells.map((c, i) => c.padEnd(widths[i])).join(' | ')} |`
  return [line(head), `|${widths.map((w) => '-'.repeat(w + 2)).join('|')}|`, ...rows.map(line)].join('\n')
}

const mb = (bytes: number) => (bytes / 1e6).toFixed(1)

/** The run as a Markdown table, ready for the README: seconds, ratio to raw SQLite, peak memory, targets. */
export function printTransferReport(r: TransferReport, log: (line: string) => void): void {
  const scale = r.customers / 1_000_000
  log('')
  log(`Customers: ${r.customers.toLocaleString('en')} (${Number.isNaN(r.loadSeconds) ? 'a kept store, not loaded in this run' : `loaded in ${r.loadSeconds.toFixed(1)} s`}); ${cpus().length} CPUs, load average ${r.loadAverageAtEnd.toFixed(1)}`)
  log('')
  log(
    table(
      ['Row', 'Rows', 'Core s', 'Raw s', 'Core ÷ raw', 'Core / raw CPU s', 'Core peak RSS MB (rise)', 'Raw peak RSS MB (rise)', 'File MB', 'Target', 'Met'],
      r.results.map((x) => {
        const seconds = x.target.secondsAtMillion * scale
        const met = x.core.seconds <= seconds && x.core.peakRssMb <= x.target.rssMb
        return [
          x.label,
          x.core.rows.toLocaleString('en'),
          x.core.seconds.toFixed(2),
          x.raw.seconds.toFixed(2),
          (x.core.seconds / x.raw.seconds).toFixed(2),
          `${x.core.cpuSeconds.toFixed(2)} / ${x.raw.cpuSeconds.toFixed(2)}`,
          `${x.core.peakRssMb.toFixed(0)} (+${x.core.riseMb.toFixed(0)})`,
          `${x.raw.peakRssMb.toFixed(0)} (+${x.raw.riseMb.toFixed(0)})`,
          mb(x.core.bytes),
          `≤ ${seconds.toFixed(1)} s, ≤ ${x.target.rssMb} MB`,
          met ? 'ok' : 'MISSED',
        ]
      }),
    ),
  )
  log('')
  log('Targets: 1,000,000 customers to CSV in ≤ 10 s, to .xlsx in ≤ 60 s, at most 300 MB resident; seconds scale with the customers of the run.')
}
