import { readdirSync, readFileSync } from 'node:fs'
import { join } from 'node:path'
import { parse } from 'csv-parse/sync'
import ExcelJS from 'exceljs'
import type { Download, Page } from 'playwright-core'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { bulkInsertCustomers } from '../../electron/core/customers/bulk'
import { HostFileExchange } from '../host/file-exchange'
import { expectAccessible } from '../support/axe'
import type { BrowserApp } from '../support/browser'
import { tempDir } from '../support/core'
import { addCustomer, search, shownCount, startOwnerApp } from '../support/customers'
import { pdfPages } from '../support/pdf-text'
import { choose, expectText } from '../support/ui'
import { people } from '../core/customers/fixtures'

/** Old customers (registered months ago, outside the 30 days the list opens on), enough for a slowed export to be watched and cancelled. */
const OLD = 400

describe('exporting the customer list (CSV, Excel, PDF) through the browser host', () => {
  let app: BrowserApp
  let page: Page
  const files = new HostFileExchange(tempDir('backroom-export-exchange-'))
  // The host keeps each session's files in a folder of its own under downloads.
  const downloads = () => readdirSync(join(files.folder, 'downloads'), { recursive: true }).sort()

  beforeAll(async () => {
    // Pages of 20 with a pause after each: an export of 400 takes about 12 seconds, long enough to see and stop.
    ;({ app, page } = await startOwnerApp({ files, exportPacing: { pageSize: 20, pageDelayMs: 600 }, automaticBackups: false }))
    await addCustomer(app, { firstName: 'Ana', lastName: 'García', email: 'ana@example.com', phone: '(212) 555-0101', city: 'New York' })
    await addCustomer(app, { firstName: '=1+2', lastName: 'García', email: 'formula@example.com' })
    await addCustomer(app, { firstName: 'Ben', lastName: 'Other', email: 'ben@example.com' })
    const owner = (await app.core.ok('auth:status', {})).user!.id
    await bulkInsertCustomers(app.core.services, people(app.core, OLD), { userId: owner })
    await page.reload()
    await page.getByRole('heading', { name: 'Customers' }).waitFor()
  })
  afterAll(async () => app?.close())

  /** Export with the list as it is: pick the format, the host's save dialog downloads the file. */
  async function exportAs(format: string): Promise<{ download: Download; bytes: Buffer }> {
    await page.getByRole('button', { name: 'Export', exact: true }).click()
    const dialog = page.getByRole('dialog', { name: 'Export customers' })
    await dialog.getByLabel(format, { exact: true }).check()
    const downloaded = page.waitForEvent('download')
    await dialog.getByRole('button', { name: 'Export…' }).click()
    const download = await downloaded
    const done = page.getByRole('dialog', { name: 'Export' })
    await expectText(done, /Saved Customer Report .* \(2 customers\)/)
    await done.getByRole('button', { name: 'Done' }).click()
    return { download, bytes: readFileSync((await download.path())!) }
  }

  it('exports the searched list as CSV: UTF-8 with BOM, exactly the rows shown, formulas neutralised', async () => {
    await search(page, 'García')
    await expect.poll(() => shownCount(page)).toBe(2)
    await page.getByRole('button', { name: 'Export', exact: true }).click()
    const dialog = page.getByRole('dialog', { name: 'Export customers' })
    await expectText(dialog, 'Active customers matching “García”')
    await expectText(dialog, 'Notes, gate codes and ID, licence and medical numbers are left out')
    await expectAccessible(page, 'the export dialog', dialog)
    await dialog.getByRole('button', { name: 'Cancel' }).click()
    await expect.poll(() => page.getByRole('dialog').count()).toBe(0)

    const { download, bytes } = await exportAs('CSV (opens in Excel and any spreadsheet)')
    expect(download.suggestedFilename()).toMatch(/^Customer Report \d{4}-\d{2}-\d{2} \d{2}-\d{2}-\d{2}\.csv$/)
    expect([...bytes.subarray(0, 3)]).toEqual([0xef, 0xbb, 0xbf])
    const rows = parse(bytes, { bom: true, columns: true }) as Record<string, string>[]
    expect(rows.map((r) => [r['First name'], r['Last name'], r.Email])).toEqual([
      ["'=1+2", 'García', 'formula@example.com'],
      ['Ana', 'García', 'ana@example.com'],
    ])
    expect(rows[1]).toMatchObject({ Phone: '(212) 555-0101', City: 'New York', Status: 'Active' })
  })

  it('exports the same list as an Excel workbook', async () => {
    const { download, bytes } = await exportAs('Excel workbook (.xlsx)')
    expect(download.suggestedFilename()).toMatch(/^Customer Report .*\.xlsx$/)
    const book = new ExcelJS.Workbook()
    await book.xlsx.load(bytes as unknown as ArrayBuffer)
    const sheet = book.getWorksheet('Customers')!
    const header = (sheet.getRow(1).values as unknown[]).slice(1)
    const column = (label: string) => [2, 3].map((r) => sheet.getRow(r).getCell(header.indexOf(label) + 1).value)
    expect(column('First name')).toEqual(['=1+2', 'Ana'])
    expect(column('Email')).toEqual(['formula@example.com', 'ana@example.com'])
    expect(sheet.rowCount).toBe(3)
  })

  it('exports it as a PDF headed by the store, the filters and the date', async () => {
    const { download, bytes } = await exportAs('PDF (to print or send)')
    expect(download.suggestedFilename()).toMatch(/^Customer Report .*\.pdf$/)
    const [first, ...rest] = pdfPages(bytes)
    expect(rest).toEqual([])
    expect(first.slice(0, 3)).toEqual(['Corner Shop', 'Page 1', 'Customer Report'])
    expect(first[3]).toMatch(/^Active customers · matching “García”, whenever they registered · by registration date, descending · Made \d\d\/\d\d\/\d{4}/)
    expect(first).toEqual(expect.arrayContaining(['Ana García', '=1+2 García', 'ana@example.com', 'New York']))
  })

  it('shows the progress of a long export, and Cancel leaves no file behind', async () => {
    await page.getByLabel('Search customers').fill('')
    await choose(page, 'Registered', 'All time')
    await expect.poll(() => shownCount(page)).toBe(OLD + 3)
    const before = downloads()
    await page.getByRole('button', { name: 'Export', exact: true }).click()
    const dialog = page.getByRole('dialog', { name: 'Export customers' })
    await dialog.getByRole('button', { name: 'Export…' }).click()
    const running = page.getByRole('dialog', { name: 'Exporting customers' })
    await expectText(running, new RegExp(`[1-9][0-9]* of ${OLD + 3} customers written`))
    await expect.poll(async () => Number(await running.getByRole('progressbar').getAttribute('aria-valuenow'))).toBeGreaterThan(0)
    await expectAccessible(page, 'the export progress dialog', running)
    await running.getByRole('button', { name: 'Cancel export' }).click()
    const ended = page.getByRole('dialog', { name: 'Export' })
    await expectText(ended, 'Export cancelled. No file was saved.')
    await expectAccessible(page, 'the cancelled export', ended)
    expect(downloads()).toEqual(before)
    await ended.getByRole('button', { name: 'Done' }).click()
    await expect.poll(() => page.getByRole('dialog').count()).toBe(0)
    await expectAccessible(page, 'the customer screen after an export')
  })
})
