import { cpus } from 'node:os'

export interface Stats {
  p50: number
  p95: number
}

/** One command measured: milliseconds through the core and for the same SQL on a bare connection. */
export interface Measured {
  core: Stats
  raw: Stats
  rows: number
  total: number
  totalIsCapped: boolean
  statements: number
}

export interface Report {
  customers: number
  /** The machine's 5-minute load average as the run ended: other work slows every figure. */
  loadAverageAtEnd: number
  loadSeconds: number
  memoryMb: { beforeLoad: number; beforeQueries: number; afterWarmup: number; afterQueries: number }
  searchOverall: { core: Stats; raw: Stats }
  search: (Measured & { label: string; query: string })[]
  pages: { sort: string; direction: string; first: Measured; deep: Measured }[]
  defaultView: Measured
}

export const TARGETS = { loadSeconds: 120, searchP95Ms: 15, rawRatio: 2, pageMs: 10 }

const ms = (value: number) => value.toFixed(2)
const ratio = (m: { core: Stats; raw: Stats }) => (m.core.p95 / m.raw.p95).toFixed(2)
const count = (m: Measured) => `${m.total.toLocaleString('en')}${m.totalIsCapped ? '+' : ''}`
const verdict = (ok: boolean) => (ok ? 'ok' : 'MISSED')

function table(head: string[], rows: string[][]): string {
  const widths = head.map((h, i) => Math.max(h.length, ...rows.map((r) => r[i].length)))
  const line = (cells: string[]) => `| ${cells.map((c, i) => c.padEnd(widths[i])).join(' | ')} |`
  return [line(head), `|${widths.map((w) => '-'.repeat(w + 2)).join('|')}|`, ...rows.map(line)].join('\n')
}

/** The benchmark's result as Markdown tables, ready for the README and the note. */
export function printReport(r: Report, log: (line: string) => void): void {
  const worstPage = Math.max(...r.pages.flatMap((p) => [p.first.core.p95, p.deep.core.p95]))
  log('')
  const loaded = Number.isNaN(r.loadSeconds)
    ? 'not loaded in this run (--reuse)'
    : `loaded in ${r.loadSeconds.toFixed(1)} s (target ≤ ${TARGETS.loadSeconds} s: ${verdict(r.loadSeconds <= TARGETS.loadSeconds)})`
  log(`Customers: ${r.customers.toLocaleString('en')}, ${loaded}`)
  log(`Machine: ${cpus().length} cores, 5-minute load average ${r.loadAverageAtEnd} at the end of the run`)
  const m = r.memoryMb
  log(`RSS: ${m.beforeLoad} MB before loading, ${m.beforeQueries} MB before the queries, ${m.afterWarmup} MB after one warm-up pass (page caches filled), ${m.afterQueries} MB after all ${r.search.length + r.pages.length * 2 + 1} measured commands × 30 runs`)
  const o = r.searchOverall
  log(
    `Search over ${r.search.length} queries: p50 ${ms(o.core.p50)} ms, p95 ${ms(o.core.p95)} ms (target ≤ ${TARGETS.searchP95Ms}: ${verdict(o.core.p95 <= TARGETS.searchP95Ms)}); ` +
      `raw p95 ${ms(o.raw.p95)} ms, ratio ${ratio(o)} (target ≤ ${TARGETS.rawRatio}: ${verdict(o.core.p95 <= TARGETS.rawRatio * o.raw.p95)})`,
  )
  log(`Pages: slowest p95 ${ms(worstPage)} ms (target ≤ ${TARGETS.pageMs}: ${verdict(worstPage <= TARGETS.pageMs)})`)
  log('')
  log(
    table(
      ['search (all time)', 'typed', 'matches', 'core p50', 'core p95', 'raw p50', 'raw p95', 'ratio p95'],
      r.search.map((s) => [s.label, s.query, count(s), ms(s.core.p50), ms(s.core.p95), ms(s.raw.p50), ms(s.raw.p95), ratio(s)]),
    ),
  )
  log('')
  log(
    table(
      ['sort', 'dir', 'first core p95', 'first raw p95', 'deep core p95', 'deep raw p95', 'ratio first/deep'],
      r.pages.map((p) => [p.sort, p.direction, ms(p.first.core.p95), ms(p.first.raw.p95), ms(p.deep.core.p95), ms(p.deep.raw.p95), `${ratio(p.first)} / ${ratio(p.deep)}`]),
    ),
  )
  log('')
  const d = r.defaultView
  log(`Default view (active, registered in the last 30 days, newest first): ${count(d)} customers; core p50 ${ms(d.core.p50)} / p95 ${ms(d.core.p95)} ms, raw p95 ${ms(d.raw.p95)} ms, ratio ${ratio(d)}`)
}
