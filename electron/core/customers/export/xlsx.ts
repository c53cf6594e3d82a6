import { createWriteStream } from 'node:fs'
import { once } from 'node:events'
import { setImmediate as yieldToIo } from 'node:timers/promises'
import ExcelJS from 'exceljs'
import type { CellValue, ColumnKind, ExportColumn } from './columns'
import { storeFormat, wallDate } from './store-format'
import type { ReportHeading, ReportWriter } from './writer'

/** A sheet holds at most 1,048,576 rows; past this many customers the list goes on in a next sheet. */
export const ROWS_PER_SHEET = 1_000_000

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
export function xlsxWriter(file: string, columns: readonly ExportColumn[], heading: ReportHeading): ReportWriter {
  const out = createWriteStream(file, { flags: 'wx' })
  const failed = once(out, 'error')
  failed.catch(() => {})
  // Reported through `failed`; a write after an abort must not become an uncaught error.
  out.on('error', () => {})
  const book = new ExcelJS.stream.xlsx.WorkbookWriter({ stream: out, useStyles: true, useSharedStrings: false })
  book.creator = heading.storeName
  book.title = `${heading.title} — ${heading.storeName}`
  book.subject = heading.filters
  const format = storeFormat(heading.locale)
  const numFmt = (kind: ColumnKind) =>
    kind === 'date' ? format.excelDate : kind === 'datetime' ? `${format.excelDate} hh:mm` : kind === 'number' ? '0' : undefined
  const kinds = columns.map((c) => c.kind)
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
        sheet.addRow(row.map((value, i) => xlsxCell(value, kinds[i]))).commit()
        rowsInSheet += 1
      }
      // Let the zip reach the disk before the next page (exceljs itself never waits for it).
      if (out.writableNeedDrain) await Promise.race([once(out, 'drain'), failed])
      else await yieldToIo()
    },
    async finish() {
      if (!sheet) sheet = newSheet()
      sheet.commit()
      await Promise.race([book.commit(), failed])
      if (!out.writableFinished) await Promise.race([once(out, 'finish'), failed])
    },
    async abort() {
      out.destroy()
      if (!out.closed) await once(out, 'close').catch(() => {})
    },
  }
}
