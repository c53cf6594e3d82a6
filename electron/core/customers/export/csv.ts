import { openReportFile } from './report-file'
import { once } from 'node:events'
import type { CellValue, ColumnKind, ExportColumn, ExportContext } from './columns'
import type { ReportWriter } from './writer'
import { markup, ReportBytes } from './bytes'

/** A cell Excel (and LibreOffice, Google Sheets) would read as a formula or a command: it starts with = + - @, a tab or a carriage return. */
function startsLikeFormula(text: string): boolean {
  const c = text.charCodeAt(0)
  // Compared as character codes: a regular expression per cell was a tenth of a million-row export's formatting.
  return c === 0x3d || c === 0x2b || c === 0x2d || c === 0x40 || c === 0x09 || c === 0x0d
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

/** The most bytes around one field's text: a separator, the quotes, the formula guard's apostrophe. */
const FIELD_MARKUP_BYTES = 8
const COMMA = markup(',')
const QUOTE = markup('"')
const APOSTROPHE = markup("'")
const LINE_END = markup('\r\n')
const YES = markup('Yes')
const NO = markup('No')

/** A value as a CSV field: ISO dates (every spreadsheet and importer reads them), Yes/No, plain numbers, text guarded and quoted. */
function writeField(out: ReportBytes, value: CellValue, kind: ColumnKind): void {
  if (value === null) return
  if (kind === 'yesNo') {
    out.room(FIELD_MARKUP_BYTES)
    out.markup(value ? YES : NO)
    return
  }
  if (typeof value === 'number') {
    out.room(FIELD_MARKUP_BYTES + 24)
    if (Number.isSafeInteger(value)) out.integer(value)
    else out.ascii(String(value))
    return
  }
  const text = String(value)
  const quote = needsQuotes(text)
  out.roomForText(text.length, FIELD_MARKUP_BYTES)
  if (quote) out.markup(QUOTE)
  // Shown as typed, never run: a leading = + - @ (or tab, carriage return) gets an apostrophe in
  // front, the usual guard against formula injection ("=HYPERLINK(…)" typed as a name would
  // otherwise become a live link in the shop's spreadsheet).
  if (startsLikeFormula(text)) out.markup(APOSTROPHE)
  out.text(text, 'csv')
  if (quote) out.markup(QUOTE)
}

/**
 * UTF-8 with a byte-order mark (without it, Excel reads "García" as "GarcÃ­a"), CRLF line ends,
 * RFC 4180 quoting, streamed: rows become bytes in chunks (bytes.ts) that go to the file as they
 * are, a slice waiting when the file is a mebibyte behind. Written here rather than through
 * csv-stringify: its stream took a record at a time, and that was the largest part of a
 * million-row export's CPU; the quoting rule is the few lines above, and the tests read every
 * export back with csv-parse.
 */
export function csvWriter(file: string, columns: readonly ExportColumn[], context: ExportContext): ReportWriter {
  const report = openReportFile(file)
  const { out, failed } = report
  const kinds = columns.map((c) => c.kind)
  const bytes = new ReportBytes((chunk) => out.write(chunk))
  out.write(`\uFEFF${columns.map((c) => quoted(c.label)).join(',')}\r\n`)
  return {
    async write(rows) {
      for (const row of rows) {
        for (let i = 0; i < columns.length; i++) {
          if (i > 0) {
            bytes.room(1)
            bytes.markup(COMMA)
          }
          writeField(bytes, columns[i].value(row, context), kinds[i])
        }
        bytes.room(2)
        bytes.markup(LINE_END)
      }
      bytes.flush()
      // A stream that failed is destroyed and never needs a drain again: without this, a full disk
      // went unnoticed until finish(), after every row had been read and written to nowhere.
      report.throwIfFailed()
      if (out.writableNeedDrain) await Promise.race([once(out, 'drain'), failed])
    },
    async finish() {
      bytes.flush()
      out.end()
      await report.closed()
    },
    async abort() {
      await report.destroy()
    },
  }
}
