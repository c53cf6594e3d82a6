import { readFileSync } from 'node:fs'
import { join } from 'node:path'
import { parse } from 'csv-parse/sync'
import ExcelJS from 'exceljs'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { manualClock, startSetUpCore, tempDir, type TestCore } from '../../../support/core'
import { pdfPages } from '../../../support/pdf-text'
import { scriptedDialogs } from '../../../support/platform'
import { addCustomer } from '../fixtures'
import { exportTo, filesIn } from './helpers'

/** Each format parsed back: the file holds exactly the list's rows, every contact field, safely. */
let core: TestCore
const dialogs = scriptedDialogs()
const folder = tempDir('backroom-export-')
const clock = manualClock('2026-12-02T15:12:30.000Z')

beforeAll(async () => {
  core = await startSetUpCore({ dialogs: dialogs.dialogs, now: clock.now })
  await addCustomer(core, {
    firstName: 'Ana',
    lastName: 'García',
    nickname: 'Anita',
    phone: '(212) 555-0101',
    email: 'ana@example.com',
    emailOptIn: true,
    addressLine1: '1 Main St',
    addressLine2: 'Apt 2, back door',
    city: 'New York',
    state: 'NY',
    zip: '10001',
    country: 'US',
    dateOfBirth: '1990-05-01',
    gender: 'female',
    customerType: 'vip',
    notes: 'secret note',
    idNumber: 'ID-SECRET',
    giftCardNumber: 'GC-77',
  })
  clock.advance(60_000)
  // A name that would be a formula, one starting with a tab, quotes and a line break in the address.
  await addCustomer(core, { firstName: '=HYPERLINK("http://evil.example","x")', lastName: '+1+1', addressLine1: 'Line "one"', city: '@home' })
  clock.advance(60_000)
  await addCustomer(core, { firstName: '-2', lastName: 'Zoë', email: 'zoe@example.com' })
})
afterAll(() => core.cleanup())

describe('CSV', () => {
  it('opens in Excel as UTF-8 (BOM, CRLF), one row per customer with every contact field, formulas neutralised', async () => {
    const progress = await exportTo(core, dialogs, join(folder, 'list.csv'))
    expect(progress).toMatchObject({ state: 'done', done: 3, total: 3, format: 'csv', file: join(folder, 'list.csv'), error: null })
    expect(dialogs.asked.at(-1)).toMatchObject({ kind: 'save', defaultName: 'Customer Report 2026-12-02 10-14-30.csv' })
    const bytes = readFileSync(join(folder, 'list.csv'))
    expect([...bytes.subarray(0, 3)]).toEqual([0xef, 0xbb, 0xbf])
    expect(bytes.toString('utf8')).toContain('\r\n')
    const rows = parse(bytes, { bom: true, columns: true }) as Record<string, string>[]
    expect(rows).toHaveLength(3)
    expect(rows[0]).toMatchObject({
      'Customer number': '1',
      'First name': 'Ana',
      'Last name': 'García',
      Nickname: 'Anita',
      Phone: '(212) 555-0101',
      Email: 'ana@example.com',
      'Email opt-in': 'Yes',
      'SMS opt-in': 'No',
      'Address line 1': '1 Main St',
      'Address line 2': 'Apt 2, back door',
      City: 'New York',
      State: 'NY',
      ZIP: '10001',
      Country: 'US',
      'Date of birth': '1990-05-01',
      Gender: 'Female',
      'Customer type': 'VIP',
      'Gift card number': 'GC-77',
      Stores: 'Corner Shop',
      Status: 'Active',
      Registered: '2026-12-02 10:12',
    })
    // What reaching customers does not need stays on the PC.
    expect(bytes.toString('utf8')).not.toMatch(/secret note|ID-SECRET/)
    expect(rows[1]['First name']).toBe(`'=HYPERLINK("http://evil.example","x")`)
    expect(rows[1]['Last name']).toBe(`'+1+1`)
    expect(rows[1]['Address line 1']).toBe('Line "one"')
    expect(rows[1].City).toBe(`'@home`)
    expect(rows[2]['First name']).toBe(`'-2`)
    expect(rows[2]['Last name']).toBe('Zoë')
    expect(filesIn(folder)).toEqual(['list.csv'])
  })
})

describe('Excel', () => {
  it('is a workbook with typed cells: numbers, dates, text as typed', async () => {
    const progress = await exportTo(core, dialogs, join(folder, 'list.xlsx'), { format: 'xlsx' })
    expect(progress).toMatchObject({ state: 'done', done: 3, total: 3 })
    const book = new ExcelJS.Workbook()
    await book.xlsx.readFile(join(folder, 'list.xlsx'))
    const sheet = book.getWorksheet('Customers')!
    expect(sheet.rowCount).toBe(4)
    const header = (sheet.getRow(1).values as unknown[]).slice(1)
    const cell = (row: number, label: string) => sheet.getRow(row).getCell(header.indexOf(label) + 1).value
    expect(cell(2, 'Customer number')).toBe(1)
    expect(cell(2, 'Last name')).toBe('García')
    expect(cell(2, 'Date of birth')).toEqual(new Date(Date.UTC(1990, 4, 1)))
    expect(sheet.getRow(2).getCell(header.indexOf('Date of birth') + 1).numFmt).toBe('mm/dd/yyyy')
    expect(cell(2, 'Registered')).toEqual(new Date(Date.UTC(2026, 11, 2, 10, 12)))
    expect(cell(2, 'Loyalty points')).toBe(0)
    // A string cell is never evaluated: the name stays as typed.
    expect(cell(3, 'First name')).toBe('=HYPERLINK("http://evil.example","x")')
    expect(cell(4, 'Last name')).toBe('Zoë')
  })
})

describe('PDF', () => {
  it('is a paginated table headed by the store, the filters and the date', async () => {
    const progress = await exportTo(core, dialogs, join(folder, 'list.pdf'), { format: 'pdf', query: 'example.com' })
    expect(progress).toMatchObject({ state: 'done', done: 2, total: 2 })
    const pdf = readFileSync(join(folder, 'list.pdf'))
    expect(pdf.subarray(0, 5).toString()).toBe('%PDF-')
    const [page] = pdfPages(pdf)
    expect(page.slice(0, 4)).toEqual([
      'Corner Shop',
      'Page 1',
      'Customer Report',
      'Active customers · matching “example.com”, whenever they registered · by customer number, ascending · Made 12/02/2026, 10:14 AM',
    ])
    expect(page).toEqual(expect.arrayContaining(['Name', 'Phone', 'Email', 'Address', 'Ana García (Anita)', '(212) 555-0101', 'ana@example.com', '-2 Zoë']))
    expect(page).toContain('1 Main St, Apt 2, back door, New York, NY 10001, US')
  })
})

describe('PDF in other alphabets', () => {
  it('prints Latin, Greek, Cyrillic, Chinese, Japanese and Korean names as typed (embedded fonts, not "?"); a character no font has prints as "?"', async () => {
    const store = await core.services.db('stores').where({ id: core.services.localStoreId()! }).first()
    await core.services.db('stores').where({ id: store.id }).update({ name: 'Κατάστημα Ωμέγα' })
    try {
      for (const [firstName, lastName] of [['Zoë', 'Ødegård'], ['Łukasz', 'Żółć'], ['Αλέξης', 'Παπαδόπουλος'], ['Дмитрий', 'Шостакович'], ['Mei', '王'], ['山田', '太郎'], ['민준', '김'], ['Joy', '🧡']]) {
        await addCustomer(core, { firstName, lastName, email: `${firstName.length}${lastName.length}@intl.example`, city: 'Θεσσαλονίκη' })
      }
      const file = join(folder, 'intl.pdf')
      const progress = await exportTo(core, dialogs, file, { format: 'pdf', query: 'intl.example' })
      expect(progress).toMatchObject({ state: 'done', done: 8 })
      const [page] = pdfPages(readFileSync(file))
      expect(page[0]).toBe('Κατάστημα Ωμέγα')
      expect(page).toEqual(expect.arrayContaining(['Zoë Ødegård', 'Łukasz Żółć', 'Αλέξης Παπαδόπουλος', 'Дмитрий Шостакович', 'Mei 王', '山田 太郎', '민준 김', 'Joy ?']))
      expect(page.filter((text) => text === 'Θεσσαλονίκη')).toHaveLength(8)
      // Only the glyphs used are embedded: the whole font is ~740 KB.
      expect(readFileSync(file).length).toBeLessThan(60_000)
    } finally {
      await core.services.db('stores').where({ id: store.id }).update({ name: store.name })
    }
  })
})
