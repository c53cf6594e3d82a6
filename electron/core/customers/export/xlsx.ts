import { once } from 'node:events'
import { PassThrough } from 'node:stream'
import archiver from 'archiver'
import type { CellValue, ColumnKind, ExportColumn, ExportContext } from './columns'
import { openReportFile } from './report-file'
import { storeFormat } from './store-format'
import type { ReportHeading, ReportWriter } from './writer'
import { markup, ReportBytes, type Markup } from './bytes'
import { bookParts, columnLetters, SHEET_END, sheetStart, STYLE } from './xlsx-parts'

/** A sheet holds at most 1,048,576 rows; past this many customers the list goes on in a next sheet. */
export const ROWS_PER_SHEET = 1_000_000

/** Excel's day 0 is 1899-12-30: a date is a number of days from it, the time of day its fraction. */
const EXCEL_EPOCH_DAYS = 25_569

/** The sheet's stream holds up to a mebibyte ahead of the compression. */
const SHEET_BUFFER_BYTES = 1 << 20
/** The longest markup around one cell's value: its reference, type and tags. */
const CELL_MARKUP_BYTES = 96

const ROW_OPEN = markup('<row r="')
const ROW_OPENED = markup('">')
const ROW_CLOSE = markup('</row>')
const YES = markup('" t="inlineStr"><is><t>Yes</t></is></c>')
const NO = markup('" t="inlineStr"><is><t>No</t></is></c>')
const NUMBER = markup(`" s="${STYLE.number}"><v>`)
const DATE = markup(`" s="${STYLE.date}"><v>`)
const DATE_TIME = markup(`" s="${STYLE.dateTime}"><v>`)
const VALUE_CLOSE = markup('</v></c>')
const POINT = markup('.')
const TEXT = markup('" t="inlineStr"><is><t>')
/** Space at either end of a text is kept only when its element says so. */
const TEXT_KEEPING_SPACE = markup('" t="inlineStr"><is><t xml:space="preserve">')
const TEXT_CLOSE = markup('</t></is></c>')
const isSpace = (c: number) => c === 0x20 || c === 0x09 || c === 0x0a || c === 0x0d

/** Digits after the point of a time of day: a minute is then exact to microseconds, which every reader rounds away. */
const FRACTION_DIGITS = 10
const FRACTION_SCALE = 10 ** FRACTION_DIGITS
const digit = (text: string, i: number) => text.charCodeAt(i) - 0x30

/** Excel's day 61 is 1 March 1900: before it, Excel counts a 29 February 1900 that never was (Lotus 1-2-3's error, kept). */
const FIRST_TRUE_SERIAL_MINUTES = 61 * 1440

const DAYS_IN_MONTH = [31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31]
const daysIn = (year: number, month: number) => (month === 2 && year % 4 === 0 && (year % 100 !== 0 || year % 400 === 0) ? 29 : DAYS_IN_MONTH[month - 1])

/** The number 0–99 written by the two digits at `i`, or NaN. */
function twoDigits(text: string, i: number): number {
  const tens = digit(text, i)
  const ones = digit(text, i + 1)
  return tens >= 0 && tens <= 9 && ones >= 0 && ones <= 9 ? tens * 10 + ones : NaN
}

/**
 * Minutes since Excel's day 0 of a wall clock 'YYYY-MM-DD[ HH:mm]' as Excel counts them, or NaN
 * when it is not one (the cell is then written as the text stored). Read digit by digit and
 * counted with Date.UTC, which makes no object: a Date and sliced texts per date were garbage a
 * million times over.
 */
function excelMinutes(wall: string): number {
  if (wall.length < 10 || wall.charCodeAt(4) !== 0x2d || wall.charCodeAt(7) !== 0x2d) return NaN
  const year = twoDigits(wall, 0) * 100 + twoDigits(wall, 2)
  const month = twoDigits(wall, 5)
  const day = twoDigits(wall, 8)
  const timed = wall.length >= 16
  const hour = timed ? twoDigits(wall, 11) : 0
  const minute = timed ? twoDigits(wall, 14) : 0
  // A day the month does not have (31 April) would roll over into the next: not a date.
  if (!(month >= 1 && month <= 12 && day >= 1 && day <= daysIn(year, month) && hour <= 23 && minute <= 59)) return NaN
  const minutes = Date.UTC(year, month - 1, day, hour, minute) / 60_000 + EXCEL_EPOCH_DAYS * 1440
  return minutes < FIRST_TRUE_SERIAL_MINUTES ? minutes - 1440 : minutes
}

/** A date's serial number: whole days, and the time of day as their fraction. */
function writeSerial(out: ReportBytes, minutes: number): void {
  const days = Math.floor(minutes / 1440)
  const inDay = minutes - days * 1440
  out.integer(days)
  if (inDay === 0) return
  let fraction = Math.round((inDay / 1440) * FRACTION_SCALE)
  let width = FRACTION_DIGITS
  while (fraction % 10 === 0) {
    fraction /= 10
    width -= 1
  }
  out.markup(POINT)
  out.padded(fraction, width)
}

/** One cell (nothing when there is nothing to show): numbers and dates typed, text inline. */
function writeCell(out: ReportBytes, open: Markup, row: number, value: CellValue, kind: ColumnKind): void {
  if (value === null) return
  out.room(CELL_MARKUP_BYTES)
  if (kind === 'yesNo') {
    out.markup(open)
    out.integer(row)
    out.markup(value ? YES : NO)
    return
  }
  if (kind === 'number' && typeof value === 'number') {
    if (!Number.isFinite(value)) return
    out.markup(open)
    out.integer(row)
    out.markup(NUMBER)
    if (Number.isSafeInteger(value)) out.integer(value)
    else out.ascii(String(value))
    out.markup(VALUE_CLOSE)
    return
  }
  if (kind === 'date' || kind === 'datetime') {
    const minutes = excelMinutes(String(value))
    if (Number.isFinite(minutes)) {
      out.markup(open)
      out.integer(row)
      out.markup(kind === 'date' ? DATE : DATE_TIME)
      writeSerial(out, minutes)
      out.markup(VALUE_CLOSE)
      return
    }
  }
  const text = String(value)
  out.roomForText(text.length, CELL_MARKUP_BYTES)
  out.markup(open)
  out.integer(row)
  out.markup(isSpace(text.charCodeAt(0)) || isSpace(text.charCodeAt(text.length - 1)) ? TEXT_KEEPING_SPACE : TEXT)
  out.text(text, 'xml')
  out.markup(TEXT_CLOSE)
}

export interface XlsxOptions {
  /** Rows per sheet (a test makes it small). */
  rowsPerSheet?: number
}

/**
 * An Excel workbook written as its XML, straight into a streamed zip (archiver): rows become
 * UTF-8 bytes in chunks (bytes.ts) that go through the zip's compression to the file, and
 * a slice waits when the compression is a megabyte behind, so memory stays flat. Written here
 * rather than with exceljs's WorkbookWriter, which made objects per row and per cell and let its
 * zip fall behind unawaited: 979,884 customers took 33–48 s and peaked at 346–410 MB of RSS,
 * against 14–17 s and 246–272 MB now. The format needed (ECMA-376: typed cells, inline text, two
 * date formats, a bold frozen header) is the few parts in xlsx-parts.ts, and the tests read every
 * workbook back with exceljs. Cells are typed: numbers are numbers, dates are dates shown in the
 * store's order of day and month, text is text (a text cell is never evaluated, so no formula
 * guard is needed here).
 *
 * The fastest compression (level 1) in chunks of 256 KiB: at zlib's default level the main
 * thread waited for it a third of the export (20 s against 15.5 s, 99 MB against 123 MB of
 * file), and with its 16 KiB chunks every chunk was a round trip to the thread pool.
 */
export function xlsxWriter(file: string, columns: readonly ExportColumn[], heading: ReportHeading, context: ExportContext, options: XlsxOptions = {}): ReportWriter {
  const rowsPerSheet = options.rowsPerSheet ?? ROWS_PER_SHEET
  const report = openReportFile(file)
  const { out } = report
  const zip = archiver('zip', { zlib: { level: 1, chunkSize: 256 * 1024 } })
  // Every error is listened to (the first rejects): a second one unheard would be an uncaught exception.
  let zipFailure: Error | null = null
  const zipFailed = new Promise<never>((_, reject) => zip.on('error', (error) => reject((zipFailure ??= error))))
  zipFailed.catch(() => {})
  const failed = Promise.race([report.failed, zipFailed])
  failed.catch(() => {})
  zip.pipe(out)

  const kinds = columns.map((c) => c.kind)
  const opens = columns.map((_, i) => markup(`<c r="${columnLetters(i + 1)}`))
  const sheetNames: string[] = []
  let sheet: PassThrough | null = null
  const bytes = new ReportBytes((chunk) => sheet?.write(chunk))
  let rowNumber = 0

  const newSheet = (): void => {
    if (sheet) {
      bytes.flush()
      sheet.end(SHEET_END)
    }
    sheetNames.push(sheetNames.length === 0 ? 'Customers' : `Customers (${sheetNames.length + 1})`)
    sheet = new PassThrough({ highWaterMark: SHEET_BUFFER_BYTES })
    zip.append(sheet, { name: `xl/worksheets/sheet${sheetNames.length}.xml` })
    sheet.write(sheetStart(columns))
    rowNumber = 1
  }

  return {
    async write(rows) {
      // A file that failed (a full disk) is destroyed and unpiped from the zip, which then takes
      // megabytes more before it asks to wait: without this, a whole list could be formatted into nothing.
      report.throwIfFailed()
      if (zipFailure) throw zipFailure
      if (!sheet) newSheet()
      for (const row of rows) {
        if (rowNumber > rowsPerSheet) newSheet()
        rowNumber += 1
        bytes.room(CELL_MARKUP_BYTES)
        bytes.markup(ROW_OPEN)
        bytes.integer(rowNumber)
        bytes.markup(ROW_OPENED)
        for (let i = 0; i < columns.length; i++) writeCell(bytes, opens[i], rowNumber, columns[i].value(row, context), kinds[i])
        bytes.room(CELL_MARKUP_BYTES)
        bytes.markup(ROW_CLOSE)
      }
      bytes.flush()
      // The zip compresses in the background: past a megabyte ahead of it, wait.
      if (sheet?.writableNeedDrain) await Promise.race([once(sheet, 'drain'), failed])
    },
    async finish() {
      if (!sheet) newSheet()
      bytes.flush()
      sheet!.end(SHEET_END)
      for (const [name, text] of bookParts(sheetNames, heading, storeFormat(heading.locale).excelDate)) zip.append(text, { name })
      await Promise.race([zip.finalize(), failed])
      await report.closed()
    },
    async abort() {
      zip.abort()
      await report.destroy()
    },
  }
}
