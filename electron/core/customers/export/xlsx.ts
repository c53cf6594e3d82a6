import { openReportFile } from './report-file'
import { once } from 'node:events'
import { setImmediate as yieldToIo, setTimeout as sleep } from 'node:timers/promises'
import ExcelJS from 'exceljs'
import type { CellValue, ColumnKind, ExportColumn, ExportContext } from './columns'
import { storeFormat, wallDate } from './store-format'
import type { ReportHeading, ReportWriter } from './writer'

/** A sheet holds at most 1,048,576 rows; past this many customers the list goes on in a next sheet. */
export const ROWS_PER_SHEET = 1_000_000

type StreamState = { length?: number }
type Buffered = { _writableState?: StreamState; _readableState?: StreamState }
const buffered = (stream: Buffered | undefined) => (stream?._writableState?.length ?? 0) + (stream?._readableState?.length ?? 0)

/**
 * Bytes exceljs has handed on but the zip has not yet compressed and written: the sheet's XML
 * in the pass-through streams into the zip (readable-stream's, internals of exceljs and
 * archiver), and the zip's output the file has not taken yet.
 */
function backlog(book: unknown, sheet: ExcelJS.Worksheet | null): number {
  const pipes = (sheet as unknown as { _stream?: { pipes?: Buffered[] } } | null)?._stream?.pipes ?? []
  return pipes.reduce((sum, pipe) => sum + buffered(pipe), 0) + buffered((book as { zip?: Buffered }).zip)
}
/** Past this backlog a page waits for the zip to catch up. */
const MAX_BACKLOG = 4 * 1024 * 1024

function xlsxCell(value: CellValue, kind: ColumnKind): string | number | Date | null {
  if (value === null) return null
  if (kind === 'yesNo') return value ? 'Yes' : 'No'
  if (kind === 'date' || kind === 'datetime') return wallDate(String(value))
  return value as string | number
}

/**
 * An Excel workbook streamed with exceljs's WorkbookWriter: each row is committed (turned into
 * XML and zipped) as it comes, so a million customers never sit in memory. Cells are typed:
 * numbers are numbers, dates are dates shown in the store's order of day and month, text is
 * text (a string cell is never evaluated, so no formula guard is needed here).
 */
export function xlsxWriter(file: string, columns: readonly ExportColumn[], heading: ReportHeading, context: ExportContext): ReportWriter {
  const report = openReportFile(file)
  const { out, failed } = report
  const book = new ExcelJS.stream.xlsx.WorkbookWriter({ stream: out, useStyles: true, useSharedStrings: false })
  book.creator = heading.storeName
  book.title = `${heading.title} — ${heading.storeName}`
  book.subject = heading.filters
  const format = storeFormat(heading.locale)
  const numFmt = (kind: ColumnKind) =>
    kind === 'date' ? format.excelDate : kind === 'datetime' ? `${format.excelDate} hh:mm` : kind === 'number' ? '0' : undefined
  const kinds = columns.map((c) => c.kind)
  const styles: Partial<ExcelJS.Style>[] = columns.map((c) => {
    const code = numFmt(c.kind)
    return code ? { numFmt: code } : {}
  })
  let sheet: ExcelJS.Worksheet | null = null
  let sheets = 0
  let rowsInSheet = 0

  const newSheet = () => {
    sheets += 1
    const next = book.addWorksheet(sheets === 1 ? 'Customers' : `Customers (${sheets})`, { views: [{ state: 'frozen', ySplit: 1 }] })
    next.columns = columns.map((c) => ({ header: c.label, key: c.key, width: c.width, style: numFmt(c.kind) ? { numFmt: numFmt(c.kind) } : {} }))
    next.getRow(1).font = { bold: true }
    next.getRow(1).commit()
    rowsInSheet = 0
    return next
  }

  return {
    async write(rows) {
      for (const row of rows) {
        if (!sheet || rowsInSheet === ROWS_PER_SHEET) {
          if (sheet) sheet.commit()
          sheet = newSheet()
        }
        const added = sheet.addRow(columns.map((column, i) => xlsxCell(column.value(row, context), kinds[i])))
        // One style object per column, the same for every row: exceljs looks a style up by the
        // object first, and worked out each cell's own copy from scratch otherwise (its XML
        // made and matched: 114 s of a million-row workbook, 43 s without).
        for (let i = 0; i < styles.length; i++) added.getCell(i + 1).style = styles[i]
        added.commit()
        rowsInSheet += 1
      }
      // exceljs hands each sheet's XML to the zip without waiting for it (and the zip compresses
      // in the background): wait here until the zip's input and the file have caught up, or
      // a million rows would pile up in memory, about a kilobyte each.
      while (backlog(book, sheet) > MAX_BACKLOG && !out.destroyed) await Promise.race([sleep(5), failed])
      if (out.writableNeedDrain) await Promise.race([once(out, 'drain'), failed])
      else await yieldToIo()
    },
    async finish() {
      if (!sheet) sheet = newSheet()
      sheet.commit()
      await Promise.race([book.commit(), failed])
      await report.closed()
    },
    async abort() {
      await report.destroy()
    },
  }
}
