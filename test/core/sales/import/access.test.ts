import { describe, expect, it } from 'vitest'
import { addUser } from '../../../support/core'
import { counts, GOOD_FILE, receiptImportEachTest } from './helpers'

const each = receiptImportEachTest()

describe('who may import receipts', () => {
  it('needs the import permission: staff without it are refused every step, a manager may', async () => {
    const { core, file, check, pick, save } = await each.start()
    const path = file('receipts.csv', GOOD_FILE)
    const staff = await addUser(core, { role: 'staff' })
    pick(path)
    expect(await core.call('receiptImports:pickFile', {}, staff.session)).toMatchObject({ ok: false, error: { code: 'FORBIDDEN' } })
    // The owner's import, asked for by staff: refused before it is even looked up.
    const { id } = await check(path)
    expect(await core.call('receiptImports:check', { id }, staff.session)).toMatchObject({ ok: false, error: { code: 'FORBIDDEN' } })
    expect(await core.call('receiptImports:commit', { id }, staff.session)).toMatchObject({ ok: false, error: { code: 'FORBIDDEN' } })
    const manager = await addUser(core, { role: 'manager' })
    const theirs = await check(path, {}, manager.session)
    expect((await save(theirs.id, manager.session)).result).toMatchObject({ imported: 2 })
  })

  it('awards points only for a user who may adjust loyalty points', async () => {
    const { core, file, check, save, recheck } = await each.start()
    const path = file('receipts.csv', GOOD_FILE)
    const importer = await addUser(core, { role: 'staff', permissionOverrides: { import_customers: true } })
    const { id } = await check(path, {}, importer.session)
    expect(await core.call('receiptImports:check', { id, awardPoints: true }, importer.session)).toMatchObject({
      ok: false,
      error: { code: 'FORBIDDEN', message: expect.stringContaining('Adjust loyalty points') },
    })
    // Without points, the same user imports.
    await recheck(id, { awardPoints: false }, importer.session)
    expect((await save(id, importer.session)).result).toMatchObject({ imported: 2, points: 0 })
  })

  it('asks again at the save: a permission taken away after the preview refuses the points', async () => {
    const { core, file, check } = await each.start()
    const manager = await addUser(core, { role: 'manager' })
    const { id } = await check(file('receipts.csv', GOOD_FILE), { awardPoints: true }, manager.session)
    await core.ok('users:update', { id: manager.user.id, permissionOverrides: { adjust_loyalty: false } })
    const before = await counts(core)
    expect(await core.call('receiptImports:commit', { id }, manager.session)).toMatchObject({ ok: false, error: { code: 'FORBIDDEN' } })
    expect(await counts(core)).toEqual(before)
  })
})

describe('loyalty points', () => {
  it('are off by default, and when asked go on the ledger as a desk sale earns them', async () => {
    const { core, ann, file, check, save } = await each.start()
    const { id, summary } = await check(file('receipts.csv', GOOD_FILE), { awardPoints: true })
    // $11.50 before tax at 1 point per dollar; the walk-in earns none.
    expect(summary).toMatchObject({ points: 11, awardPoints: true })
    expect(summary.preview.map((p) => p.points)).toEqual([11, 0])
    expect((await save(id)).result).toMatchObject({ imported: 2, points: 11 })
    const ledger = await core.services.db('loyalty_ledger').select('customer_id', 'kind', 'points', 'reason')
    expect(ledger).toEqual([{ customer_id: ann.id, kind: 'earned', points: 11, reason: 'Earned on sale OLD-1001' }])
    expect((await core.ok('customers:get', { id: ann.id })).loyaltyPoints).toBe(11)
    const receipt = await core.services.db('receipts').where({ number: 'OLD-1001' }).first()
    expect(receipt.loyalty_points).toBe(11)
  })
})
