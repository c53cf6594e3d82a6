import { describe, expect, it } from 'vitest'
import { changeLog } from '../../../support/core'
import { bigFile, receiptImportEachTest } from './helpers'

const each = receiptImportEachTest()

describe('a large file', () => {
  it('checks and imports 20,000 lines in reasonable time, all in one go', async () => {
    const { core, file, check, save } = await each.start()
    const path = file('big.csv', bigFile(5000))
    const started = Date.now()
    const { id, summary } = await check(path)
    expect(summary).toMatchObject({ receipts: 5000, lines: 20_000, totalMinor: 5000 * 2439, customersMatched: 1000, walkIns: 4000, errors: 0 })
    const checked = Date.now()
    expect((await save(id)).result).toMatchObject({ imported: 5000 })
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
