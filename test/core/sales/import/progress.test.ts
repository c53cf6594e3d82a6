import { describe, expect, it } from 'vitest'
import { addUser, commandContext, OWNER_SESSION, type TestCore } from '../../../support/core'
import { pickFile, receiptImportJobs } from '../../../../electron/core/sales/import/service'
import { bigFile, counts, GOOD_FILE, receiptImportEachTest, type Status } from './helpers'

const each = receiptImportEachTest()

/** Every status the screen's polls would see until the background work stops, the last one included. */
async function watch(core: TestCore, id: string): Promise<Status[]> {
  const seen: Status[] = []
  for (;;) {
    const status = await core.ok('receiptImports:status', { id })
    seen.push(status)
    if (status.phase !== 'checking' && status.phase !== 'saving') return seen
    await new Promise((resolve) => setTimeout(resolve, 2))
  }
}

/** Polls until `ready` holds of the status (the work still running), and answers that status. */
async function until(core: TestCore, id: string, ready: (status: Status) => boolean): Promise<Status> {
  for (;;) {
    const status = await core.ok('receiptImports:status', { id })
    if (ready(status)) return status
    if (status.phase !== 'checking' && status.phase !== 'saving') throw new Error(`the import ended ${status.phase} before the moment awaited`)
    await new Promise((resolve) => setTimeout(resolve, 2))
  }
}

async function picked(core: TestCore, pick: (path: string) => void, path: string): Promise<string> {
  pick(path)
  const { file } = await core.ok('receiptImports:pickFile', {})
  return file!.id
}

describe('a large receipt file, checked and saved in the background', () => {
  it('reports the lines checked, then the lines checked again and the receipts written, each of its total', async () => {
    const { core, file, pick } = await each.start()
    const id = await picked(core, pick, file('big.csv', bigFile(2500)))
    expect(await core.ok('receiptImports:check', { id })).toMatchObject({ phase: 'checking', counting: 'lines', total: 10_000, summary: null, result: null })
    const checking = await watch(core, id)
    const checked = checking.pop()!
    expect(checked).toMatchObject({ phase: 'checked', done: 10_000, total: 10_000, summary: { receipts: 2500, lines: 10_000, errors: 0 } })
    // Slices of 500 lines, in order, never past the total; more than one of them seen on the way.
    expect(new Set(checking.map((s) => s.done)).size).toBeGreaterThan(1)
    for (const [i, s] of checking.entries()) {
      expect(s).toMatchObject({ phase: 'checking', counting: 'lines', total: 10_000, summary: null })
      expect(s.done % 500).toBe(0)
      if (i > 0) expect(s.done).toBeGreaterThanOrEqual(checking[i - 1]!.done)
    }

    expect(await core.ok('receiptImports:commit', { id })).toMatchObject({ phase: 'saving', counting: 'lines', done: 0, total: 10_000 })
    const saving = await watch(core, id)
    const saved = saving.pop()!
    expect(saved).toMatchObject({ phase: 'saved', counting: 'receipts', done: 2500, total: 2500, result: { imported: 2500, alreadyImported: 0, points: 0 }, failure: null })
    // The save's transaction holds the database's one connection: these polls were answered
    // during it (ReadCache.during), the file's lines read again first, then the receipts written.
    const written = saving.filter((s) => s.counting === 'receipts')
    expect(written.length).toBeGreaterThan(1)
    expect(written.some((s) => s.done > 0 && s.done < 2500)).toBe(true)
    for (const s of written) expect(s).toMatchObject({ phase: 'saving', total: 2500 })
    expect(saving.findIndex((s) => s.counting === 'receipts')).toBeGreaterThan(saving.findLastIndex((s) => s.counting === 'lines'))
    expect((await counts(core)).receipts).toBe(2500)
  }, 120_000)

  it('answers the desk between two slices of a large check', async () => {
    const { core, ann, file, pick } = await each.start()
    const id = await picked(core, pick, file('big.csv', bigFile(5000)))
    await core.ok('receiptImports:check', { id })
    // A command that reads the database, sent as the check starts: answered while the check is
    // still reading the file's lines, not once it has read them all.
    expect(await core.ok('customers:get', { id: ann.id })).toMatchObject({ firstName: 'Ann' })
    const meanwhile = await core.ok('receiptImports:status', { id })
    expect(meanwhile.phase).toBe('checking')
    expect(meanwhile.done).toBeGreaterThan(0)
    expect(meanwhile.done).toBeLessThan(meanwhile.total)
    expect((await watch(core, id)).pop()).toMatchObject({ phase: 'checked', summary: { receipts: 5000 } })
  }, 120_000)

  it('Cancel during the check stops it; the file can be checked again', async () => {
    const { core, file, pick } = await each.start()
    const before = await counts(core)
    const id = await picked(core, pick, file('big.csv', bigFile(5000)))
    await core.ok('receiptImports:check', { id })
    await until(core, id, (s) => s.done > 0)
    const cancelled = await core.ok('receiptImports:cancel', { id })
    expect(cancelled).toMatchObject({ phase: 'cancelled', summary: null })
    expect(cancelled.done).toBeLessThan(20_000)
    expect(await core.call('receiptImports:commit', { id })).toMatchObject({ ok: false, error: { code: 'CONFLICT' } })
    expect(await core.call('receiptImports:saveReport', { id })).toMatchObject({ ok: false, error: { code: 'CONFLICT' } })
    expect(await counts(core)).toEqual(before)
    await core.ok('receiptImports:check', { id })
    expect((await watch(core, id)).pop()).toMatchObject({ phase: 'checked', summary: { receipts: 5000, errors: 0 } })
    // Checked again and stopped: the report of the check before is not this one's.
    await core.ok('receiptImports:check', { id })
    await until(core, id, (s) => s.done > 0)
    await core.ok('receiptImports:cancel', { id })
    expect(await core.call('receiptImports:saveReport', { id })).toMatchObject({ ok: false, error: { code: 'CONFLICT' } })
  }, 120_000)

  it('Cancel during the save writes nothing: its one transaction is rolled back', async () => {
    const { core, ann, file, pick } = await each.start()
    const id = await picked(core, pick, file('big.csv', bigFile(2500)))
    await core.ok('receiptImports:check', { id, awardPoints: true })
    const { summary } = (await watch(core, id)).pop()!
    expect(summary).toMatchObject({ receipts: 2500, awardPoints: true })
    expect(summary!.points).toBeGreaterThan(0)
    const before = await counts(core)
    await core.ok('receiptImports:commit', { id })
    // Receipts, their items, payments, points and change-log entries are being written.
    const midway = await until(core, id, (s) => s.counting === 'receipts' && s.done >= 100)
    expect(midway.done).toBeLessThan(2500)
    const cancelled = await core.ok('receiptImports:cancel', { id })
    expect(cancelled).toMatchObject({ phase: 'cancelled', result: null })
    expect(await counts(core)).toEqual(before)
    expect((await core.ok('customers:get', { id: ann.id })).loyaltyPoints).toBe(0)
    expect(await core.services.db.raw('PRAGMA integrity_check')).toEqual([{ integrity_check: 'ok' }])
    // The desk's next receipt takes the number it would have had.
    const sale = await core.ok('sales:create', { customerId: null, items: [{ name: 'Tea', quantity: 1, unitPriceMinor: 300 }], payments: [{ method: 'cash', amountMinor: 300 }] })
    expect(sale.number).toMatch(/-0*1$/)
    // Checked again and saved: every receipt, once.
    await core.ok('receiptImports:check', { id, awardPoints: true })
    expect((await watch(core, id)).pop()).toMatchObject({ phase: 'checked', summary: { receipts: 2500 } })
    await core.ok('receiptImports:commit', { id })
    expect((await watch(core, id)).pop()).toMatchObject({ phase: 'saved', result: { imported: 2500, points: summary!.points } })
    expect((await counts(core)).receipts).toBe(2501)
  }, 120_000)

  it('refuses another file while the save runs, which goes on, and answers the running import to the screen opened again', async () => {
    // Paced: the check and the save each take a few hundred milliseconds.
    const { core, file, pick } = await each.start({ importSliceDelayMs: 20 })
    const other = await addUser(core, { role: 'staff', permissionOverrides: { import_customers: true } })
    const id = await picked(core, pick, file('big.csv', bigFile(2500)))
    expect(await core.ok('receiptImports:running', {})).toEqual({ running: null })
    await core.ok('receiptImports:check', { id })
    expect((await core.ok('receiptImports:running', {})).running).toMatchObject({ file: { id, fileName: 'big.csv', rows: 10_000 }, status: { id, phase: 'checking' } })
    // Another session's import is none of its business.
    expect(await core.ok('receiptImports:running', {}, other.session)).toEqual({ running: null })
    await watch(core, id)
    // Checked: nothing runs, the screen starts afresh.
    expect(await core.ok('receiptImports:running', {})).toEqual({ running: null })

    await core.ok('receiptImports:commit', { id })
    await until(core, id, (s) => s.counting === 'receipts' && s.done >= 100)
    // The screen opened again (answered from memory while the save holds the connection).
    expect((await core.ok('receiptImports:running', {})).running).toMatchObject({ file: { id, fileName: 'big.csv' }, status: { id, phase: 'saving', counting: 'receipts' } })
    // Choosing another file (the handler as dispatch runs it once the session's check is done):
    // refused, not the save stopped unseen.
    const ctx = { ...commandContext(core), sessionKey: OWNER_SESSION }
    await expect(pickFile(ctx)).rejects.toMatchObject({ code: 'CONFLICT', message: 'The last file is still being saved: wait for it to finish, or cancel it' })
    // Through dispatch, the command waits for the save's connection, and then opens the file.
    pick(file('other.csv', GOOD_FILE))
    const another = core.ok('receiptImports:pickFile', {})
    expect((await watch(core, id)).pop()).toMatchObject({ phase: 'saved', result: { imported: 2500 } })
    expect((await another).file).toMatchObject({ fileName: 'other.csv' })
    expect((await counts(core)).receipts).toBe(2500)
  }, 120_000)

  it('a restore of a backup stops a running check and closes the import: the file is to be chosen again', async () => {
    const { core, file, pick } = await each.start()
    const id = await picked(core, pick, file('big.csv', bigFile(5000)))
    const job = receiptImportJobs(core.services.db).get(id)!
    await core.ok('receiptImports:check', { id })
    await until(core, id, (s) => s.done > 0)
    // What backups:restore runs once the restored file is in place (a save holds the connection:
    // a restore waits for it to end, and the restored file replaces what it saved).
    await core.services.afterRestore()
    expect(job.status().phase).toBe('cancelled')
    expect(receiptImportJobs(core.services.db).size).toBe(0)
  }, 120_000)
})
