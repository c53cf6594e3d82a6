import { describe, expect, it } from 'vitest'
import { changeLog } from '../../../support/core'
import { HEADER, receiptImportEachTest } from './helpers'

const each = receiptImportEachTest()

/** 5,000 receipts of four lines each (three items, one payment), every fifth Ann's. */
function bigFile(): string {
  const rows = [HEADER]
  for (let r = 0; r < 5000; r++) {
    const number = `BIG-${r}`
    const day = `2026-0${1 + (r % 9)}-${String(1 + (r % 28)).padStart(2, '0')} ${String(8 + (r % 12)).padStart(2, '0')}:15`
    const customer = r % 5 === 0 ? 'ann@example.org' : ''
    rows.push(`${number},${day},${customer},Notebook,2,5.00,8.875,,`)
    rows.push(`${number},${day},${customer},Pen,1,1.50,,,`)
    rows.push(`${number},${day},${customer},Mug,3,4.00,,,`)
    rows.push(`${number},${day},${customer},,,,,Card,24.39`)
  }
  return rows.join('\n')
}

describe('a large file', () => {
  it('checks and imports 20,000 lines in reasonable time, all in one go', async () => {
    const { core, file, check } = await each.start()
    const path = file('big.csv', bigFile())
    const started = Date.now()
    const { id, summary } = await check(path)
    expect(summary).toMatchObject({ receipts: 5000, lines: 20_000, totalMinor: 5000 * 2439, customersMatched: 1000, walkIns: 4000, errors: 0 })
    const checked = Date.now()
    expect(await core.ok('receiptImports:commit', { id })).toMatchObject({ imported: 5000 })
    const saved = Date.now()
    console.log(`20,000 lines: checked in ${checked - started} ms, saved in ${saved - checked} ms`)
    expect(saved - started).toBeLessThan(60_000)
    expect(Number((await core.services.db('receipt_items').count<{ n: number }[]>({ n: '*' }))[0].n)).toBe(15_000)
    expect(await changeLog(core, { table_name: 'receipts' })).toHaveLength(5000)
    // Again: every receipt is already there, and nothing is added.
    const again = await check(path)
    expect(again.summary).toMatchObject({ receipts: 0, alreadyImported: 5000 })
  }, 120_000)
})
