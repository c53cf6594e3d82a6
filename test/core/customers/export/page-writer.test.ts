import { readFileSync } from 'node:fs'
import { join } from 'node:path'
import { parse } from 'csv-parse/sync'
import ExcelJS from 'exceljs'
import { describe, expect, it } from 'vitest'
import { EXPORT_COLUMNS, EXPORT_DB_COLUMNS, type ExportDbRow } from '../../../../electron/core/customers/export/columns'
import { pageWriter, type ExportPage, type PageWriterSpec } from '../../../../electron/core/customers/export/formats'
import { isDiskFull, isNotWritable } from '../../../../electron/core/backups/failures'
import { tempDir } from '../../../support/core'

/** Customers as the reader hands them on: JSON arrays of values in EXPORT_DB_COLUMNS order. */
function pageOf(from: number, n: number): ExportPage {
  const rows: ExportDbRow[] = Array.from({ length: n }, (_, k) => {
    const i = from + k
    const stored: Record<string, string | number | null> = Object.fromEntries(EXPORT_DB_COLUMNS.map((c) => [c, null]))
    Object.assign(stored, {
      customer_number: i,
      first_name: i % 7 === 0 ? '=HYPERLINK("x")' : `Ana ${i}`,
      last_name: 'García, "Jr"',
      phone: '+12125550101',
      sms_opt_in: i % 2,
      date_of_birth: '1990-05-01',
      active: 1,
      store_ids: '["s1"]',
      created_at: '2026-03-29T00:59:00.000Z',
    })
    return EXPORT_DB_COLUMNS.map((c) => stored[c])
  })
  return { json: JSON.stringify(rows), rows: n }
}

const heading = { storeName: 'Corner Shop', title: 'Customer Report', filters: 'All customers', madeAt: '12/02/2026 10:12', locale: 'en-US' }
const context = { country: 'US', timeZone: 'Europe/Berlin', storeNames: [['s1', 'Corner Shop']] as [string, string][] }
const spec = (file: string, format: PageWriterSpec['format'] = 'csv'): PageWriterSpec => ({ format, file, heading, context })

async function writeAll(writing: ReturnType<typeof pageWriter>, pages: ExportPage[]): Promise<void> {
  const writer = await writing
  for (const page of pages) await writer.write(page)
  await writer.finish()
}

describe("an export's page writer", () => {
  const folder = tempDir('backroom-export-pages-')
  const pages = [pageOf(1, 300), pageOf(301, 300), pageOf(601, 17)]

  it('writes the pages as SQLite gave them: quoted, guarded, phones and store time as the store writes them', async () => {
    await writeAll(pageWriter(spec(join(folder, 'list.csv'))), pages)
    const rows = parse(readFileSync(join(folder, 'list.csv')), { bom: true, columns: true }) as Record<string, string>[]
    expect(rows).toHaveLength(617)
    expect(rows[6]).toMatchObject({ 'First name': `'=HYPERLINK("x")`, 'Last name': 'García, "Jr"', Phone: '(212) 555-0101', Stores: 'Corner Shop' })
    // 00:59 UTC on the day summer time began in Berlin: 01:59 there.
    expect(rows[0].Registered).toBe('2026-03-29 01:59')
  })

  it('writes a workbook from the same pages', async () => {
    await writeAll(pageWriter(spec(join(folder, 'list.xlsx'), 'xlsx')), pages)
    const book = new ExcelJS.Workbook()
    await book.xlsx.readFile(join(folder, 'list.xlsx'))
    const sheet = book.getWorksheet('Customers')!
    expect(sheet.rowCount).toBe(618)
    expect(sheet.getRow(1).getCell(1).value).toBe(EXPORT_COLUMNS[0].label)
    expect(sheet.getRow(618).getCell(1).value).toBe(617)
  })

  it.each(['csv', 'xlsx', 'pdf'] as const)('%s: a file that cannot be written fails with its code, never "done"', async (format) => {
    // Before, each writer waited for "closed or failed" with once(stream, 'error'), which
    // resolves on an error: a failed file counted as finished.
    for (const written of [[], pages]) {
      const failure = await writeAll(pageWriter(spec(join(folder, 'no such folder', `list.${format}`), format)), written).then(
        () => null,
        (error: unknown) => error,
      )
      expect(failure).toMatchObject({ code: 'ENOENT' })
      expect(isDiskFull(failure) || isNotWritable(failure)).toBe(false)
    }
  })
})
