import { chmodSync, mkdirSync } from 'node:fs'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import { importJobs } from '../../../../electron/core/customers/import/service'
import { addUser, changeLog } from '../../../support/core'
import { addCustomer, rowCount, searchIds } from '../fixtures'
import { checkFile, commitImport, fixture, importCoreEachTest, savedCustomers, settle } from './helpers'

const { start, file: csv } = importCoreEachTest()

describe('each system’s export imports as the customers it describes', () => {
  it('Square: subscription status, month-first dates, a birthday without a year, memo and company in notes', async () => {
    const { core, pick } = await start()
    const { status, file } = await checkFile(core, pick, fixture('square.csv'))
    expect(file.system).toBe('Square')
    expect(status.summary).toMatchObject({ rows: 3, valid: 3, withErrors: 0, dateOrder: 'mdy' })
    expect(status.summary!.issues).toEqual([{ row: 3, kind: 'note', field: 'Date of birth', value: '07/04', message: 'No year given: kept in Notes' }])
    expect((await commitImport(core, file.id)).saved).toBe(3)
    const saved = await savedCustomers(core)
    expect(saved.Ana).toMatchObject({ last_name: 'Petrov', nickname: 'Annie', phone: '+12125551001', email: 'ana.petrov@example.com', email_opt_in: 1, zip: '02134', date_of_birth: '1990-04-25', anniversary: '2023-06-01', id_number: 'C-1001', notes: 'Prefers email', address_line2: 'Apt 4' })
    expect(saved.Ben).toMatchObject({ email_opt_in: 0, date_of_birth: null, notes: 'Company Name: Okafor Ltd\nDate of birth (no year): July 4', zip: '02458' })
    expect(saved.Carla).toMatchObject({ last_name: 'Núñez', email_opt_in: 0, phone: '+14155551003' })
  })

  it('Shopify: apostrophes before ZIPs and phones, a note with a line break, SMS and email marketing', async () => {
    const { core, pick } = await start()
    const { status, file } = await checkFile(core, pick, fixture('shopify.csv'))
    expect(status.summary).toMatchObject({ rows: 2, valid: 2 })
    await commitImport(core, file.id)
    const saved = await savedCustomers(core)
    expect(saved.Dana).toMatchObject({ zip: '06103', phone: '+12125551004', email_opt_in: 1, sms_opt_in: 0, state: 'CT', country: 'US', notes: 'Allergic to wool.\nAsk before ordering.\nTags: vip, local' })
    expect(saved.Eli).toMatchObject({ zip: '04101', email_opt_in: 0, sms_opt_in: 1, notes: 'Default Address Company: Brown & Co', address_line2: 'Suite 2' })
  })

  it('Shopify (legacy), Lightspeed (do_not_email), WooCommerce (full names), Odoo (blacklist), OpenSourcePOS (gender codes)', async () => {
    const { core, pick } = await start()
    for (const name of ['shopify-legacy.csv', 'lightspeed.csv', 'woocommerce.csv', 'odoo.csv', 'opensourcepos.csv']) {
      const { status, file } = await checkFile(core, pick, fixture(name))
      expect(status.summary, name).toMatchObject({ withErrors: 0 })
      expect((await commitImport(core, file.id)).phase, name).toBe('saved')
    }
    const saved = await savedCustomers(core)
    expect(saved.Fay).toMatchObject({ zip: '08540', state: 'NJ', country: 'US', email_opt_in: 1 })
    expect(saved.Gus).toMatchObject({ zip: '05401', email_opt_in: 0 })
    expect(saved.Hana).toMatchObject({ email_opt_in: 1, gender: 'female', date_of_birth: '1988-02-29', loyalty_enrolled: 1, id_number: 'HANA-0001', notes: 'mobile: (212) 555-1017', created_at: '2024-05-06T16:00:00.000Z' })
    expect(saved.Ian).toMatchObject({ email_opt_in: 0, gender: 'male', loyalty_enrolled: 0, notes: 'Met at the fair' })
    expect(saved.Jane).toMatchObject({ last_name: 'Kim', username: 'janekim', created_at: '2024-03-05T17:00:00.000Z' })
    expect(saved.Maria).toMatchObject({ last_name: 'Lopez', username: 'mlopez' })
    expect(saved['Nils van der']).toMatchObject({ last_name: 'Berg Jr.', country: 'NL', zip: '1012 AB' })
    expect(saved.Olga).toMatchObject({ last_name: 'Petrenko', email_opt_in: 1, country: 'US', zip: '12207' })
    expect(saved.Pablo).toMatchObject({ email_opt_in: 0, notes: 'Prefers Spanish' })
    expect(saved.Quinn).toMatchObject({ gender: 'female', email_opt_in: 1, id_number: 'A-100' })
    expect(saved.Raj).toMatchObject({ gender: 'male', email_opt_in: 0, zip: '07102', notes: 'Wholesale buyer\nCompany: Shah Imports' })
  })

  it('a Windows-1252 spreadsheet with semicolons, day-first dates and a "do not email" column', async () => {
    const { core, pick } = await start()
    const { status, file } = await checkFile(core, pick, fixture('plain-windows-1252.csv'))
    expect(status.summary).toMatchObject({ valid: 3, dateOrder: 'dmy' })
    await commitImport(core, file.id)
    const saved = await savedCustomers(core)
    expect(saved['Zoë']).toMatchObject({ last_name: 'Müller', date_of_birth: '1980-12-25', zip: '01234', city: 'Köln', email_opt_in: 1, notes: 'Café regular – likes “oat” milk' })
    expect(saved['François']).toMatchObject({ date_of_birth: '1979-04-03', zip: '00501', email_opt_in: 0 })
    expect(saved['Søren']).toMatchObject({ last_name: 'Ærø', date_of_birth: '1990-11-12', email_opt_in: 0 })
    expect(await searchIds(core, { query: 'muller' })).toHaveLength(1)
  })
})

describe('Excel workbooks', () => {
  it('imports an .xlsx whose ZIPs and phones are numbers formatted with zeros', async () => {
    const { core, pick } = await start()
    const ExcelJS = (await import('exceljs')).default
    const workbook = new ExcelJS.Workbook()
    const sheet = workbook.addWorksheet('Customers')
    sheet.addRow(['Name', 'Zip', 'Mobile', 'DOB', 'Newsletter'])
    const row = sheet.addRow(['Maya Stone', 2134, 2125555001, new Date(Date.UTC(1985, 3, 12)), true])
    row.getCell(2).numFmt = '00000'
    const path = join(core.dir, 'customers.xlsx')
    await workbook.xlsx.writeFile(path)
    const { status, file } = await checkFile(core, pick, path)
    expect(file).toMatchObject({ format: 'Excel workbook', mapping: ['fullName', 'zip', 'phone', 'dateOfBirth', 'emailOptIn'] })
    expect(status.summary).toMatchObject({ valid: 1, withErrors: 0 })
    await commitImport(core, file.id)
    expect((await savedCustomers(core)).Maya).toMatchObject({ last_name: 'Stone', zip: '02134', phone: '+12125555001', date_of_birth: '1985-04-12', email_opt_in: 1 })
  })
})

describe('dates the file does not decide', () => {
  it('reads a two-digit year in an expiry as the nearest year, in a birthday as a past one', async () => {
    const { core, pick } = await start()
    const { file, status } = await checkFile(core, pick, csv('expiry.csv', 'First name,Drivers license number,Drivers license state,Drivers license expiry,Date of birth\nAna,D123,NY,12/31/28,12/31/85\n'))
    expect(file.mapping).toEqual(['firstName', 'driversLicenseNumber', 'driversLicenseState', 'driversLicenseExpiry', 'dateOfBirth'])
    expect(status.summary).toMatchObject({ valid: 1, issues: [] })
    await commitImport(core, file.id)
    expect((await savedCustomers(core)).Ana).toMatchObject({ drivers_license_expiry: '2028-12-31', date_of_birth: '1985-12-31' })
  })

  it('asks, then reads them the way the user says', async () => {
    const { core, pick } = await start()
    const path = csv('ambiguous.csv', 'First name,Birthday\nAna,03/04/1979\nBen,05/06/1980\n')
    const { status, file } = await checkFile(core, pick, path)
    expect(status.phase).toBe('needs-date-order')
    expect(status.summary!.ambiguousDates).toEqual(['03/04/1979', '05/06/1980'])
    await core.ok('imports:check', { id: file.id, mapping: file.mapping, dateOrder: 'dmy' })
    expect((await settle(core, file.id)).summary).toMatchObject({ valid: 2, dateOrder: 'dmy' })
    await commitImport(core, file.id)
    expect((await savedCustomers(core)).Ana.date_of_birth).toBe('1979-04-03')
  })

  it('asks when the file writes dates both ways, showing one of each (it showed none)', async () => {
    const { core, pick } = await start()
    // Month first, and one row pasted in from a day-first list: no date reads two ways.
    const path = csv('both-ways.csv', 'First name,Birthday\nAna,01/25/1990\nBen,25/01/1991\nCy,02/14/1992\n')
    const { status, file } = await checkFile(core, pick, path)
    expect(status.phase).toBe('needs-date-order')
    expect(status.summary!.ambiguousDates).toEqual(['01/25/1990', '25/01/1991'])
    await core.ok('imports:check', { id: file.id, mapping: file.mapping, dateOrder: 'mdy' })
    expect((await settle(core, file.id)).summary).toMatchObject({ valid: 2, withErrors: 1, dateOrder: 'mdy' })
  })
})

describe('the report and all or nothing', () => {
  const BAD = [
    'First name,Last name,Phone,Email,Birthday,Notes',
    'Ana,Petrov,(212) 555-2001,ana@example.com,1990-04-25,',
    ',Nameless,(212) 555-2002,,,',
    'Carl,Bad,12,carl@,2990-01-01,',
    'Dora,Twin,(212) 555-2001,,,',
    'Eve,Kept,(212) 555-2005,existing@example.com,,',
  ].join('\n')

  it('lists every error with its row, field, value and reason, and every likely duplicate; saves nothing until told', async () => {
    const { core, pick } = await start()
    await addCustomer(core, { firstName: 'Existing', lastName: 'One', email: 'Existing@example.com' })
    const { status, file } = await checkFile(core, pick, csv('bad.csv', BAD))
    expect(status.summary).toMatchObject({ rows: 5, valid: 3, withErrors: 2, duplicates: 2 })
    expect(status.summary!.issues).toEqual([
      { row: 3, kind: 'error', field: 'First name', value: '', message: 'First name is required' },
      { row: 4, kind: 'error', field: 'Email', value: 'carl@', message: 'Not a valid email address' },
      { row: 4, kind: 'error', field: 'Phone', value: '12', message: 'Not a valid phone number' },
      { row: 4, kind: 'error', field: 'Date of birth', value: '2990-01-01', message: 'Date of birth cannot be in the future' },
      { row: 5, kind: 'duplicate', field: 'Phone', value: '(212) 555-2001', message: 'Same phone as row 2 of this file' },
      { row: 6, kind: 'duplicate', field: 'Email', value: 'existing@example.com', message: expect.stringMatching(/^Same email as customer #\d+ Existing One$/) },
    ])
    expect(await rowCount(core, 'customers')).toBe(1)

    // A file with errors is refused as a whole…
    const refused = await core.call('imports:commit', { id: file.id })
    expect(refused).toMatchObject({ ok: false, error: { code: 'VALIDATION', message: expect.stringContaining('2 rows have errors') } })
    expect(await rowCount(core, 'customers')).toBe(1)
    // …unless the user chooses to leave the bad rows out (and here the duplicates too).
    expect((await commitImport(core, file.id, { leaveOutBadRows: true, leaveOutDuplicates: true })).saved).toBe(1)
    expect(Object.keys(await savedCustomers(core))).toEqual(['Existing', 'Ana'])
    // Imported once: checking or saving the same import again is refused, the report stays.
    expect(await core.call('imports:check', { id: file.id, mapping: file.mapping })).toMatchObject({ ok: false, error: { code: 'CONFLICT' } })
    expect(await core.call('imports:commit', { id: file.id, leaveOutBadRows: true })).toMatchObject({ ok: false, error: { code: 'CONFLICT' } })
    expect((await core.ok('imports:status', { id: file.id })).summary?.issueCount).toBe(6)
  })

  it('names a saved customer by the email in any capitals, never one merged away', async () => {
    const { core, pick } = await start()
    const kept = await addCustomer(core, { firstName: 'Kept', email: 'Same@Example.com' })
    const gone = await addCustomer(core, { firstName: 'Gone', phone: '(212) 555-6001' })
    await core.ok('duplicates:merge', { survivorId: kept.id, mergedId: gone.id })
    const { status } = await checkFile(core, pick, csv('dups.csv', 'First name,Email,Phone\nAna,same@example.COM,(212) 555-6001\n'))
    const duplicates = status.summary!.issues.filter((i) => i.kind === 'duplicate')
    // The survivor took the merged customer's phone only if told to; either way it is named once per rule, as itself.
    expect(duplicates.every((i) => /customer #\d+ Kept$/.test(i.message))).toBe(true)
    expect(duplicates.map((i) => i.field)).toContain('Email')
  })

  it('finds saved customers for rows far into a long file, the same customer for every row sharing the value', async () => {
    // The check looks saved customers up a slice of rows at a time (500) while it checks the
    // next: matches in later slices, and a value seen again in another slice, name the same one.
    const { core, pick } = await start()
    await addCustomer(core, { firstName: 'First', lastName: 'Holder', phone: '(212) 555-7001' })
    await addCustomer(core, { firstName: 'Second', lastName: 'Holder', phone: '(212) 555-7001' })
    await addCustomer(core, { firstName: 'Mia', lastName: 'Late', email: 'late@example.com', dateOfBirth: '1980-02-03' })
    const lines = ['First name,Last name,Phone,Email,Birthday']
    for (let i = 0; i < 1_300; i++) lines.push(`Row${i},Person,,row${i}@example.com,`)
    lines[10] = 'Ten,Person,(212) 555-7001,,'
    lines[1_100] = 'Eleven,Hundred,(212) 555-7001,,'
    lines[1_250] = 'Mia,Late,,mia.other@example.com,1980-02-03'
    const { status } = await checkFile(core, pick, csv('long.csv', lines.join('\n')))
    const duplicates = status.summary!.issues.filter((i) => i.kind === 'duplicate')
    const saved = (row: number) => duplicates.filter((i) => i.row === row && i.message.includes('customer #')).map((i) => i.message)
    expect(saved(11)).toEqual([expect.stringMatching(/^Same phone as customer #\d+ First Holder$/)])
    expect(saved(1_101)).toEqual(saved(11))
    expect(saved(1_251)).toEqual([expect.stringMatching(/^Same name and date of birth as customer #\d+ Mia Late$/)])
    expect(status.summary!.duplicates).toBe(3)
  })

  it('a field the form refuses is refused here with the form’s message (phone, future birthday)', async () => {
    const { core, pick } = await start()
    const { status } = await checkFile(core, pick, csv('form.csv', 'First name,Phone,Birthday\nAna,12,2024-01-01\nBen,(212) 555-3000,2990-01-01\n'))
    expect(status.summary!.issues).toEqual([
      { row: 2, kind: 'error', field: 'Phone', value: '12', message: 'Not a valid phone number' },
      { row: 3, kind: 'error', field: 'Date of birth', value: '2990-01-01', message: 'Date of birth cannot be in the future' },
    ])
  })

  it('writes the report as CSV where the user chooses', async () => {
    const made = await start()
    const { file } = await checkFile(made.core, made.pick, csv('bad.csv', BAD))
    const target = join(made.core.dir, 'report.csv')
    made.pick(target)
    expect(await made.core.ok('imports:saveReport', { id: file.id })).toEqual({ saved: true, file: target })
    const { readFileSync } = await import('node:fs')
    const report = readFileSync(target, 'utf8')
    expect(report).toContain('Row,Kind,Field,Value,Problem')
    expect(report).toContain('3,Error,First name,,First name is required')
    expect(report).toContain('5,Likely duplicate,Phone,(212) 555-2001,Same phone as row 2 of this file')
    expect(made.asked.at(-1)).toMatchObject({ kind: 'save', defaultName: 'Import report bad.csv' })
  })

  it('refuses a username another customer or an earlier row already has', async () => {
    const { core, pick } = await start()
    await addCustomer(core, { firstName: 'Held', username: 'taken.name' })
    const { status } = await checkFile(core, pick, csv('users.csv', 'First name,Username\nAna,taken.name\nBen,ben.b\nCid,BEN.B\n'))
    expect(status.summary!.issues).toEqual([
      { row: 2, kind: 'error', field: 'Username', value: 'taken.name', message: 'Another customer already has this username' },
      { row: 4, kind: 'error', field: 'Username', value: 'BEN.B', message: 'Row 3 of this file has the same username' },
    ])
  })

  it('names the file’s row when a username is taken between the check and the save', async () => {
    const { core, pick } = await start()
    // Row 2 has an error and is left out: Cal is the third customer saved but row 5 of the file.
    const { file } = await checkFile(core, pick, csv('late.csv', 'First name,Username\n,nobody\nAna,ana1\nBen,ben1\nCal,cal1\n'))
    await addCustomer(core, { firstName: 'Other', username: 'cal1' })
    const status = await commitImport(core, file.id, { leaveOutBadRows: true })
    expect(status).toMatchObject({ phase: 'failed', failure: 'Row 5: that username is already taken (another customer has it)' })
    expect(await rowCount(core, 'customers')).toBe(1)
  })
})

describe('cancel', () => {
  const many = (n: number) => ['First name,Last name,Phone', ...Array.from({ length: n }, (_, i) => `P${i},Many,(212) 555-${String(i % 10000).padStart(4, '0')}`)].join('\n')

  it('stops a check; the import can be checked again', async () => {
    const { core, pick } = await start()
    pick(csv('many.csv', many(20_000)))
    const { file } = await core.ok('imports:pickFile', {})
    await core.ok('imports:check', { id: file!.id, mapping: file!.mapping })
    expect((await core.ok('imports:cancel', { id: file!.id })).phase).toBe('cancelled')
    expect(await rowCount(core, 'customers')).toBe(0)
    await core.ok('imports:check', { id: file!.id, mapping: file!.mapping })
    expect((await settle(core, file!.id)).summary).toMatchObject({ rows: 20_000, valid: 20_000 })
  })

  it('during the save rolls the whole transaction back: no customer, no log entry', async () => {
    const { core, pick } = await start()
    const { file } = await checkFile(core, pick, csv('many.csv', many(3000)))
    const logBefore = (await changeLog(core)).length
    const job = importJobs(core.services.db).get(file.id)!
    await core.ok('imports:commit', { id: file.id, leaveOutDuplicates: true })
    // The save holds the database's one connection; Cancel reaches the job between two batches.
    await job.cancel()
    expect(job.status().phase).toBe('cancelled')
    expect(await rowCount(core, 'customers')).toBe(0)
    expect((await changeLog(core)).length).toBe(logBefore)
    expect(await core.services.db.raw('PRAGMA integrity_check')).toEqual([{ integrity_check: 'ok' }])
  })
})

describe('who may import, and what bad input gets', () => {
  it('owners and managers may; staff may not, unless granted; no migration is needed for existing users', async () => {
    const { core, pick } = await start()
    const staff = await addUser(core, { role: 'staff', username: 'sam.staff' })
    const manager = await addUser(core, { role: 'manager', username: 'mia.manager' })
    const granted = await addUser(core, { role: 'staff', username: 'gil.granted', permissionOverrides: { import_customers: true } })
    expect(await core.call('imports:pickFile', {}, staff.session)).toMatchObject({ ok: false, error: { code: 'FORBIDDEN' } })
    pick(fixture('odoo.csv'))
    expect((await core.ok('imports:pickFile', {}, manager.session)).file?.rows).toBe(2)
    pick(null)
    expect(await core.ok('imports:pickFile', {}, granted.session)).toEqual({ file: null })
    expect(manager.user.permissions).toContain('import_customers')
  })

  it('another session cannot see or run an import', async () => {
    const { core, pick } = await start()
    const manager = await addUser(core, { role: 'manager', username: 'mia.manager' })
    pick(fixture('odoo.csv'))
    const { file } = await core.ok('imports:pickFile', {})
    expect(await core.call('imports:status', { id: file!.id }, manager.session)).toMatchObject({ ok: false, error: { code: 'NOT_FOUND' } })
    expect(await core.call('imports:commit', { id: file!.id }, manager.session)).toMatchObject({ ok: false, error: { code: 'NOT_FOUND' } })
  })

  it.each([
    ['an empty file', ''],
    ['a header without rows', 'First name,Email\n'],
    ['a binary file', '\u0000\u0001\u0002PNG'],
    ['an unclosed quote', 'First name,Notes\nAna,"never closed\n'],
  ])('refuses %s with a typed error, keeping nothing', async (_label, text) => {
    const { core, pick } = await start()
    pick(csv('bad-input.csv', text))
    const answer = await core.call('imports:pickFile', {})
    expect(answer).toMatchObject({ ok: false, error: { code: 'VALIDATION', message: expect.stringMatching(/^This file cannot be imported: /) } })
  })

  it('counts no customer and no error for the rows of separators Excel leaves at the end', async () => {
    const { core, pick } = await start()
    const { status } = await checkFile(core, pick, csv('trailing.csv', 'First name,Last name,Email\r\nAna,Alpha,a@x.com\r\n,,\r\n,,\r\n'))
    expect(status.summary).toMatchObject({ rows: 1, valid: 1, withErrors: 0, issues: [] })
  })

  it('skips the header row of a second export pasted below the first, and says so in the preview and the report', async () => {
    const { core, pick } = await start()
    const path = csv('pasted.csv', 'First name,Last name,Email\r\nAna,Alpha,a@x.com\r\nFirst name,Last name,Email\r\nBen,Beta,b@x.com\r\n')
    const { file, status } = await checkFile(core, pick, path)
    // It was one row with errors ("Email" is no email address) the user had to leave out.
    expect(file).toMatchObject({ rows: 2, samples: [['Ana', 'Ben'], ['Alpha', 'Beta'], ['a@x.com', 'b@x.com']] })
    const note = { row: 3, kind: 'note', field: 'Whole row', value: 'First name, Last name, Email', message: 'The header row again (files pasted together): skipped' }
    expect(status.summary).toMatchObject({ rows: 2, valid: 2, withErrors: 0, issueCount: 1, issues: [note] })
    expect(status.summary!.preview.map((r) => [r.row, r.firstName])).toEqual([
      [2, 'Ana'],
      [4, 'Ben'],
    ])
    expect(importJobs(core.services.db).get(file.id)!.issues()).toEqual([note])
    expect((await commitImport(core, file.id)).saved).toBe(2)
    expect(Object.keys(await savedCustomers(core))).toEqual(['Ana', 'Ben'])
  })

  it('lists a skipped row among the other problems in row order', async () => {
    const { core, pick } = await start()
    const path = csv('pasted-bad.csv', 'First name,Email\r\nAna,not-an-email\r\nFirst name,Email\r\nBen,also-bad\r\nCal,c@x.com\r\n')
    const { status } = await checkFile(core, pick, path)
    expect(status.summary!.issues.map((i) => [i.row, i.kind])).toEqual([
      [2, 'error'],
      [3, 'note'],
      [4, 'error'],
    ])
  })

  it('refuses a folder picked as a file, or a file it may not read, as a file that could not be opened', async () => {
    const { core, pick } = await start()
    const folder = join(core.dir, 'folder.csv')
    mkdirSync(folder)
    const locked = csv('locked.csv', 'First name\nAna\n')
    chmodSync(locked, 0o000)
    // Root reads any file: only the folder then stands for a file the system refuses.
    const paths = process.getuid?.() === 0 ? [folder] : [folder, locked]
    for (const path of paths) {
      pick(path)
      expect(await core.call('imports:pickFile', {}), path).toEqual({
        ok: false,
        error: { code: 'VALIDATION', message: 'This file cannot be imported: it could not be opened', fields: { file: 'it could not be opened' } },
      })
    }
  })

  it('refuses a mapping of the wrong length, one field twice, no first name, and a commit before a check', async () => {
    const { core, pick } = await start()
    pick(fixture('odoo.csv'))
    const { file } = await core.ok('imports:pickFile', {})
    const id = file!.id
    expect(await core.call('imports:check', { id, mapping: ['fullName'] })).toMatchObject({ ok: false, error: { code: 'VALIDATION' } })
    const twice = file!.mapping.map((t, i) => (i === 2 ? 'email' : t))
    expect(await core.call('imports:check', { id, mapping: twice })).toMatchObject({ ok: false, error: { code: 'VALIDATION', message: expect.stringContaining('same field') } })
    expect(await core.call('imports:check', { id, mapping: file!.mapping.map(() => 'ignore') })).toMatchObject({ ok: false, error: { code: 'VALIDATION' } })
    expect(await core.call('imports:commit', { id })).toMatchObject({ ok: false, error: { code: 'CONFLICT' } })
    expect(await core.call('imports:status', { id: '0190a0a0-0000-7000-8000-000000000000' })).toMatchObject({ ok: false, error: { code: 'NOT_FOUND' } })
  })
})

describe('imported customers are ordinary customers', () => {
  it('one insert entry per row, by the importing user, into this store, found by search', async () => {
    const { core, pick } = await start()
    const owner = (await core.ok('auth:status', {})).user!
    const logBefore = (await changeLog(core)).length
    const { file } = await checkFile(core, pick, fixture('odoo.csv'))
    await commitImport(core, file.id)
    const entries = (await changeLog(core)).slice(logBefore)
    const inserts = entries.filter((e) => e.op === 'insert' && e.table_name === 'customers')
    expect(inserts).toHaveLength(2)
    for (const entry of inserts) {
      expect(entry).toMatchObject({ user_id: owner.id, store_id: core.services.localStoreId(), tx_size: 1 })
      expect(JSON.parse(entry.value!).customer_stores).toEqual([core.services.localStoreId()])
    }
    expect(await searchIds(core, { query: 'petrenko' })).toHaveLength(1)
    expect(await searchIds(core, { query: '555-1012' })).toHaveLength(1)
  })
})
