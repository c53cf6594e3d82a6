import { readFileSync } from 'node:fs'
import { join } from 'node:path'
import { parse } from 'csv-parse/sync'
import { describe, expect, it } from 'vitest'
import { salesAtAnotherStore } from '../../../support/sync/foreign'
import { changeLog } from '../../../support/core'
import { counts, GOOD_FILE, HEADER, receiptImportEachTest } from './helpers'

const each = receiptImportEachTest()

describe('importing receipts', () => {
  it('previews a good file, then saves each receipt as the desk would, synced and found by its number', async () => {
    const { core, ann, file, check, save } = await each.start()
    const before = await counts(core)
    const { id, picked, summary } = await check(file('receipts.csv', GOOD_FILE))
    expect(picked).toMatchObject({ fileName: 'receipts.csv', rows: 3, format: 'comma' })
    expect(summary).toMatchObject({ receipts: 2, lines: 3, totalMinor: 1239 + 800, customersMatched: 1, walkIns: 1, alreadyImported: 0, errors: 0, points: 0 })
    expect(summary.preview.map((p) => [p.number, p.customer, p.lines, p.totalMinor])).toEqual([
      ['OLD-1001', 'Ann Archer', 2, 1239],
      ['OLD-1002', null, 1, 800],
    ])
    // Nothing is written by the preview.
    expect(await counts(core)).toEqual(before)

    expect((await save(id)).result).toEqual({ imported: 2, alreadyImported: 0, points: 0 })
    const [found] = (await core.ok('receipts:search', { number: 'old-1001', from: '', to: '', after: null })).rows
    const receipt = await core.ok('receipts:get', { id: found!.id })
    expect(receipt).toMatchObject({
      number: 'OLD-1001',
      kind: 'sale',
      // 14:30 in New York on 14 March 2026 (daylight saving time since the 8th).
      createdAt: '2026-03-14T18:30:00.000Z',
      localDate: '2026-03-14',
      customer: { id: ann.id, name: 'Ann Archer' },
      cashier: null,
      subtotalMinor: 1150,
      taxMinor: 89,
      totalMinor: 1239,
      paidMinor: 1239,
      changeMinor: 0,
      loyaltyPoints: 0,
      taxes: [{ name: 'State tax', ratePercent: 8.875, taxableMinor: 1000, taxMinor: 89 }],
      payments: [{ method: 'card', amountMinor: 1239 }],
    })
    expect(receipt.items.map((i) => [i.name, i.quantity, i.unitPriceMinor, i.lineTotalMinor])).toEqual([
      ['Notebook', 2, 500, 1089],
      ['Pen', 1, 150, 150],
    ])
    const mug = (await core.services.db('receipts').where({ number: 'OLD-1002' }).first())!
    expect(mug).toMatchObject({ customer_id: null, paid_minor: 1000, change_minor: 200, created_at: '2026-03-16T01:05:00.000Z', local_date: '2026-03-15' })
    // One append entry per receipt, its items and payments inside, as a desk sale's.
    const entries = await changeLog(core, { table_name: 'receipts' })
    expect(entries.map((e) => e.op)).toEqual(['append', 'append'])
    expect(JSON.parse(entries[0]!.value!).receipt_items).toHaveLength(2)
    // Points off by default: Ann's balance and ledger stay as they were.
    expect(await core.services.db('loyalty_ledger').count<{ n: number }[]>({ n: '*' })).toEqual([{ n: 0 }])
    // The desk's next receipt still has its own number.
    const sale = await core.ok('sales:create', { customerId: null, items: [{ name: 'Tea', quantity: 1, unitPriceMinor: 300 }], payments: [{ method: 'cash', amountMinor: 300 }] })
    expect(sale.number).toMatch(/^CS-\d{6}$/)
  })

  it('finds a register’s number of digits alone as typed, beside the store’s receipt of that sequence number', async () => {
    const { core, file, check, save } = await each.start()
    const desk = await core.ok('sales:create', { customerId: null, items: [{ name: 'Tea', quantity: 1, unitPriceMinor: 300 }], payments: [{ method: 'cash', amountMinor: 300 }] })
    const { id } = await check(file('register.csv', [HEADER, '1001,2026-03-14 14:30,,Mug,1,8.00,,Cash,8.00', '1,2026-03-14 15:00,,Cup,1,2.00,,Cash,2.00'].join('\r\n')))
    await save(id)
    const numbers = async (typed: string) => (await core.ok('receipts:search', { number: typed, from: '', to: '', after: null })).rows.map((r) => r.number).sort()
    expect(await numbers('1001')).toEqual(['1001'])
    // "1": the store's first receipt and the register's "1".
    expect(await numbers('1')).toEqual([desk.number, '1'].sort())
  })

  it('imports its own receipts though another store’s register gave the same numbers to its sales', async () => {
    const { core, file, check, save } = await each.start()
    // Harbour Street's register counted OLD-1001 too: its receipt, synced here, is not this store's.
    const [theirs] = await salesAtAnotherStore(core, { name: 'Harbour Street', currency: 'USD', timeZone: 'America/New_York' }, [
      { customerId: null, items: [{ name: 'Rope', quantity: 1, unitPriceMinor: 900 }], payments: [{ method: 'cash', amountMinor: 900 }] },
    ])
    await core.services.db('receipts').where({ id: theirs!.id }).update({ number: 'OLD-1001' })
    const { id, summary } = await check(file('receipts.csv', GOOD_FILE))
    expect(summary).toMatchObject({ receipts: 2, alreadyImported: 0 })
    expect((await save(id)).result).toMatchObject({ imported: 2, alreadyImported: 0 })
    const localId = (await core.ok('stores:list', {})).find((s) => s.local)!.id
    expect(await core.services.db('receipts').where({ number: 'OLD-1001' }).pluck('store_id')).toHaveLength(2)
    expect(await core.services.db('receipts').where({ number: 'OLD-1001', store_id: localId }).count<{ n: number }[]>({ n: '*' })).toEqual([{ n: 1 }])
  })

  it('imports the same file twice and adds nothing the second time: its receipts are already imported', async () => {
    const { core, file, check, save } = await each.start()
    const path = file('receipts.csv', GOOD_FILE)
    const first = await check(path)
    await save(first.id)
    const after = await counts(core)
    const again = await check(path)
    expect(again.summary).toMatchObject({ receipts: 0, lines: 0, totalMinor: 0, alreadyImported: 2, errors: 0 })
    expect(again.summary.issues.map((i) => [i.row, i.value, i.message])).toEqual([
      [2, 'OLD-1001', 'Already imported: the store has this receipt, skipped'],
      [4, 'OLD-1002', 'Already imported: the store has this receipt, skipped'],
    ])
    expect((await save(again.id)).result).toEqual({ imported: 0, alreadyImported: 2, points: 0 })
    expect(await counts(core)).toEqual(after)
    // One file with old and new receipts: only the new one comes in.
    const more = await check(file('more.csv', `${GOOD_FILE}\r\nOLD-1003,2026-03-16 10:00,,Cup,1,2.00,,Cash,2.00`))
    expect(more.summary).toMatchObject({ receipts: 1, alreadyImported: 2 })
    expect((await save(more.id)).result).toMatchObject({ imported: 1 })
  })

  it('reports every error by row and column, with the figures, and writes nothing', async () => {
    const { core, file, check, pick } = await each.start()
    const before = await counts(core)
    const bad = [
      HEADER,
      'A-1,2026-03-14 14:30,,Notebook,1,10.00,,Card,9.00',
      'A-2,2026-03-14 14:30,nobody@example.org,Pen,1,1.00,,Cash,1.00',
      'A-3,2026-03-14 14:30,,Pen,0,1.00,,Cash,1.00',
      'A-4,2026-03-14 14:30,,Pen,1,1.00,7,Cash,1.07',
      'A-5,2099-01-01 10:00,,Pen,1,1.00,,Cash,1.00',
      'A-6,2026-03-14 14:30,,Pen,1,1.00,,Cash,1.00',
      'A-6,2026-03-15 14:30,,Pen,1,1.00,,,',
      'A-7,2026-03-14 14:30,,Pen,1,abc,,Cheque,1.00',
      'A-8,2026-03-14 14:30,,Pen,1,5.00,,Card,7.00',
      'CS-000042,2026-03-14 14:30,,Pen,1,1.00,,Cash,1.00',
      `${'X'.repeat(40)},2026-03-14 14:30,,${'Y'.repeat(5000)},99999999,99999999999999,,Cash,1.00`,
      // A thousand screws at 50 cents, paid $500 in cash: read as one screw, it passed as a $0.50 sale with $499.50 change.
      'A-9,2026-03-14 14:30,,Screws,"1,000",0.50,,Cash,500.00',
    ].join('\n')
    const { id, summary } = await check(file('bad.csv', bad))
    const shown = summary.issues.map((i) => `${i.row} ${i.field}: ${i.message}`)
    expect(shown).toEqual([
      '2 Payment amount: Receipt A-1: payments add up to $9.00, its total is $10.00 ($1.00 short)',
      '3 Customer: No customer of this store has this email: import or add the customer first, or leave the cell empty for a walk-in',
      '4 Quantity: Quantity must be at least 1',
      '5 Tax rate (%): This store has no 7 % tax rate: add it under Settings → Tax rates (it may be made inactive afterwards)',
      '6 Date: Date is in the future',
      '8 Date: Receipt A-6 is dated 2026-03-14 14:30 on row 7: its rows must have the same date and time',
      '9 Unit price: Unit price is not an amount',
      '9 Payment method: Payment method must be Cash, Card, Gift card or Other',
      '10 Payment amount: Receipt A-8: payments add up to $7.00, its total is $5.00 (card, gift card and other payments are $7.00; only cash can be more than the total (the rest is change))',
      "11 Receipt number: This store's desk numbers its own receipts CS-…: give the imported ones another prefix in the file",
      '12 Receipt number: Receipt number is at most 23 characters',
      '12 Item: Item is at most 120 characters',
      '12 Quantity: Quantity is at most 10000',
      '12 Unit price: Unit price is too large',
      '13 Quantity: Quantity “1,000” may mean 1000 or 1: write it without the mark (1000 or 1)',
    ])
    expect(summary.errors).toBe(15)
    expect(summary.issues[1]!.value).toBe('nobody@example.org')
    expect(await core.call('receiptImports:commit', { id })).toMatchObject({ ok: false, error: { code: 'CONFLICT' } })
    expect(await counts(core)).toEqual(before)
    // Every one of them in the report, as CSV where the user chooses; a formula-like value as text.
    const target = join(core.dir, 'report.csv')
    pick(target)
    expect(await core.ok('receiptImports:saveReport', { id })).toEqual({ saved: true, file: target })
    const report = parse(readFileSync(target), { bom: true, columns: true }) as Record<string, string>[]
    expect(report).toHaveLength(15)
    expect(report[0]).toEqual({ Row: '2', Kind: 'Error', Field: 'Payment amount', Value: expect.any(String), Problem: expect.stringContaining('($1.00 short)') })
    pick(null)
    expect(await core.ok('receiptImports:saveReport', { id })).toEqual({ saved: false, file: null })
  })

  it('takes the rows of one receipt as one customer when they write her phone in different ways, and still refuses two', async () => {
    const { core, ann, file, check, save } = await each.start()
    const samePhone = [
      HEADER,
      'P-1,2026-03-14 14:30,(212) 555-0100,Notebook,2,5.00,8.875,,',
      'P-1,2026-03-14 14:30,212-555-0100,Pen,1,1.50,,,',
      'P-1,2026-03-14 14:30,+1 212 555 0100,,,,,Card,12.39',
    ].join('\n')
    const { id, summary } = await check(file('phones.csv', samePhone))
    expect(summary.issues).toEqual([])
    expect(summary.preview.map((p) => [p.number, p.customer, p.lines])).toEqual([['P-1', 'Ann Archer', 3]])
    expect((await save(id)).result).toMatchObject({ imported: 1 })
    const saved = await core.services.db('receipts').where({ number: 'P-1' }).first()
    expect(saved).toMatchObject({ customer_id: ann.id })
    // Bob's number differs from Ann's in its last digits: two customers, as before.
    const [store] = await core.ok('stores:list', {})
    await core.ok('customers:create', { storeIds: [store!.id], firstName: 'Bob', lastName: 'Baker', phone: '(212) 555-0199' })
    const twoCustomers = [HEADER, 'P-2,2026-03-14 15:00,(212) 555-0100,Pen,1,1.00,,,', 'P-2,2026-03-14 15:00,212-555-0199,,,,,Cash,1.00'].join('\n')
    const refused = await check(file('two.csv', twoCustomers))
    expect(refused.summary.issues.map((i) => `${i.row} ${i.field}: ${i.message}`)).toEqual([
      '3 Customer: Receipt P-2 is for customer #1 Ann Archer on row 2, this row names customer #2 Bob Baker: its rows must name the same customer',
    ])
  })

  it('takes one receipt naming its customer by email on one row and by phone on another, and refuses two customers naming both', async () => {
    const { core, ann, file, check, save } = await each.start()
    // Review: the rows were compared as text before the customers were looked up, so Ann by email and by phone was refused.
    const emailAndPhone = [
      HEADER,
      'E-1,2026-03-14 14:30,ann@example.org,Notebook,2,5.00,8.875,,',
      'E-1,2026-03-14 14:30,(212) 555-0100,Pen,1,1.50,,,',
      'E-1,2026-03-14 14:30,ANN@example.org,,,,,Card,12.39',
    ].join('\n')
    const { id, summary } = await check(file('email-phone.csv', emailAndPhone))
    expect(summary.issues).toEqual([])
    expect(summary.preview.map((p) => [p.number, p.customer, p.lines])).toEqual([['E-1', 'Ann Archer', 3]])
    expect((await save(id)).result).toMatchObject({ imported: 1 })
    expect(await core.services.db('receipts').where({ number: 'E-1' }).first()).toMatchObject({ customer_id: ann.id })
    // Ann's email with Bob's phone: two customers, each named; a phone nobody has is the usual error on its own row.
    const [store] = await core.ok('stores:list', {})
    await core.ok('customers:create', { storeIds: [store!.id], firstName: 'Bob', lastName: 'Baker', phone: '(212) 555-0199' })
    const twoCustomers = [
      HEADER,
      'E-2,2026-03-14 15:00,ann@example.org,Pen,1,1.00,,,',
      'E-2,2026-03-14 15:00,212-555-0199,,,,,Cash,1.00',
      'E-3,2026-03-14 16:00,ann@example.org,Pen,1,1.00,,,',
      'E-3,2026-03-14 16:00,212-555-0123,,,,,Cash,1.00',
    ].join('\n')
    const refused = await check(file('two-ways.csv', twoCustomers))
    expect(refused.summary.issues.map((i) => `${i.row} ${i.field}: ${i.value}: ${i.message}`)).toEqual([
      '3 Customer: 212-555-0199: Receipt E-2 is for customer #1 Ann Archer on row 2, this row names customer #2 Bob Baker: its rows must name the same customer',
      '5 Customer: 212-555-0123: No customer of this store has this phone: import or add the customer first, or leave the cell empty for a walk-in',
    ])
    expect(refused.summary).toMatchObject({ receipts: 0, errors: 2 })
  })

  it('writes no report before a check', async () => {
    const { core, file, pick } = await each.start()
    pick(file('receipts.csv', GOOD_FILE))
    const { file: picked } = await core.ok('receiptImports:pickFile', {})
    expect(await core.call('receiptImports:saveReport', { id: picked!.id })).toMatchObject({ ok: false, error: { code: 'CONFLICT' } })
  })

  it('refuses a file without the columns a receipt needs, naming them', async () => {
    const { core, file, pick } = await each.start()
    pick(file('customers.csv', 'First name,Email\nAnn,ann@example.org'))
    expect(await core.call('receiptImports:pickFile', {})).toMatchObject({
      ok: false,
      error: { code: 'VALIDATION', message: expect.stringContaining('it has no Receipt number, Date, Item, Quantity, Unit price, Payment method, Payment amount column') },
    })
  })

  it('asks how dates are written when the file does not say, and reads them as told', async () => {
    const { core, file, check, recheck } = await each.start()
    const { id, summary } = await check(file('ambiguous.csv', `${HEADER}\nB-1,03/04/2026 10:00,,Pen,1,1.00,,Cash,1.00`))
    expect(summary).toMatchObject({ ambiguousDates: ['03/04/2026 10:00'], receipts: 0 })
    expect(await core.call('receiptImports:commit', { id })).toMatchObject({ ok: false, error: { code: 'CONFLICT' } })
    const dayFirst = await recheck(id, { dateOrder: 'dmy' })
    expect(dayFirst.preview[0]!.createdAt).toBe('2026-04-03T14:00:00.000Z')
  })
})

describe('an Excel workbook', () => {
  it('is read as a CSV is, its date cells with their time on the store’s clock', async () => {
    const ExcelJS = (await import('exceljs')).default
    const { file, check, save } = await each.start()
    const book = new ExcelJS.Workbook()
    const sheet = book.addWorksheet('Sales')
    sheet.addRow(HEADER.split(','))
    // A date cell: Excel's wall-clock 14:30, which exceljs hands over as 14:30 UTC.
    sheet.addRow(['X-1', new Date(Date.UTC(2026, 2, 14, 14, 30)), 'ann@example.org', 'Notebook', 2, 5, 8.875, 'Card', 10.89])
    const path = file('register.xlsx', Buffer.from(await book.xlsx.writeBuffer()))
    const { id, picked, summary } = await check(path)
    expect(picked.format).toBe('Excel workbook')
    expect(summary).toMatchObject({ receipts: 1, totalMinor: 1089, customersMatched: 1, errors: 0 })
    expect(summary.preview[0]!.createdAt).toBe('2026-03-14T18:30:00.000Z')
    expect((await save(id)).result).toMatchObject({ imported: 1 })
  })
})
