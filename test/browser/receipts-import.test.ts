import { readFileSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import type { Page } from 'playwright-core'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { HostFileExchange } from '../host/file-exchange'
import { expectAccessible, openDialog } from '../support/axe'
import { screenshotPath, type BrowserApp } from '../support/browser'
import { OWNER, tempDir } from '../support/core'
import { closeReceiptImports, receiptImportJobs } from '../../electron/core/sales/import/service'
import { addCustomer, startOwnerApp } from '../support/customers'
import { expectText } from '../support/ui'

/**
 * A store owner brings last spring's receipts from the old register: the first file has a receipt
 * whose payments fall short (the screen says by how much, and imports nothing), the fixed file is
 * imported with points, and the receipt is found in the Receipts list. The same file again adds nothing.
 */
const dir = tempDir('backroom-receipt-import-browser-')
const HEADER = 'Receipt number,Date,Customer,Item,Quantity,Unit price,Tax rate (%),Payment method,Payment amount'
const FIXED = [
  HEADER,
  'OLD-1001,2026-03-14 14:30,ann@example.org,Notebook,2,5.00,8.875,,',
  'OLD-1001,2026-03-14 14:30,ann@example.org,Pen,1,1.50,,Card,12.39',
  'OLD-1002,03/15/2026 9:05 PM,,Mug,1,8.00,,Cash,10.00',
].join('\n')
const SHORT = FIXED.replace('Card,12.39', 'Card,12.00')

describe('importing receipts from the register', () => {
  let app: BrowserApp
  let page: Page
  beforeAll(async () => {
    ;({ app, page } = await startOwnerApp({ files: new HostFileExchange(tempDir('backroom-exchange-')), automaticBackups: false }))
    await app.core.ok('taxRates:save', { id: null, name: 'State tax', ratePercent: 8.875, active: true })
    await app.core.ok('settings:update', { ...(await app.core.ok('settings:get', {})), loyaltyPointsPerUnit: 1 })
    await addCustomer(app, { firstName: 'Ann', lastName: 'Archer', email: 'ann@example.org', loyaltyEnrolled: true })
  })
  afterAll(() => app?.close())

  async function chooseFile(label: string, name: string, text: string) {
    const path = join(dir, name)
    writeFileSync(path, text)
    const chooser = page.waitForEvent('filechooser')
    await page.getByRole('button', { name: label }).click()
    await (await chooser).setFiles(path)
    await page.getByRole('heading', { name, level: 2 }).waitFor()
  }

  async function openImport() {
    await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Receipts', exact: true }).click()
    await page.getByRole('heading', { name: 'Receipts', level: 1 }).waitFor()
    await page.getByRole('button', { name: 'Import receipts' }).click()
    await page.getByRole('heading', { name: 'Import receipts', level: 1 }).waitFor()
  }

  it('shows the preview and the errors, and imports nothing while the file has one', async () => {
    await openImport()
    await expectAccessible(page, 'Import receipts: start')
    await chooseFile('Choose a file…', 'register.csv', SHORT)
    await page.getByRole('heading', { name: 'Checked: 1 error to fix' }).waitFor()
    await expectText(page, '3 lines · comma-separated')
    const issues = page.getByRole('table', { name: 'Problems and receipts already imported' })
    const bad = await issues.getByRole('row').nth(1).getByRole('cell').allTextContents()
    expect(bad).toEqual(['2', 'Error', 'Payment amount', '$12.00', 'Receipt OLD-1001: payments add up to $12.00, its total is $12.39 ($0.39 short)'])
    expect(await page.getByRole('button', { name: /^Import \d+ receipts?$/ }).isDisabled()).toBe(true)
    await expectAccessible(page, 'Import receipts: checked with an error')
    // Every problem, as CSV, for the file's owner to fix at the register.
    const download = page.waitForEvent('download')
    await page.getByRole('button', { name: 'Download report (CSV)' }).click()
    const report = readFileSync(await (await download).path(), 'utf8')
    expect(report).toContain('2,Error,Payment amount,$12.00,"Receipt OLD-1001: payments add up to $12.00, its total is $12.39 ($0.39 short)"')
    expect((await app.core.services.db('receipts').count<{ n: number }[]>({ n: '*' }))[0].n).toBe(0)
  })

  it('imports the fixed file with points after a confirmation, and the receipt is found and opened', async () => {
    await chooseFile('Choose another file…', 'register-fixed.csv', FIXED)
    await page.getByRole('heading', { name: 'Checked: 2 receipts ready' }).waitFor()
    const totals = page.getByTestId('receipt-import-totals')
    for (const figure of ['2 receipts', '3 lines', 'Total $20.39', '1 customer matched', '1 walk-in', '0 already imported', '0 errors']) await expectText(totals, figure)
    const preview = page.getByRole('table', { name: 'Preview' })
    expect(await preview.getByRole('row').filter({ hasText: 'OLD-1001' }).getByRole('cell').allTextContents()).toEqual(
      expect.arrayContaining(['OLD-1001', 'Ann Archer', '2', '$12.39']),
    )
    await expectText(preview, 'Walk-in')
    // Off by default: past receipts usually had their points.
    const points = page.getByLabel("Award loyalty points by the store's rule")
    expect(await points.isChecked()).toBe(false)
    await points.check()
    await expectText(totals, '11 points to award')
    await expectAccessible(page, 'Import receipts: checked')
    await page.screenshot({ path: screenshotPath('receipt-import-preview'), fullPage: true })

    await page.getByRole('button', { name: 'Import 2 receipts' }).click()
    const dialog = openDialog(page)
    await expectText(dialog, 'Customers earn 11 loyalty points.')
    await expectAccessible(page, 'Import receipts: confirmation', dialog)
    await dialog.getByRole('button', { name: 'Import 2' }).click()
    await page.getByRole('heading', { name: 'Imported 2 receipts' }).waitFor()
    await expectText(page, 'Customers earned 11 loyalty points.')
    await expectAccessible(page, 'Import receipts: done')

    await page.getByRole('button', { name: 'Show receipts' }).click()
    await page.getByRole('heading', { name: 'Receipts', level: 1 }).waitFor()
    const table = page.getByRole('table', { name: 'Receipts' })
    await page.getByLabel('Receipt number').fill('old-1001')
    await page.getByRole('button', { name: 'Search' }).click()
    await expect.poll(() => table.getByRole('row').count()).toBe(2)
    await table.getByRole('link', { name: 'OLD-1001' }).click()
    await page.getByRole('heading', { name: 'Receipt OLD-1001' }).waitFor()
    for (const text of ['Ann Archer', 'Notebook', 'Pen', 'State tax', '$12.39']) await expectText(page, text)
    await expectAccessible(page, 'an imported receipt')
  })

  it('adds nothing when the same file is imported again', async () => {
    await openImport()
    await chooseFile('Choose a file…', 'register-fixed.csv', FIXED)
    await page.getByRole('heading', { name: 'Checked: 0 receipts ready' }).waitFor()
    await expectText(page.getByTestId('receipt-import-totals'), '2 already imported')
    await expectText(page.getByRole('table', { name: 'Problems and receipts already imported' }), 'Already imported: the store has this receipt, skipped')
    expect(await page.getByRole('button', { name: 'Import 0 receipts' }).isDisabled()).toBe(true)
    await expectAccessible(page, 'Import receipts: all already imported')
    expect((await app.core.services.db('receipts').count<{ n: number }[]>({ n: '*' }))[0].n).toBe(2)
  })
})

/**
 * A register's file of a few thousand lines: the check and the save show how far they have got,
 * and Cancel stops either, the save writing nothing. The core pauses after each slice
 * (importSliceDelayMs) so that a person, and this test, can see the bar move and press Cancel.
 */
describe('a large receipt file', () => {
  let app: BrowserApp
  let page: Page
  beforeAll(async () => {
    ;({ app, page } = await startOwnerApp({ files: new HostFileExchange(tempDir('backroom-exchange-')), automaticBackups: false, importSliceDelayMs: 150 }))
    await app.core.ok('taxRates:save', { id: null, name: 'State tax', ratePercent: 8.875, active: true })
  })
  afterAll(() => app?.close())

  /** `receipts` receipts of four lines each (three items and a card payment of $24.39), numbered from `prefix`-0. */
  function registerFile(prefix: string, receipts: number): string {
    const rows = [HEADER]
    for (let r = 0; r < receipts; r++) {
      const when = `2026-0${1 + (r % 9)}-${String(1 + (r % 28)).padStart(2, '0')} ${String(8 + (r % 12)).padStart(2, '0')}:15`
      rows.push(`${prefix}-${r},${when},,Notebook,2,5.00,8.875,,`, `${prefix}-${r},${when},,Pen,1,1.50,,,`, `${prefix}-${r},${when},,Mug,3,4.00,,,`, `${prefix}-${r},${when},,,,,,Card,24.39`)
    }
    return rows.join('\n')
  }

  async function openWith(name: string, text: string) {
    await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Receipts', exact: true }).click()
    await page.getByRole('button', { name: 'Import receipts' }).click()
    await page.getByRole('heading', { name: 'Import receipts', level: 1 }).waitFor()
    const path = join(dir, name)
    writeFileSync(path, text)
    const chooser = page.waitForEvent('filechooser')
    await page.getByRole('button', { name: 'Choose a file…' }).click()
    await (await chooser).setFiles(path)
  }

  const receipts = async () => Number((await app.core.services.db('receipts').count<{ n: number }[]>({ n: '*' }))[0].n)
  const bar = () => page.getByRole('progressbar')

  it('shows the check, then the save, moving towards their totals, then what was imported', async () => {
    await openWith('year.csv', registerFile('YEAR', 1000))
    await expectText(page, /Checking line [1-9][0-9,]* of 4,000/)
    await expect.poll(async () => Number(await bar().getAttribute('aria-valuenow'))).toBeGreaterThan(0)
    await expectAccessible(page, 'Import receipts: checking a large file')
    await page.getByRole('heading', { name: 'Checked: 1,000 receipts ready' }).waitFor()
    await expectText(page.getByTestId('receipt-import-totals'), '4,000 lines')

    await page.getByRole('button', { name: 'Import 1,000 receipts' }).click()
    await openDialog(page).getByRole('button', { name: 'Import 1,000' }).click()
    // The file is checked again inside the save's transaction, then every receipt written.
    await expectText(page, /Checking the file again before saving: line [0-9,]+ of 4,000/)
    await expectText(page, /Saving receipt [1-9][0-9,]* of 1,000: all of them or none/)
    await expectAccessible(page, 'Import receipts: saving a large file')
    await page.getByRole('heading', { name: 'Imported 1,000 receipts' }).waitFor()
    expect(await bar().count()).toBe(0)
    expect(await receipts()).toBe(1000)
    await expectAccessible(page, 'Import receipts: a large file imported')
  })

  it('Cancel stops the check, and stops the save with nothing written', async () => {
    const before = await receipts()
    await openWith('another-year.csv', registerFile('MORE', 1000))
    await expectText(page, /Checking line [1-9][0-9,]* of 4,000/)
    await page.getByRole('button', { name: 'Cancel import' }).click()
    await page.getByRole('heading', { name: 'Import cancelled' }).waitFor()
    await expectText(page, 'Nothing was saved.')
    await expectAccessible(page, 'Import receipts: check cancelled')

    await page.getByRole('button', { name: 'Check the file again' }).click()
    await page.getByRole('heading', { name: 'Checked: 1,000 receipts ready' }).waitFor()
    await page.getByRole('button', { name: 'Import 1,000 receipts' }).click()
    await openDialog(page).getByRole('button', { name: 'Import 1,000' }).click()
    await expectText(page, /Saving receipt [1-9][0-9,]* of 1,000/)
    await expectAccessible(page, 'Import receipts: saving, before Cancel')
    await page.getByRole('button', { name: 'Cancel import' }).click()
    await page.getByRole('heading', { name: 'Import cancelled' }).waitFor()
    await expectText(page, 'Nothing was saved.')
    expect(await receipts()).toBe(before)
    await expectAccessible(page, 'Import receipts: save cancelled')
  })

  it('a save polled on after the screen was locked under it shows how it ended, and an import gone is said so', async () => {
    const before = await receipts()
    await openWith('locked-year.csv', registerFile('LOCKED', 1000))
    await page.getByRole('heading', { name: 'Checked: 1,000 receipts ready' }).waitFor()
    await page.getByRole('button', { name: 'Import 1,000 receipts' }).click()
    await openDialog(page).getByRole('button', { name: 'Import 1,000' }).click()
    await expectText(page, /Checking the file again before saving: line [0-9,]+ of 4,000/)
    // The desk's keys do nothing while a dialog is open (shell/shortcuts.ts): the confirmation
    // must be gone first, or Ctrl+L is ignored (on a loaded machine the dialog was still leaving).
    await page.getByRole('dialog').first().waitFor({ state: 'detached' })
    // Locked while it saves: the screen's polls are refused (UNAUTHENTICATED) until it is unlocked.
    await page.keyboard.press('Control+l')
    const lock = page.getByRole('dialog', { name: /^Locked by / })
    await lock.waitFor()
    const job = [...receiptImportJobs(app.core.services.db).values()].find((j) => j.file.fileName === 'locked-year.csv')!
    await job.settled()
    expect(job.phase).toBe('saved')
    await lock.getByLabel('Password or PIN').fill(OWNER.pin)
    await lock.getByRole('button', { name: 'Unlock' }).click()
    await lock.waitFor({ state: 'detached' })
    await page.getByRole('heading', { name: 'Imported 1,000 receipts' }).waitFor()
    expect(await receipts()).toBe(before + 1000)

    // An import closed under the screen (as a restore of a backup closes it): the bar goes, and the screen says so.
    await openWith('gone-year.csv', registerFile('GONE', 1000))
    await expectText(page, /Checking line [1-9][0-9,]* of 4,000/)
    await closeReceiptImports(app.core.services.db)
    await expectText(page, 'This import is no longer open: choose the file again')
    expect(await bar().count()).toBe(0)
    await expectAccessible(page, 'Import receipts: the import gone')
  })

  it('a save still running when the screen is opened again shows its bar and Cancel again', async () => {
    const before = await receipts()
    await openWith('third-year.csv', registerFile('THIRD', 1000))
    await page.getByRole('heading', { name: 'Checked: 1,000 receipts ready' }).waitFor()
    await page.getByRole('button', { name: 'Import 1,000 receipts' }).click()
    await openDialog(page).getByRole('button', { name: 'Import 1,000' }).click()
    await expectText(page, /Checking the file again before saving: line [0-9,]+ of 4,000/)
    // Away to the receipts list, and back: the save goes on, and the screen finds it.
    await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Receipts', exact: true }).click()
    await page.getByRole('heading', { name: 'Receipts', level: 1 }).waitFor()
    await page.getByRole('button', { name: 'Import receipts' }).click()
    await page.getByRole('heading', { name: 'third-year.csv', level: 2 }).waitFor()
    await expectText(page, /Saving receipt [1-9][0-9,]* of 1,000: all of them or none/)
    expect(await page.getByRole('button', { name: 'Choose another file…' }).isDisabled()).toBe(true)
    await expectAccessible(page, 'Import receipts: a running save picked up')
    await page.getByRole('button', { name: 'Cancel import' }).click()
    await page.getByRole('heading', { name: 'Import cancelled' }).waitFor()
    await expectText(page, 'Nothing was saved.')
    expect(await receipts()).toBe(before)
  })
})
