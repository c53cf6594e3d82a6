import { createWriteStream } from 'node:fs'
import { once } from 'node:events'
import { pipeline } from 'node:stream/promises'
import { stringify } from 'csv-stringify'
import type { CellValue, ColumnKind, ExportColumn } from './columns'
import type { ReportWriter } from './writer'

/** A cell Excel (and LibreOffice, Google Sheets) would read as a formula or a command. */
const FORMULA_START = /^[=+\-@\t\r]/

/**
 * Text a spreadsheet shows as typed, never runs: a leading = + - @ (or tab, carriage return)
 * gets an apostrophe in front, the usual guard against formula injection ("=HYPERLINK(…)" typed
 * as a name would otherwise become a live link in the shop's spreadsheet).
 */
export function neutraliseFormula(text: string): string {
  return FORMULA_START.test(text) ? `'${text}` : text
}

/** A value as CSV text: ISO dates (every spreadsheet and importer reads them), Yes/No, plain numbers. */
function csvCell(value: CellValue, kind: ColumnKind): string | number {
  if (value === null) return ''
  if (kind === 'yesNo') return value ? 'Yes' : 'No'
  if (typeof value === 'number') return value
  return neutraliseFormula(String(value))
}

/**
 * UTF-8 with a byte-order mark (without it, Excel reads "García" as "GarcÃ­a"), CRLF line ends,
 * RFC 4180 quoting by csv-stringify, streamed: a page goes out before the next is read.
 */
export function csvWriter(file: string, columns: readonly ExportColumn[]): ReportWriter {
  const csv = stringify({ bom: true, header: true, columns: columns.map((c) => c.label), record_delimiter: 'windows' })
  const out = createWriteStream(file, { flags: 'wx' })
  const written = pipeline(csv, out)
  written.catch(() => {})
  const kinds = columns.map((c) => c.kind)
  return {
    async write(rows) {
      for (const row of rows) {
        if (!csv.write(row.map((value, i) => csvCell(value, kinds[i])))) await Promise.race([once(csv, 'drain'), written])
      }
    },
    async finish() {
      csv.end()
      await written
    },
    async abort() {
      csv.destroy()
      out.destroy()
      await written.catch(() => {})
    },
  }
}
