import { join } from 'node:path'
import ExcelJS from 'exceljs'
import { describe, expect, it } from 'vitest'
import { EXPORT_COLUMNS, EXPORT_DB_COLUMNS, type ExportDbRow } from '../../../../electron/core/customers/export/columns'
import { contextOf } from '../../../../electron/core/customers/export/formats'
import { xlsxWriter } from '../../../../electron/core/customers/export/xlsx'
import { tempDir } from '../../../support/core'

const heading = { storeName: 'Corner & <Shop>', title: 'Customer Report', filters: 'Everyone “quoted”', madeAt: '12/02/2026 10:12', locale: 'de-DE' }
const context = contextOf({ country: 'US', timeZone: 'UTC', storeNames: [['s1', 'Corner Shop']] })

function customer(number: number, fields: Record<string, string | number | null> = {}): ExportDbRow {
  const stored: Record<string, string | number | null> = Object.fromEntries(EXPORT_DB_COLUMNS.map((c) => [c, null]))
  Object.assign(stored, { customer_number: number, first_name: `Ana ${number}`, active: 1, store_ids: '["s1"]', created_at: '2026-12-02T10:12:00.000Z', ...fields })
  return EXPORT_DB_COLUMNS.map((c) => stored[c])
}

async function writeBook(file: string, rows: ExportDbRow[], rowsPerSheet?: number): Promise<ExcelJS.Workbook> {
  const writer = xlsxWriter(file, EXPORT_COLUMNS, heading, context, { rowsPerSheet })
  for (let i = 0; i < rows.length; i += 7) await writer.write(rows.slice(i, i + 7))
  await writer.finish()
  const book = new ExcelJS.Workbook()
  await book.xlsx.readFile(file)
  return book
}

const column = (label: string) => EXPORT_COLUMNS.findIndex((c) => c.label === label) + 1

describe('the Excel writer', () => {
  const folder = tempDir('backroom-xlsx-')

  it('counts dates as Excel does, and writes a stored value that is no date as its text', async () => {
    const stored = ['1900-01-01', '1900-02-28', '1900-03-01', '1990-05-01', '2024-02-29', '15/06/1990', '2026-02-30', '2023-02-29', 'garbage!!!']
    const book = await writeBook(join(folder, 'serials.xlsx'), stored.map((date, i) => customer(i + 1, { date_of_birth: date })))
    const sheet = book.getWorksheet('Customers')!
    // ExcelJS reads a serial as days from 1899-12-30; Excel's own count is what the file must hold.
    const cells = stored.map((_, i) => sheet.getRow(i + 2).getCell(column('Date of birth')).value)
    const serial = (value: unknown) => (value instanceof Date ? value.getTime() / 86_400_000 + 25_569 : value)
    // Excel shows serial 1 as 1 January 1900 and 60 as its 29 February 1900 that never was; 61 is 1 March.
    expect(cells.map(serial)).toEqual([1, 59, 61, 32_994, 45_351, '15/06/1990', '2026-02-30', '2023-02-29', 'garbage!!!'])
  })

  it('keeps any text as typed: markup, quotes, emoji, accents, spaces at the ends, line breaks', async () => {
    const texts = ['a & b <c> "d" \'e\'', '😀 Zoë Łukasz 李', '  spaced  ', 'line one\nline two', ']]> &amp; not an entity', '=1+1']
    const book = await writeBook(
      join(folder, 'texts.xlsx'),
      texts.map((text, i) => customer(i + 1, { last_name: text })),
    )
    const sheet = book.getWorksheet('Customers')!
    expect(texts.map((_, i) => sheet.getRow(i + 2).getCell(column('Last name')).value)).toEqual(texts)
    expect(book.creator).toBe('Corner & <Shop>')
    expect(book.subject).toBe('Everyone “quoted”')
  })

  it('leaves out what XML cannot carry, and nothing else', async () => {
    const book = await writeBook(join(folder, 'controls.xlsx'), [customer(1, { last_name: 'a\u0000b\u0007c\uFFFEd\uD800e\tf' })])
    expect(book.getWorksheet('Customers')!.getRow(2).getCell(column('Last name')).value).toBe('abcde\tf')
  })

  it('types numbers and dates, in the store’s order of day and month', async () => {
    const book = await writeBook(join(folder, 'typed.xlsx'), [
      customer(7, { loyalty_points: -1250, date_of_birth: '1990-05-01', created_at: '2026-12-02T23:59:00.000Z' }),
      customer(9_007_199_254_740_991, { date_of_birth: '1900-03-01' }),
    ])
    const sheet = book.getWorksheet('Customers')!
    const row = sheet.getRow(2)
    expect(row.getCell(column('Customer number')).value).toBe(7)
    expect(row.getCell(column('Loyalty points')).value).toBe(-1250)
    expect(row.getCell(column('Date of birth')).value).toEqual(new Date(Date.UTC(1990, 4, 1)))
    expect(row.getCell(column('Date of birth')).numFmt).toBe('dd.mm.yyyy')
    expect(row.getCell(column('Registered')).value).toEqual(new Date(Date.UTC(2026, 11, 2, 23, 59)))
    expect(row.getCell(column('Registered')).numFmt).toBe('dd.mm.yyyy hh:mm')
    expect(sheet.getRow(3).getCell(column('Customer number')).value).toBe(9_007_199_254_740_991)
    expect(sheet.getRow(3).getCell(column('Date of birth')).value).toEqual(new Date(Date.UTC(1900, 2, 1)))
    expect(sheet.getRow(1).font?.bold ?? sheet.getRow(1).getCell(1).font?.bold).toBe(true)
    expect(sheet.views[0]).toMatchObject({ state: 'frozen', ySplit: 1 })
  })

  it('goes on in a next sheet when one is full, with its own header', async () => {
    const book = await writeBook(
      join(folder, 'sheets.xlsx'),
      Array.from({ length: 25 }, (_, i) => customer(i + 1)),
      10,
    )
    expect(book.worksheets.map((s) => s.name)).toEqual(['Customers', 'Customers (2)', 'Customers (3)'])
    expect(book.worksheets.map((s) => s.rowCount)).toEqual([11, 11, 6])
    expect(book.worksheets.map((s) => s.getRow(2).getCell(1).value)).toEqual([1, 11, 21])
    expect(book.worksheets[2].getRow(1).getCell(1).value).toBe('Customer number')
  })
})
