import { chmodSync, mkdirSync, readFileSync } from 'node:fs'
import { join } from 'node:path'
import { parse } from 'csv-parse/sync'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { bulkInsertCustomers } from '../../../../electron/core/customers/bulk'
import { addUser, startSetUpCore, tempDir, type TestCore } from '../../../support/core'
import { scriptedDialogs } from '../../../support/platform'
import { addCustomer, allPages, people } from '../fixtures'
import { EVERYONE, exportTo, filesIn, untilStopped } from './helpers'

/** What the export holds (the list's rows, no more), who may run it, and how it stops. */
let core: TestCore
const dialogs = scriptedDialogs()
const SLOW = { pageSize: 20, pageDelayMs: 30 }
/** The core's log lines. */
const logged: string[] = []

const names = (file: string) => (parse(readFileSync(file), { bom: true, columns: true }) as Record<string, string>[]).map((r) => r['First name'])

beforeAll(async () => {
  core = await startSetUpCore({ dialogs: dialogs.dialogs, exportPacing: SLOW, log: (line) => logged.push(line) })
  const owner = (await core.ok('auth:status', {})).user!.id
  await bulkInsertCustomers(core.services, people(core, 300, (i) => ({ active: i % 10 !== 0 })), { userId: owner })
  const flagged = await addCustomer(core, { firstName: 'Flora', lastName: 'Flagged' })
  await core.ok('customers:setFlag', { id: flagged.id, flagged: true, reason: 'Shouted at staff' })
  await addCustomer(core, { firstName: 'Recent', lastName: 'Ramos' })
})
afterAll(() => core.cleanup())

describe('the rows of the list', () => {
  it.each([
    ['search', { query: 'Núñez', status: 'all' as const, sort: 'name' as const }],
    ['period and status', { period: '30d' as const, status: 'active' as const, sort: 'createdAt' as const, direction: 'desc' as const }],
    ['inactive, by name descending', { status: 'inactive' as const, sort: 'name' as const, direction: 'desc' as const }],
    ['flagged only', { flaggedOnly: true }],
    ['custom dates', { period: 'custom' as const, from: '2026-03-01', to: '2026-04-30', sort: 'email' as const }],
  ])('%s: the same customers in the same order as the list pages', async (_, filters) => {
    const folder = tempDir('backroom-export-')
    const file = join(folder, 'list.csv')
    const progress = await exportTo(core, dialogs, file, filters)
    const { format: _format, ...listFilters } = { ...EVERYONE, ...filters }
    const listed = await allPages(core, { ...listFilters, limit: 200 })
    const byId = new Map<string, string>()
    for (const row of (await core.services.db('customers').select('id', 'first_name')) as { id: string; first_name: string }[]) byId.set(row.id, row.first_name)
    expect(progress).toMatchObject({ state: 'done', done: listed.length, total: listed.length })
    expect(names(file)).toEqual(listed.map((id) => byId.get(id)))
    expect(listed.length).toBeGreaterThan(0)
  })
})

describe('cancel and failures', () => {
  it('Cancel stops at once and leaves no file, partial or whole', async () => {
    const folder = tempDir('backroom-export-')
    dialogs.willPick(join(folder, 'big.xlsx'))
    const { job } = await core.ok('customers:exportStart', { ...EVERYONE, status: 'all', format: 'xlsx' })
    let progress = job!
    while (progress.done < 40) progress = await core.ok('customers:exportProgress', { jobId: job!.jobId })
    expect(progress).toMatchObject({ state: 'running', total: 302, file: null })
    expect(filesIn(folder)).toHaveLength(1) // the hidden partial file
    expect(filesIn(folder)[0]).toMatch(/^\.big\.xlsx\..*\.part$/)
    const cancelled = await core.ok('customers:exportCancel', { jobId: job!.jobId })
    expect(cancelled).toMatchObject({ state: 'cancelled', file: null })
    expect(cancelled.done).toBeLessThan(302)
    expect(filesIn(folder)).toEqual([])
    expect(await core.ok('customers:exportProgress', { jobId: job!.jobId })).toMatchObject({ state: 'cancelled' })
  })

  it.each(['csv', 'pdf'] as const)('Cancel of a %s export leaves no file either', async (format) => {
    const folder = tempDir('backroom-export-')
    dialogs.willPick(join(folder, `big.${format}`))
    const { job } = await core.ok('customers:exportStart', { ...EVERYONE, status: 'all', format })
    while ((await core.ok('customers:exportProgress', { jobId: job!.jobId })).done < 20);
    await core.ok('customers:exportCancel', { jobId: job!.jobId })
    expect(filesIn(folder)).toEqual([])
  })

  it('a folder it may not write to fails with a message to act on, and nothing is left', async () => {
    const folder = join(tempDir('backroom-export-'), 'locked')
    mkdirSync(folder)
    chmodSync(folder, 0o500)
    const progress = await exportTo(core, dialogs, join(folder, 'list.csv'))
    chmodSync(folder, 0o700)
    // root may write anywhere: then the export simply succeeds.
    if (process.getuid?.() === 0) return expect(progress.state).toBe('done')
    expect(progress).toMatchObject({ state: 'failed', file: null })
    expect(progress.error).toMatch(/read-only or not allowed/)
    expect(filesIn(folder)).toEqual([])
  })

  it('a folder that is gone fails without an internal error, nothing is left, and the log says what failed', async () => {
    const folder = join(tempDir('backroom-export-'), 'unplugged drive')
    logged.length = 0
    const progress = await exportTo(core, dialogs, join(folder, 'list.xlsx'), { format: 'xlsx' })
    expect(progress).toMatchObject({ state: 'failed', file: null, error: 'The export could not be written. Nothing was saved; try again.' })
    expect(filesIn(folder)).toEqual([])
    // The user was told only to try again: the log keeps the kind and code, never the path.
    expect(logged).toEqual([expect.stringMatching(/^export \(xlsx\) failed: Error ENOENT/)])
    expect(logged.join('\n')).not.toContain('unplugged')
  })

  it('a cancelled save dialog starts nothing', async () => {
    dialogs.willPick(null)
    expect(await core.ok('customers:exportStart', EVERYONE)).toEqual({ job: null })
  })

  it('a name typed without the extension gets it', async () => {
    const folder = tempDir('backroom-export-')
    const progress = await exportTo(core, dialogs, join(folder, 'for the accountant'), { format: 'pdf', flaggedOnly: true })
    expect(progress.file).toBe(join(folder, 'for the accountant.pdf'))
    expect(filesIn(folder)).toEqual(['for the accountant.pdf'])
  })
})

describe('who may export', () => {
  it('needs export_data: staff are refused, and nothing is asked or written', async () => {
    const staff = await addUser(core, { role: 'staff' })
    const asked = dialogs.asked.length
    const refused = await core.call('customers:exportStart', EVERYONE, staff.session)
    expect(refused).toMatchObject({ ok: false, error: { code: 'FORBIDDEN' } })
    expect(dialogs.asked.length).toBe(asked)
    const withIt = await addUser(core, { role: 'staff', permissionOverrides: { export_data: true } })
    dialogs.willPick(join(tempDir('backroom-export-'), 'staff.csv'))
    expect((await core.ok('customers:exportStart', EVERYONE, withIt.session)).job).not.toBeNull()
  })

  it("a job is its session's own: another user's session cannot see or cancel it", async () => {
    const manager = await addUser(core, { role: 'manager' })
    const folder = tempDir('backroom-export-')
    dialogs.willPick(join(folder, 'mine.csv'))
    const { job } = await core.ok('customers:exportStart', EVERYONE)
    for (const name of ['customers:exportProgress', 'customers:exportCancel'] as const) {
      expect(await core.call(name, { jobId: job!.jobId }, manager.session)).toMatchObject({ ok: false, error: { code: 'NOT_FOUND' } })
    }
    expect((await untilStopped(core, job!.jobId)).state).toBe('done')
  })

  it('one export at a time per session', async () => {
    const folder = tempDir('backroom-export-')
    dialogs.willPick(join(folder, 'first.csv'))
    const { job } = await core.ok('customers:exportStart', { ...EVERYONE, status: 'all' })
    dialogs.willPick(join(folder, 'second.csv'))
    expect(await core.call('customers:exportStart', EVERYONE)).toMatchObject({ ok: false, error: { code: 'CONFLICT' } })
    await core.ok('customers:exportCancel', { jobId: job!.jobId })
  })
})

describe('bad input', () => {
  it.each([
    [{ ...EVERYONE, format: 'docx' }, 'format'],
    [{ ...EVERYONE, period: 'custom', from: '2026-05-01', to: '2026-04-01' }, 'to'],
    [{ ...EVERYONE, period: 'custom', from: '', to: '' }, 'from'],
    [{ ...EVERYONE, query: 'x'.repeat(101) }, 'query'],
    [{ ...EVERYONE, sort: 'password_hash' }, 'sort'],
    [{ ...EVERYONE, limit: 5 }, ''],
  ])('%o is refused on %s with a typed error, before any dialog', async (input, field) => {
    const asked = dialogs.asked.length
    const answer = await core.call('customers:exportStart', input as never)
    expect(answer).toMatchObject({ ok: false, error: { code: 'VALIDATION' } })
    if (field && !answer.ok) expect(Object.keys(answer.error.fields ?? {})).toContain(field)
    expect(dialogs.asked.length).toBe(asked)
  })

  it.each(['', 'x'.repeat(65), '../../etc', 'AAAAAAAAAAAAAAAAAAAAAA'])('an unknown job id %j answers a typed error', async (jobId) => {
    const answer = await core.call('customers:exportProgress', { jobId })
    expect(answer.ok).toBe(false)
    if (!answer.ok) expect(['VALIDATION', 'NOT_FOUND']).toContain(answer.error.code)
  })
})
