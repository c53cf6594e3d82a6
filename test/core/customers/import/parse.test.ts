import { readFileSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import ExcelJS from 'exceljs'
import iconv from 'iconv-lite'
import { afterAll, describe, expect, it } from 'vitest'
import { dayOrderOf, readDate } from '../../../../electron/core/imports/dates'
import { decodeText, utf16Of } from '../../../../electron/core/imports/decode'
import { detectSeparator, readCsv } from '../../../../electron/core/imports/read-csv'
import { readImportFile } from '../../../../electron/core/imports/read-file'
import { recogniseSystem, suggestMapping } from '../../../../electron/core/customers/import/systems'
import { cleanValue, readYesNo, splitFullName } from '../../../../electron/core/customers/import/values'
import { tempDir } from '../../../support/core'
import { fixture } from './helpers'
import { rmSync } from 'node:fs'

const dir = tempDir('backroom-import-parse-')
afterAll(() => rmSync(dir, { recursive: true, force: true }))
const TODAY = '2026-12-02'

describe('encodings', () => {
  it('reads UTF-8 with and without a byte-order mark, UTF-16 and Windows-1252', () => {
    const text = 'Name\nZoë Müller – “café”\n'
    expect(decodeText(Buffer.from(text, 'utf8'))).toEqual({ text, encoding: 'UTF-8', readAs: 'utf-8' })
    expect(decodeText(Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), Buffer.from(text)]))).toEqual({ text, encoding: 'UTF-8 (with BOM)', readAs: 'utf-8' })
    expect(decodeText(Buffer.concat([Buffer.from([0xff, 0xfe]), iconv.encode(text, 'utf16le')]))).toEqual({ text, encoding: 'UTF-16', readAs: null })
    expect(decodeText(iconv.encode(text, 'windows-1252'))).toEqual({ text, encoding: 'Windows-1252 (Western)', readAs: 'windows-1252' })
  })

  // chardet named these few bytes of Windows-1252 "ASCII" (José came out as "Jos\ufffd"), Shift_JIS
  // (Inés Muñoz as "In駸 Muz"), windows-1257 (François as "Franēois") and windows-1250, at 68 for
  // "Seńora" (Peña as "Peńa", Hélène as "Hélčne"), and each guess was taken.
  it.each([
    'Name\r\nJosé\r\nZoë\r\n',
    'Name\r\nNoël Smith\r\nInés Muñoz\r\n',
    'Name\r\nFrançois\r\nÆsir\r\n',
    'Name\r\nSeñora\r\nCafé “oat”\r\n',
    'First name,Last name,Notes\r\nZoë,Peña,Café “oat”\r\nHélène,Núñez,\r\n',
  ])('reads a short Windows-1252 file as Windows-1252 when chardet is not sure of another code page: %j', (text) => {
    expect(decodeText(iconv.encode(text, 'windows-1252'))).toEqual({ text, encoding: 'Windows-1252 (Western)', readAs: 'windows-1252' })
  })

  it('still reads another code page chardet is sure of: a few rows of Korean, a longer file of Russian', () => {
    const korean = '이름,성,전화\r\n민준,김,01012345678\r\n서연,이,01098765432\r\n'
    expect(decodeText(iconv.encode(korean, 'EUC-KR'))).toEqual({ text: korean, encoding: 'EUC-KR (Korean)', readAs: 'euc-kr' })
    const names = ['Иван,Петров', 'Мария,Смирнова', 'Алексей,Кузнецов', 'Ольга,Иванова', 'Сергей,Попов', 'Наталья,Соколова']
    const russian = ['Имя,Фамилия', ...Array.from({ length: 80 }, (_, i) => names[i % names.length])].join('\r\n') + '\r\n'
    expect(Buffer.byteLength(iconv.encode(russian, 'windows-1251'))).toBeGreaterThan(1024)
    expect(decodeText(iconv.encode(russian, 'windows-1251'))).toEqual({ text: russian, encoding: 'Windows-1251 (Cyrillic)', readAs: 'windows-1251' })
  })

  it('reads UTF-16 without a byte-order mark, either byte order, and still refuses NULs of a binary file', () => {
    const text = 'First name\tLast name\tPhone\r\nZoë\tMüller\t2125550101\r\n太郎\t山田\t09012345678\r\n'
    expect(decodeText(iconv.encode(text, 'utf16le'))).toEqual({ text, encoding: 'UTF-16', readAs: null })
    expect(decodeText(iconv.encode(text, 'utf16be'))).toEqual({ text, encoding: 'UTF-16', readAs: null })
    expect(utf16Of(Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0, 0, 0, 0x0d, 0x49, 0x48, 0x44, 0x52, 0, 0, 0, 1, 0, 0, 0, 1]))).toBeNull()
    // 16-bit numbers below 256 have the NULs of UTF-16 but are no text.
    expect(utf16Of(Buffer.from(Uint16Array.from({ length: 64 }, (_, i) => i % 32).buffer))).toBeNull()
  })

  it('reads the Windows-1252 fixture with its accents, curly quotes and dash', async () => {
    const file = await readImportFile(fixture('plain-windows-1252.csv'))
    expect(file).toMatchObject({ encoding: 'Windows-1252 (Western)', readAs: 'windows-1252', encodingChoice: true, format: 'semicolon', headers: ['Forename', 'Surname', 'E-mail', 'Mobile', 'Birthday', 'Postcode', 'Town', 'Do not email', 'Comments'] })
    expect(file.rows[0].cells).toEqual(['Zoë', 'Müller', 'zoe@example.com', '(212) 555-1021', '25/12/1980', "'01234", 'Köln', 'no', 'Café regular – likes “oat” milk'])
    expect(file.rows[2].cells.slice(0, 2)).toEqual(['Søren', 'Ærø'])
  })
})

describe('separators and quoting', () => {
  it.each([
    ['a,b;c\n1,2', ','],
    ['a;b;c,d\n1;2;3', ';'],
    ['a\tb\tc\n1\t2\t3', '\t'],
    ['"x;y;z",b,c\n1,2,3', ','],
    ['single\n1', ','],
  ] as const)('%j is separated by %j', (text, separator) => {
    expect(detectSeparator(text)).toBe(separator)
  })

  it('keeps line breaks inside quoted fields and counts rows as a spreadsheet does', () => {
    const rows = readCsv('Name,Note\r\nAna,"line one\r\nline two"\r\n\r\nBen,"says ""hi"""\r\n', ',')
    expect(rows).toEqual([
      { cells: ['Name', 'Note'], line: 1 },
      { cells: ['Ana', 'line one\r\nline two'], line: 2 },
      { cells: ['Ben', 'says "hi"'], line: 4 },
    ])
  })

  it('ends a record at every line ending outside quotes, mixed in one file or CR only (old Mac)', () => {
    // A bare \n after a \r\n header was read as part of the field: Ben was glued into Ana's phone.
    expect(readCsv('First name,Phone\r\nAna,2125550101\nBen,2125550102\r\nCal,2125550103\n', ',')).toEqual([
      { cells: ['First name', 'Phone'], line: 1 },
      { cells: ['Ana', '2125550101'], line: 2 },
      { cells: ['Ben', '2125550102'], line: 3 },
      { cells: ['Cal', '2125550103'], line: 4 },
    ])
    expect(readCsv('First name,Note\rAna,"one\rtwo"\r\rBen,x\nCal,y\r', ',')).toEqual([
      { cells: ['First name', 'Note'], line: 1 },
      { cells: ['Ana', 'one\rtwo'], line: 2 },
      { cells: ['Ben', 'x'], line: 4 },
      { cells: ['Cal', 'y'], line: 5 },
    ])
  })

  it('skips rows of separators only, as Excel leaves them, and drops a byte-order mark inside the text', () => {
    expect(readCsv('First name,Last name,Email\r\nAna,Alpha,a@x.com\r\n,,\r\n , ,\r\n\ufeffBen,Beta,b@x.com\r\n,,\r\n', ',')).toEqual([
      { cells: ['First name', 'Last name', 'Email'], line: 1 },
      { cells: ['Ana', 'Alpha', 'a@x.com'], line: 2 },
      { cells: ['Ben', 'Beta', 'b@x.com'], line: 5 },
    ])
  })

  it('reads a tab-separated UTF-16 file (Excel "Unicode text")', async () => {
    const path = join(dir, 'unicode.txt')
    writeFileSync(path, Buffer.concat([Buffer.from([0xff, 0xfe]), iconv.encode('First name\tZIP\r\nÅsa\t02134\r\n', 'utf16le')]))
    const file = await readImportFile(path)
    expect(file).toMatchObject({ format: 'tab', encoding: 'UTF-16', headers: ['First name', 'ZIP'], rows: [{ cells: ['Åsa', '02134'], line: 2 }] })
  })

  it('reads a UTF-16 file without a byte-order mark (it was refused as not a text file)', async () => {
    for (const order of ['utf16le', 'utf16be'] as const) {
      const path = join(dir, `no-bom-${order}.txt`)
      writeFileSync(path, iconv.encode('First name\tZIP\r\nÅsa\t02134\r\nZoë\t00501\r\n', order))
      const file = await readImportFile(path)
      expect(file, order).toMatchObject({ format: 'tab', encoding: 'UTF-16', headers: ['First name', 'ZIP'], rows: [{ cells: ['Åsa', '02134'], line: 2 }, { cells: ['Zoë', '00501'], line: 3 }] })
    }
  })

  it('skips the header row repeated (two exports pasted together), as the header is read, and notes it', async () => {
    const path = join(dir, 'pasted.csv')
    writeFileSync(path, '\ufeffFirst name,Last name,,Email\r\nAna,Alpha,,a@x.com\r\n First name ,Last name,,Email,\r\nBen,Beta,,b@x.com\r\nFirst name,Last name,x,Email\r\n')
    const file = await readImportFile(path)
    expect(file.headers).toEqual(['First name', 'Last name', 'Column 3', 'Email'])
    // The last row has a value where the header has none: a customer (with errors, maybe), not the header.
    expect(file.rows.map((r) => r.line)).toEqual([2, 4, 5])
    expect(file.skipped).toEqual([
      { row: 3, kind: 'note', field: 'Whole row', value: 'First name, Last name, Column 3, Email', message: 'The header row again (files pasted together): skipped' },
    ])
  })
})

describe('values', () => {
  it('drops the apostrophe exporters put before numbers, keeps leading zeros and apostrophes in names', () => {
    expect(cleanValue("'02134")).toBe('02134')
    expect(cleanValue(" '+12125551004 ")).toBe('+12125551004')
    expect(cleanValue("O'Brien")).toBe("O'Brien")
    expect(cleanValue("'Ohana")).toBe("'Ohana")
    expect(cleanValue('00501')).toBe('00501')
  })

  it('splits full names', () => {
    expect(splitFullName('Jane Kim')).toEqual({ firstName: 'Jane', lastName: 'Kim' })
    expect(splitFullName('Lopez, Maria')).toEqual({ firstName: 'Maria', lastName: 'Lopez' })
    expect(splitFullName('Mary Ann Smith')).toEqual({ firstName: 'Mary Ann', lastName: 'Smith' })
    expect(splitFullName('Nils Berg Jr.')).toEqual({ firstName: 'Nils', lastName: 'Berg Jr.' })
    expect(splitFullName('Cher')).toEqual({ firstName: 'Cher', lastName: '' })
  })

  it('reads opt-in columns in their dialects', () => {
    for (const yes of ['yes', 'Y', 'TRUE', '1', 'subscribed', 'Subscribed', 'opted in']) expect(readYesNo(yes)).toBe(true)
    for (const no of ['no', 'N', 'false', '0', '', 'unsubscribed', 'bounced', 'pending', 'never subscribed']) expect(readYesNo(no)).toBe(false)
    expect(readYesNo('maybe')).toBeUndefined()
  })
})

describe('dates', () => {
  it('reads a two-digit year as the nearest year in an expiry, the latest past one elsewhere', () => {
    // An expiry of 12/31/28 was read as 1928: long expired, while the licence runs to 2028.
    expect(readDate('12/31/28', 'mdy', TODAY, 'nearest')).toEqual({ kind: 'date', iso: '2028-12-31' })
    expect(readDate('12/31/28', 'mdy', TODAY)).toEqual({ kind: 'date', iso: '1928-12-31' })
    expect(readDate('01/05/19', 'mdy', TODAY, 'nearest')).toEqual({ kind: 'date', iso: '2019-01-05' })
    expect(readDate('01/05/70', 'mdy', TODAY, 'nearest')).toEqual({ kind: 'date', iso: '2070-01-05' })
    expect(readDate('01/05/77', 'mdy', TODAY, 'nearest')).toEqual({ kind: 'date', iso: '1977-01-05' })
    // 1900 is a real year (the export writes Excel's 1 January 1900 so); 0001 is "no year".
    expect(readDate('1900-04-12', null, TODAY)).toEqual({ kind: 'date', iso: '1900-04-12' })
    expect(readDate('0001-04-12', null, TODAY)).toEqual({ kind: 'no-year', month: 4, day: 12 })
  })

  it.each([
    ['1985-04-12', null, { kind: 'date', iso: '1985-04-12' }],
    ['2024-05-06T10:11:12+00:00', null, { kind: 'date', iso: '2024-05-06' }],
    ['2024-03-05 14:22:10', null, { kind: 'date', iso: '2024-03-05' }],
    ['04/25/1990', null, { kind: 'date', iso: '1990-04-25' }],
    ['25/04/1990', null, { kind: 'date', iso: '1990-04-25' }],
    ['03/04/1979', null, { kind: 'ambiguous' }],
    ['03/04/1979', 'mdy', { kind: 'date', iso: '1979-03-04' }],
    ['03/04/1979', 'dmy', { kind: 'date', iso: '1979-04-03' }],
    ['12.11.1990', 'dmy', { kind: 'date', iso: '1990-11-12' }],
    ['4/5/85', 'mdy', { kind: 'date', iso: '1985-04-05' }],
    ['4/5/24', 'mdy', { kind: 'date', iso: '2024-04-05' }],
    ['12 Apr 1985', null, { kind: 'date', iso: '1985-04-12' }],
    ['April 12, 1985', null, { kind: 'date', iso: '1985-04-12' }],
    ['07/04', 'mdy', { kind: 'no-year', month: 7, day: 4 }],
    ['--04-12', null, { kind: 'no-year', month: 4, day: 12 }],
    ['1604-04-12', null, { kind: 'no-year', month: 4, day: 12 }],
    ['0000-04-12', null, { kind: 'no-year', month: 4, day: 12 }],
    ['12 April', null, { kind: 'no-year', month: 4, day: 12 }],
    ['1990-02-30', null, { kind: 'invalid' }],
    ['13/13/1990', null, { kind: 'invalid' }],
    ['soon', null, { kind: 'invalid' }],
    ['', null, { kind: 'empty' }],
  ] as const)('%s (%s)', (value, order, expected) => {
    expect(readDate(value, order, TODAY)).toEqual(expected)
  })

  it('decides the order by the values the file holds, and says when they do not tell', () => {
    expect(dayOrderOf(['03/04/1979', '25/12/1980'])).toEqual({ order: 'dmy', conflicting: false, ambiguous: [] })
    expect(dayOrderOf(['03/04/1979', '04/25/1990'])).toEqual({ order: 'mdy', conflicting: false, ambiguous: [] })
    expect(dayOrderOf(['03/04/1979', '05/06/1980', '1985-01-01'])).toEqual({ order: null, conflicting: false, ambiguous: ['03/04/1979', '05/06/1980'] })
    expect(dayOrderOf(['25/12/1980', '04/25/1990'])).toEqual({ order: null, conflicting: true, ambiguous: ['25/12/1980', '04/25/1990'] })
    expect(dayOrderOf(['03/04/1979', '04/25/1990', '05/26/1990', '25/12/1980'])).toEqual({ order: null, conflicting: true, ambiguous: ['04/25/1990', '25/12/1980', '03/04/1979'] })
  })
})

describe('Excel workbooks', () => {
  it('keeps leading zeros of numbers formatted with zeros, writes dates as dates and big numbers whole', async () => {
    const workbook = new ExcelJS.Workbook()
    const sheet = workbook.addWorksheet('Customers')
    sheet.addRow(['First name', 'ZIP', 'Phone', 'Birthday', 'Card'])
    const row = sheet.addRow(['Ana', 2134, 7700900123, new Date(Date.UTC(1985, 3, 12)), 123456789012345])
    row.getCell(2).numFmt = '00000'
    row.getCell(3).numFmt = '00000000000'
    sheet.addRow(['Ben', '00501', { text: 'link', hyperlink: 'mailto:x@example.com' }, null, { formula: '1+1', result: 2 }])
    const path = join(dir, 'customers.xlsx')
    await workbook.xlsx.writeFile(path)
    const file = await readImportFile(path)
    expect(file.format).toBe('Excel workbook')
    expect(file.rows).toEqual([
      { cells: ['Ana', '02134', '07700900123', '1985-04-12', '123456789012345'], line: 2 },
      { cells: ['Ben', '00501', 'link', '', '2'], line: 3 },
    ])
  })
})

describe('known systems', () => {
  it.each([
    ['square.csv', 'Square', { 'Email Address': 'email', 'Phone Number': 'phone', Birthday: 'dateOfBirth', 'Email Subscription Status': 'emailOptIn', 'Postal Code': 'zip', 'Square Customer ID': 'ignore' }],
    ['shopify.csv', 'Shopify', { 'Accepts Email Marketing': 'emailOptIn', 'Default Address Zip': 'zip', Phone: 'phone', 'Accepts SMS Marketing': 'smsOptIn', 'Total Spent': 'ignore' }],
    ['shopify-legacy.csv', 'Shopify (legacy)', { 'Accepts Marketing': 'emailOptIn', 'Province Code': 'state', 'Country Code': 'country', Country: 'ignore' }],
    ['lightspeed.csv', 'Lightspeed Retail', { do_not_email: 'emailOptOut', date_of_birth: 'dateOfBirth', sex: 'gender', physical_postcode: 'zip', mobile: 'notes' }],
    ['woocommerce.csv', 'WooCommerce', { Name: 'fullName', Username: 'username', 'Date registered': 'createdAt', 'Postal code': 'zip' }],
    ['odoo.csv', 'Odoo', { Name: 'fullName', Street: 'addressLine1', Blacklist: 'emailOptOut', Zip: 'zip' }],
    ['opensourcepos.csv', 'OpenSourcePOS', { Consent: 'emailOptIn', 'Phone Number': 'phone', Gender: 'gender', 'Account Number': 'idNumber' }],
    ['plain-windows-1252.csv', null, { Forename: 'firstName', Surname: 'lastName', 'E-mail': 'email', Mobile: 'phone', Postcode: 'zip', 'Do not email': 'emailOptOut', Comments: 'notes' }],
  ] as const)('%s is recognised as %s and mapped', async (name, system, expected) => {
    const file = await readImportFile(fixture(name))
    const recognised = recogniseSystem(file.headers)
    expect(recognised?.name ?? null).toBe(system)
    const mapping = suggestMapping(file.headers, recognised)
    const byHeader = Object.fromEntries(file.headers.map((h, i) => [h, mapping[i]]))
    expect(byHeader).toMatchObject(expected)
    // No field is filled by two columns.
    const fields = mapping.filter((t) => t !== 'ignore' && t !== 'notes')
    expect(new Set(fields).size).toBe(fields.length)
    expect(readFileSync(fixture(name)).length).toBeGreaterThan(0)
  })
})
