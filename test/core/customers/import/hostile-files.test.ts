import { mkdirSync, readFileSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import ExcelJS from 'exceljs'
import { describe, expect, it } from 'vitest'
import type { ImportIssue } from '../../../../electron/contract/imports'
import { readXlsx } from '../../../../electron/core/imports/read-xlsx'
import { scanErrorCells } from '../../../../electron/core/imports/xlsx-errors'
import { localDateOf } from '../../../../electron/core/time/local-dates'
import { OWNER, signIn } from '../../../support/core'
import { checkFile, commitImport, importCoreEachTest, savedCustomers } from './helpers'

const { start, dir } = importCoreEachTest()

async function workbook(name: string, build: (book: ExcelJS.Workbook) => void): Promise<string> {
  const book = new ExcelJS.Workbook()
  build(book)
  const path = join(dir(), name)
  await book.xlsx.writeFile(path)
  return path
}

describe('files an import meets in the wild', () => {
  it('reads a workbook whose first sheet is empty (a cover page) from the first sheet that has rows', async () => {
    const { core, pick } = await start()
    const path = await workbook('cover.xlsx', (book) => {
      book.addWorksheet('Read me')
      const sheet = book.addWorksheet('Customers')
      sheet.addRow(['First Name', 'Last Name'])
      sheet.addRow(['Ana', 'Petrov'])
    })
    const { file, status } = await checkFile(core, pick, path)
    expect(file).toMatchObject({ headers: ['First Name', 'Last Name'], rows: 1 })
    expect(status.summary).toMatchObject({ valid: 1 })
  })

  it('reads a formula cell saved without its value as empty and says so, never as "[object Object]"', async () => {
    const { core, pick } = await start()
    // Written by a script, not by a spreadsheet: the formulas carry no calculated value.
    const path = await workbook('script.xlsx', (book) => {
      const sheet = book.addWorksheet('Customers')
      sheet.addRow(['First Name', 'Last Name', 'City'])
      sheet.addRow(['Ana', 'Petrov', { formula: 'UPPER("paris")' } as ExcelJS.CellFormulaValue])
      sheet.addRow(['Ben', 'Okafor', { formula: 'C2', result: 'PARIS' } as ExcelJS.CellFormulaValue])
    })
    const { file, status } = await checkFile(core, pick, path)
    expect(status.summary).toMatchObject({ valid: 2, withErrors: 0 })
    expect(status.summary!.issues).toEqual([
      { row: 2, kind: 'note', field: 'Cell C2', value: '=UPPER("paris")', message: 'A formula saved without its value: read as empty (open the file in your spreadsheet and save it to import the value)' },
    ])
    await commitImport(core, file.id)
    const saved = await savedCustomers(core)
    expect(saved.Ana.city).toBeNull()
    expect(saved.Ben.city).toBe('PARIS')
  })

  it('reads a formula cell that shows an error (#N/A, #REF!) as empty, naming the error and asking for the formula to be fixed', async () => {
    const { core, pick } = await start()
    // As Excel saves them: the formula with the error it shows as its value. Saving the file
    // again keeps the error, so the note must not say to re-save it.
    const path = await workbook('errors.xlsx', (book) => {
      const sheet = book.addWorksheet('Customers')
      sheet.addRow(['First Name', 'Last Name', 'City', 'Zip'])
      sheet.addRow(['Ana', 'Petrov', { formula: 'VLOOKUP(A2,Cities!A:B,2,FALSE)', result: { error: '#N/A' } } as ExcelJS.CellFormulaValue, '10001'])
      sheet.addRow(['Ben', 'Okafor', 'Paris', { formula: 'Old!B3', result: { error: '#REF!' } } as ExcelJS.CellFormulaValue])
    })
    const { file, status } = await checkFile(core, pick, path)
    expect(status.summary).toMatchObject({ valid: 2, withErrors: 0 })
    expect(status.summary!.issues).toEqual([
      {
        row: 2,
        kind: 'note',
        field: 'Cell C2',
        value: '=VLOOKUP(A2,Cities!A:B,2,FALSE)',
        message: 'A formula that shows the error #N/A: read as empty (fix the formula in your spreadsheet, or replace it by the value, then import the file again)',
      },
      {
        row: 3,
        kind: 'note',
        field: 'Cell D3',
        value: '=Old!B3',
        message: 'A formula that shows the error #REF!: read as empty (fix the formula in your spreadsheet, or replace it by the value, then import the file again)',
      },
    ])
    await commitImport(core, file.id)
    const saved = await savedCustomers(core)
    expect(saved.Ana.city).toBeNull()
    expect(saved.Ben).toMatchObject({ city: 'Paris' })
  })

  it('reads a cell typed as an error with no formula (#N/A typed in) as empty, with a note naming the error', async () => {
    await start()
    // Review: a formula's error got a note, an error typed into a cell (t="e", no formula) read as empty without one.
    const path = await workbook('typed-errors.xlsx', (book) => {
      const sheet = book.addWorksheet('Customers')
      sheet.addRow(['First name', 'City', 'Zip'])
      sheet.addRow(['Ana', { error: '#N/A' } as ExcelJS.CellErrorValue, '10001'])
      sheet.addRow(['Ben', 'Paris', { error: '#VALUE!' } as ExcelJS.CellErrorValue])
    })
    const notes: ImportIssue[] = []
    const rows = await readXlsx(path, notes)
    expect(rows.map((row) => row.cells)).toEqual([
      ['First name', 'City', 'Zip'],
      ['Ana', '', '10001'],
      ['Ben', 'Paris', ''],
    ])
    expect(notes).toEqual([
      { row: 2, kind: 'note', field: 'Cell B2', value: '#N/A', message: 'A cell that shows the error #N/A: read as empty (type the value in your spreadsheet, then import the file again)' },
      { row: 3, kind: 'note', field: 'Cell C3', value: '#VALUE!', message: 'A cell that shows the error #VALUE!: read as empty (type the value in your spreadsheet, then import the file again)' },
    ])
  })

  it('names the error of a cell wherever the sheet’s chunks cut it', () => {
    // Excel's cells, one with a namespace prefix (as the Open XML SDK writes them), a string that
    // starts with "#" (not an error), an empty cell, cut at every place into two chunks.
    const xml =
      '<row r="2"><c r="A2" t="s"><v>0</v></c><c r="B2" s="1" t="e"><f>VLOOKUP(A2,Cities!A:B,2,FALSE)</f><v>#N/A</v></c>' +
      "<x:c r=\"C2\" t='e'><x:f>1/0</x:f><x:v>#DIV/0!</x:v></x:c><c r=\"D2\"/><c r=\"E2\" t=\"str\"><f>\"#x\"</f><v>#x</v></c></row>"
    for (let cut = 0; cut <= xml.length; cut++) {
      const errors = new Map<string, string>()
      const tail = scanErrorCells(xml.slice(0, cut), errors)
      scanErrorCells(tail + xml.slice(cut), errors)
      expect(Object.fromEntries(errors), `cut at ${cut}`).toEqual({ B2: '#N/A', C2: '#DIV/0!' })
    }
  })

  it('reads every Cyrillic, Greek and CJK name whole, wherever the file’s chunks cut a character', async () => {
    // exceljs decoded each chunk of the shared strings alone: a character cut by a chunk's end
    // came back as "��" (15 of 20,000 Cyrillic rows in one file).
    await start()
    const names = Array.from({ length: 20_000 }, (_, i) => `${['Пётр', 'Ελένη', '王小明', 'Zoë'][i % 4]} ${['Иванов', 'Παπαδοπούλου', '李', 'Brontë'][i % 3]}${i}`)
    const path = await workbook('unicode.xlsx', (book) => {
      const sheet = book.addWorksheet('Customers')
      sheet.addRow(['Name'])
      for (const name of names) sheet.addRow([name])
    })
    const rows = await readXlsx(path)
    expect(rows.slice(1).map((row) => row.cells[0])).toEqual(names)
  })

  it('reads a formula whose value is 0 or FALSE as that value, not as one saved without its value', async () => {
    await start()
    const path = await workbook('zero.xlsx', (book) => {
      const sheet = book.addWorksheet('Customers')
      sheet.addRow(['First name', 'Points', 'Member'])
      sheet.addRow(['Ana', { formula: 'B3*0', result: 0 } as ExcelJS.CellFormulaValue, { formula: 'B3>10', result: false } as ExcelJS.CellFormulaValue])
      sheet.addRow(['Ben', 12, { formula: 'B3>10', result: true } as ExcelJS.CellFormulaValue])
    })
    const notes: ImportIssue[] = []
    const rows = await readXlsx(path, notes)
    expect(rows.map((row) => row.cells)).toEqual([
      ['First name', 'Points', 'Member'],
      // A boolean comes back from the file as 1 or 0, true's as before.
      ['Ana', '0', '0'],
      ['Ben', '12', '1'],
    ])
    expect(notes).toEqual([])
  })

  it('reads a formula that gives a date as that date, never as its day number ("31149")', async () => {
    const { core, pick } = await start()
    // As Excel saves it: the formula with its last value, a day number in a date format.
    const path = await workbook('computed.xlsx', (book) => {
      const sheet = book.addWorksheet('Customers')
      sheet.addRow(['First Name', 'Date of birth', 'Date registered'])
      sheet.addRow(['Ana', { formula: 'DATE(1985,4,12)', result: new Date(Date.UTC(1985, 3, 12)) } as ExcelJS.CellFormulaValue, new Date(Date.UTC(2024, 4, 6))])
      sheet.addRow(['Ben', '1990-01-02', { formula: 'C2+1', result: new Date(Date.UTC(2024, 4, 7, 14, 30)) } as ExcelJS.CellFormulaValue])
      sheet.getCell('B2').numFmt = 'mm/dd/yyyy'
      sheet.getCell('C3').numFmt = '[$-409]m/d/yy h:mm AM/PM;@'
    })
    const { file, status } = await checkFile(core, pick, path)
    expect(file.samples.slice(1)).toEqual([
      ['1985-04-12', '1990-01-02'],
      ['2024-05-06', '2024-05-07 14:30'],
    ])
    expect(status.summary).toMatchObject({ valid: 2, withErrors: 0, issueCount: 0 })
    await commitImport(core, file.id)
    const saved = await savedCustomers(core)
    expect(saved.Ana.date_of_birth).toBe('1985-04-12')
    expect(localDateOf(new Date(saved.Ben.created_at as string), 'America/New_York')).toBe('2024-05-07')
  })

  it('says which values of a row lie past the last column, which nothing imports', async () => {
    const { core, pick } = await start()
    const path = join(core.dir, 'shifted.csv')
    // An address with a comma nobody quoted pushes the row one column to the right.
    writeFileSync(path, 'First Name,Address,City\nAna,12 Main St, Apt 4,Boston\nBen,3 Elm St,Salem,,\n')
    const { status } = await checkFile(core, pick, path)
    expect(status.summary!.issues).toEqual([
      { row: 2, kind: 'note', field: 'Whole row', value: 'Boston', message: '1 value past the last column (it has no header): not imported' },
    ])
  })

  it('is closed by a restore: rows checked against the data before it are not saved into the restored data', async () => {
    const { core, pick } = await start()
    const { backup } = await core.ok('backups:create', { destination: 'folder', passphrase: '' })
    const path = join(core.dir, 'customers.csv')
    writeFileSync(path, 'First Name,Email\nAna,ana@example.com\n')
    const { file } = await checkFile(core, pick, path)
    await core.ok('backups:restore', { source: 'backups-folder', name: backup!.name, passphrase: '' })
    await signIn(core, 'test-session', OWNER.username, OWNER.password)
    const gone = { ok: false, error: { code: 'NOT_FOUND', message: 'This import is no longer open: choose the file again' } }
    // It was saved (or failed "Row 2 needs attention" after a restore of another store's backup).
    expect(await core.call('imports:commit', { id: file.id, leaveOutBadRows: false, leaveOutDuplicates: false })).toMatchObject(gone)
    expect(await core.call('imports:status', { id: file.id })).toMatchObject(gone)
    expect(await savedCustomers(core)).toEqual({})
    // Chosen again, the file is checked against the restored data and imports.
    const again = await checkFile(core, pick, path)
    expect((await commitImport(core, again.file.id)).saved).toBe(1)
  })

  it('answers a typed error when the report cannot be saved where the user chose, and saves it elsewhere', async () => {
    const { core, pick } = await start()
    const path = join(core.dir, 'customers.csv')
    writeFileSync(path, 'First Name,Email\nAna,not an email\n')
    const { file } = await checkFile(core, pick, path)
    mkdirSync(join(core.dir, 'a folder'))
    // A folder's name, a folder gone since the dialog (a USB stick pulled out): both were INTERNAL.
    for (const target of [join(core.dir, 'a folder'), join(core.dir, 'gone', 'report.csv')]) {
      pick(target)
      expect(await core.call('imports:saveReport', { id: file.id })).toMatchObject({
        ok: false,
        error: { code: 'READ_ONLY', message: expect.stringMatching(/^The report could not be saved there \(E[A-Z]+\): .*Choose another place\.$/) },
      })
    }
    const good = join(core.dir, 'report.csv')
    pick(good)
    expect(await core.ok('imports:saveReport', { id: file.id })).toEqual({ saved: true, file: good })
    expect(readFileSync(good, 'utf8')).toContain('not an email')
  })

  it('sends the screen the start of a huge cell as its example, not all of it', async () => {
    const { core, pick } = await start()
    const path = join(core.dir, 'pasted.csv')
    // A 5 MB note pasted into one cell: the column's examples went to the screen whole, 5 MB a sample.
    writeFileSync(path, `First Name,Notes\nAna,"${'n'.repeat(5_000_000)}"\n`)
    pick(path)
    const { file } = await core.ok('imports:pickFile', {})
    expect(file!.samples).toEqual([['Ana'], [`${'n'.repeat(200)}…`]])
  })
})
