import { openReportFile } from './report-file'
import { once } from 'node:events'
import type { CellValue, ColumnKind, ExportColumn, ExportContext } from './columns'
import type { ReportWriter } from './writer'

/** A cell Excel (and LibreOffice, Google Sheets) would read as a formula or a command: it starts with = + - @, a tab or a carriage return. */
function startsLikeFormula(text: string): boolean {
  const c = text.charCodeAt(0)
  // Compared as character codes: a regular expression per cell was a tenth of a million-row export's formatting.
  return c === 0x3d || c === 0x2b || c === 0x2d || c === 0x40 || c === 0x09 || c === 0x0d
}

/**
 * Text a spreadsheet shows as typed, never runs: a leading = + - @ (or tab, carriage return)
 * gets an apostrophe in front, the usual guard against formula injection ("=HYPERLINK(…)" typed
 * as a name would otherwise become a live link in the shop's spreadsheet).
 */
export function neutraliseFormula(text: string): string {
  return startsLikeFormula(text) ? `'${text}` : text
}

/** A field that must be quoted (RFC 4180): it holds the separator, a quote or a line break. */
function needsQuotes(text: string): boolean {
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i)
    if (c === 0x22 || c === 0x2c || c === 0x0a || c === 0x0d) return true
  }
  return false
}

const quoted = (text: string) => (needsQuotes(text) ? `"${text.replace(/"/g, '""')}"` : text)

/** A value as CSV text: ISO dates (every spreadsheet and importer reads them), Yes/No, plain numbers. */
function csvField(value: CellValue, kind: ColumnKind): string {
  if (value === null) return ''
  if (kind === 'yesNo') return value ? 'Yes' : 'No'
  if (typeof value === 'number') return String(value)
  return quoted(neutraliseFormula(String(value)))
}

/**
 * UTF-8 with a byte-order mark (without it, Excel reads "García" as "GarcÃ­a"), CRLF line ends,
 * RFC 4180 quoting, streamed: a slice of rows goes out as one chunk. Written here rather than
 * through csv-stringify: its stream took a record at a time, and that was the largest part of
 * a million-row export's CPU; the quoting rule is the few lines above, and the tests read every
 * export back with csv-parse.
 */
export function csvWriter(file: string, columns: readonly ExportColumn[], context: ExportContext): ReportWriter {
  const report = openReportFile(file)
  const { out, failed } = report
  const kinds = columns.map((c) => c.kind)
  const cells: string[] = new Array(columns.length)
  out.write(`\uFEFF${columns.map((c) => quoted(c.label)).join(',')}\r\n`)
  return {
    async write(rows) {
      const lines: string[] = new Array(rows.length + 1)
      for (let r = 0; r < rows.length; r++) {
        for (let i = 0; i < columns.length; i++) cells[i] = csvField(columns[i].value(rows[r], context), kinds[i])
        lines[r] = cells.join(',')
      }
      lines[rows.length] = ''
      if (!out.write(lines.join('\r\n'))) await Promise.race([once(out, 'drain'), failed])
    },
    async finish() {
      out.end()
      await report.closed()
    },
    async abort() {
      await report.destroy()
    },
  }
}
