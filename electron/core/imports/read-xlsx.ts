import type ExcelJS from 'exceljs'
import type { ImportIssue } from '../../contract/imports'
import { watchFormulaErrors } from './xlsx-errors'
import { decodeSharedStringsWhole } from './xlsx-shared-strings'

/** Zero-padding formats ("00000" keeps a ZIP like 02134 showing its zero): the digits the cell shows. */
const ZERO_PADDED = /^0+$/

/**
 * A number format that shows a date or time, as exceljs tells one (its isDateFmt, not exported):
 * a day, month, year, hour or second code outside quotes and brackets ("[$-409]mm/dd/yyyy;@").
 */
function isDateFormat(numFmt: string | undefined): boolean {
  if (!numFmt) return false
  return /[ymdhMsb]/.test(numFmt.replace(/\[[^\]]*]/g, '').replace(/"[^"]*"/g, ''))
}

/** A spreadsheet's day number as the wall-clock time it shows, in UTC as exceljs gives dates (the 1904 system counts from 1904). */
function serialDate(serial: number, date1904: boolean): Date {
  return new Date(Math.round((serial - 25569 + (date1904 ? 1462 : 0)) * 86_400_000))
}

/**
 * A cell as the spreadsheet shows it, as text: numbers formatted with a zero-padding format
 * keep their leading zeros, whole numbers never become "1.2e+10", dates become YYYY-MM-DD
 * (with the wall-clock time after it when the cell has one: a register's receipt times), rich text, links and formulas give the text they show.
 */
export function cellText(value: ExcelJS.CellValue, numFmt: string | undefined, date1904 = false): string {
  if (value === null || value === undefined) return ''
  if (typeof value === 'number') {
    const format = (numFmt ?? '').replace(/^@$/, '')
    const digits = Number.isInteger(value) ? BigInt(value).toString() : String(value)
    return ZERO_PADDED.test(format) && Number.isInteger(value) ? digits.padStart(format.length, '0') : digits
  }
  if (typeof value === 'string') return value
  if (typeof value === 'boolean') return value ? 'TRUE' : 'FALSE'
  if (value instanceof Date) return isoDayTime(value)
  if (typeof value === 'object') {
    if ('richText' in value) return value.richText.map((part) => part.text).join('')
    if ('text' in value && typeof value.text === 'string') return value.text
    if ('result' in value) {
      // exceljs gives a formula's value as the bare number it saved, a date's day number too
      // (a plain cell in a date format it turns into a date itself): "31149" for 12 April 1985.
      const result = value.result as ExcelJS.CellValue
      if (typeof result === 'number' && isDateFormat(numFmt)) return isoDayTime(serialDate(result, date1904))
      return cellText(result, numFmt, date1904)
    }
    if ('error' in value) return ''
  }
  return String(value)
}

/**
 * Excel keeps dates as local wall-clock times; exceljs hands them over as that time in UTC. A day
 * alone as YYYY-MM-DD, a time of day after it ("2026-03-14 14:30"), with no zone: the importer
 * says on whose clock it is (the store's).
 */
function isoDayTime(date: Date): string {
  if (Number.isNaN(date.getTime())) return ''
  const iso = date.toISOString()
  const time = iso.slice(11, 19)
  if (time === '00:00:00') return iso.slice(0, 10)
  return `${iso.slice(0, 10)} ${time.endsWith(':00') ? time.slice(0, 5) : time}`
}

/**
 * A formula the file holds without the value it shows: written by a script or a library, not
 * saved by a spreadsheet (which always saves the value). Its text was imported as "[object Object]".
 */
function uncalculated(value: ExcelJS.CellValue): string | null {
  if (value === null || typeof value !== 'object' || !('formula' in value || 'sharedFormula' in value)) return null
  if ('result' in value && value.result !== undefined) return null
  const formula = (value as { formula?: string; sharedFormula?: string }).formula || (value as { sharedFormula?: string }).sharedFormula || ''
  return `=${formula}`
}

/**
 * A formula cell's value of 0 or "" (=B2*0, =A2>10): exceljs leaves any value that counts as
 * false out of the cell's value (its model keeps it), so it read as "saved without its value",
 * empty with a note, where the spreadsheet shows 0. No FALSE here: the stream reader parses a
 * formula's saved value as a number unless the cell is typed as text (exceljs 4.4's
 * worksheet-reader drops the cell's t="b"), so =A2>10 comes back 0 (and TRUE as 1).
 */
function falsyResult(cell: ExcelJS.Cell): 0 | '' | undefined {
  const result = (cell.model as { result?: unknown }).result
  return result === 0 || result === '' ? result : undefined
}

/**
 * The error a cell with no formula holds (#N/A typed in, or pasted as values from a formula that
 * showed it): saved as `<c t="e"><v>#N/A</v></c>`, which exceljs gives as `{ error }`.
 */
function typedError(value: ExcelJS.CellValue): string | null {
  if (value === null || typeof value !== 'object' || !('error' in value) || 'formula' in value || 'sharedFormula' in value) return null
  return String(value.error)
}

/**
 * What to tell about a formula cell read without a value: saved without one (by a script), or
 * saved with an error as its value (#N/A: exceljs keeps NaN in the cell's model, not in its
 * value), which saving the file again would not change: the formula itself must be fixed.
 */
function formulaNote(cell: ExcelJS.Cell, errors: ReadonlyMap<string, string>): string {
  const result = (cell.model as { result?: unknown }).result
  if (typeof result !== 'number' || !Number.isNaN(result)) {
    return 'A formula saved without its value: read as empty (open the file in your spreadsheet and save it to import the value)'
  }
  const error = errors.get(cell.address)
  return `A formula that shows ${error ? `the error ${error}` : 'an error'}: read as empty (fix the formula in your spreadsheet, or replace it by the value, then import the file again)`
}

/**
 * The rows of the first worksheet that has any, as text cells, each with its row number, read
 * as a stream so a large workbook is not held whole in memory twice. Sheets before it are empty
 * (a cover page that was blank): the file was refused as having no header row. A formula
 * without its value, or showing an error, and a cell holding an error with no formula, are read
 * as empty, with a note in `notes`.
 */
export async function readXlsx(path: string, notes: ImportIssue[] = []): Promise<{ cells: string[]; line: number }[]> {
  // Loaded when a workbook is read, not with the core: exceljs was ~0.06 s of CPU of every start.
  const { default: Excel } = await import('exceljs')
  const reader = new Excel.stream.xlsx.WorkbookReader(path, { sharedStrings: 'cache', styles: 'cache', hyperlinks: 'ignore', worksheets: 'emit', entries: 'ignore' })
  decodeSharedStringsWhole(reader)
  const rows: { cells: string[]; line: number }[] = []
  for await (const sheet of reader) {
    // The workbook's date system (Mac Excel's 1904 one counts days from 1904), read before its sheets.
    const date1904 = Boolean((reader as unknown as { properties?: { model?: { date1904?: boolean } } }).properties?.model?.date1904)
    const errors = watchFormulaErrors(sheet)
    for await (const row of sheet as AsyncIterable<ExcelJS.Row>) {
      const cells: string[] = []
      const cellNotes: ImportIssue[] = []
      row.eachCell({ includeEmpty: true }, (cell, column) => {
        const formula = uncalculated(cell.value)
        const falsy = formula === null ? undefined : falsyResult(cell)
        if (falsy !== undefined) return void (cells[column - 1] = cellText(falsy, cell.numFmt, date1904))
        if (formula !== null) {
          cellNotes.push({ row: row.number, kind: 'note', field: `Cell ${cell.address}`, value: formula, message: formulaNote(cell, errors) })
        }
        const error = typedError(cell.value)
        if (error !== null) {
          const message = `A cell that shows the error ${error}: read as empty (type the value in your spreadsheet, then import the file again)`
          cellNotes.push({ row: row.number, kind: 'note', field: `Cell ${cell.address}`, value: error, message })
        }
        cells[column - 1] = formula === null ? cellText(cell.value, cell.numFmt, date1904) : ''
      })
      for (let i = 0; i < cells.length; i++) cells[i] ??= ''
      if (cells.some((c) => c.trim() !== '')) {
        rows.push({ cells, line: row.number })
        notes.push(...cellNotes)
      }
    }
    if (rows.length > 0) break
  }
  return rows
}
