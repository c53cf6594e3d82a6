import { createWriteStream, statSync } from 'node:fs'
import { once } from 'node:events'
import { join } from 'node:path'
import { setTimeout as sleep } from 'node:timers/promises'
import type { ExportFormat, ExportProgress } from '../../../electron/contract/customer-export'
import { EXPORT_DB_COLUMNS } from '../../../electron/core/customers/export/columns'
import { EXPORT_PAGE_SIZE as PAGE } from '../../../electron/core/customers/export/rows'
import { CONNECTION_PRAGMAS } from '../../../electron/core/db/connection'
import { RawSqlite } from '../raw-sqlite'
import type { TransferRow, Side } from './rows'
import { withPeakRss, type BenchStore } from './store'

/** Every active customer, newest first: the list with "All time", as a store owner exports it. */
const FILTERS = { query: '', period: 'all', status: 'active', flaggedOnly: false, sort: 'createdAt', direction: 'desc' } as const

/** Through the core as the renderer does it: exportStart, then exportProgress until done. */
async function coreExport(store: BenchStore, file: string, format: ExportFormat): Promise<Side> {
  store.willSaveTo(file)
  const { result, peakRssMb, riseMb, seconds, cpuSeconds } = await withPeakRss(async () => {
    const started = await store.core.dispatch('customers:exportStart', { ...FILTERS, format }, store.session)
    if (!started.ok) throw new Error(`exportStart failed: ${JSON.stringify(started.error)}`)
    const { job } = started.data as { job: ExportProgress }
    for (;;) {
      await sleep(50)
      const answer = await store.core.dispatch('customers:exportProgress', { jobId: job.jobId }, store.session)
      if (!answer.ok) throw new Error(`exportProgress failed: ${JSON.stringify(answer.error)}`)
      const progress = answer.data as ExportProgress
      if (progress.state === 'done') return progress.done
      if (progress.state !== 'running') throw new Error(`export ${progress.state}: ${progress.error}`)
    }
  })
  return { seconds, cpuSeconds, peakRssMb, riseMb, rows: result, bytes: statSync(file).size }
}

const quote = (value: unknown) => {
  if (value === null || value === undefined) return ''
  const text = String(value)
  return /[",\r\n]/.test(text) ? `"${text.replace(/"/g, '""')}"` : text
}

/**
 * The same rows read with bare sqlite3 in keyset pages of the same size, in the same order,
 * written as comma-separated lines with plain fs: what the export costs without the core.
 * Each page comes as one JSON text (json_group_array), the fastest way through the driver for
 * this many columns, as the core reads them: one object per row would triple the floor.
 */
async function rawExport(store: BenchStore, file: string): Promise<Side> {
  const { result, peakRssMb, riseMb, seconds, cpuSeconds } = await withPeakRss(async () => {
    const raw = await RawSqlite.open(store.databaseFile)
    await raw.exec(CONNECTION_PRAGMAS)
    const columns = EXPORT_DB_COLUMNS.join(', ')
    const where = 'active = 1 AND erased_at IS NULL'
    const pageOf = (after: string) =>
      raw.prepare<{ page: string }>(
        `SELECT json_group_array(json_array(${columns}, created_at, id)) AS page FROM (SELECT ${columns}, created_at, id FROM customers WHERE ${where} ${after} ORDER BY created_at DESC, id DESC LIMIT ?)`,
      )
    const first = pageOf('')
    const next = pageOf('AND (created_at, id) < (?, ?)')
    const out = createWriteStream(file)
    out.write(`${EXPORT_DB_COLUMNS.join(',')}\r\n`)
    let rows = 0
    let last: unknown[] | null = null
    for (;;) {
      const [{ page: json }] = last ? await next([last.at(-2), last.at(-1), PAGE]) : await first([PAGE])
      const page = JSON.parse(json) as unknown[][]
      if (page.length === 0) break
      let chunk = ''
      for (const row of page) chunk += `${row.slice(0, -2).map(quote).join(',')}\r\n`
      if (!out.write(chunk)) await once(out, 'drain')
      rows += page.length
      last = page[page.length - 1]
      if (page.length < PAGE) break
    }
    out.end()
    await once(out, 'finish')
    await raw.close()
    return rows
  })
  return { seconds, cpuSeconds, peakRssMb, riseMb, rows: result, bytes: statSync(file).size }
}

function exportRow(format: ExportFormat, label: string, secondsAtMillion: number): TransferRow {
  return {
    label,
    groups: ['export', format],
    target: { secondsAtMillion, rssMb: 300 },
    async measure(store, folder) {
      // The core first: V8 keeps the heap a run grew to, so whichever runs second starts with
      // the first one's peak, and the target is the core's. (The raw side then reads a file the
      // core has just read: if anything, in its favour.)
      const core = await coreExport(store, join(folder, `Customer Report.${format}`), format)
      const raw = await rawExport(store, join(folder, `raw-${format}.csv`))
      if (core.rows !== raw.rows) throw new Error(`the core exported ${core.rows} rows, raw SQLite read ${raw.rows}`)
      return { core, raw }
    },
  }
}

/** The export rows of `npm run bench:transfer`. */
export const EXPORT_ROWS: TransferRow[] = [exportRow('csv', 'Export to CSV', 10), exportRow('xlsx', 'Export to Excel (.xlsx)', 60)]
