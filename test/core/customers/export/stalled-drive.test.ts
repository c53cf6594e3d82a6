import fs from 'node:fs'
import { join } from 'node:path'
import { setTimeout as sleep } from 'node:timers/promises'
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest'
import { bulkInsertCustomers } from '../../../../electron/core/customers/bulk'
import { CANCEL_WAIT_MS } from '../../../../electron/core/customers/export/jobs'
import { startSetUpCore, tempDir, type TestCore } from '../../../support/core'
import { scriptedDialogs } from '../../../support/platform'
import { people } from '../fixtures'
import { EVERYONE, filesIn } from './helpers'

/**
 * An export to a drive that stops answering (a network share that hangs): its writes do not
 * return. Cancel must still answer, and the partial file must go once the drive answers.
 * The file system is made to hold every write to a `.part` file until the test lets it fail.
 */
let core: TestCore
const dialogs = scriptedDialogs()
const { open, write, writev } = fs
const held: (() => void)[] = []

function stallWritesToPartFiles(): void {
  const partFiles = new Set<number>()
  const patched = fs as unknown as Record<string, unknown>
  patched.open = (path: string, ...rest: unknown[]) => {
    const callback = rest.pop() as (error: Error | null, fd: number) => void
    return (open as (...args: unknown[]) => void)(path, ...rest, (error: Error | null, fd: number) => {
      if (!error && String(path).endsWith('.part')) partFiles.add(fd)
      callback(error, fd)
    })
  }
  const stall =
    (real: unknown) =>
    (fd: number, ...rest: unknown[]) => {
      if (!partFiles.has(fd)) return (real as (...args: unknown[]) => void)(fd, ...rest)
      const callback = rest.at(-1) as (error: Error) => void
      held.push(() => callback(Object.assign(new Error('EIO: i/o error, write'), { code: 'EIO' })))
    }
  patched.write = stall(write)
  patched.writev = stall(writev)
}

beforeAll(async () => {
  core = await startSetUpCore({ dialogs: dialogs.dialogs, exportPacing: { pageSize: 20, pageDelayMs: 5 } })
  const owner = (await core.ok('auth:status', {})).user!.id
  await bulkInsertCustomers(core.services, people(core, 300, () => ({})), { userId: owner })
})
afterEach(() => {
  Object.assign(fs, { open, write, writev })
  held.splice(0).forEach((fail) => fail())
})
afterAll(() => core.cleanup())

describe('an export to a drive that stops answering', () => {
  it.each(['csv', 'xlsx'] as const)('%s: Cancel answers at once, and the partial file goes when the drive answers', async (format) => {
    const folder = tempDir('backroom-export-stalled-')
    stallWritesToPartFiles()
    dialogs.willPick(join(folder, `list.${format}`))
    const { job } = await core.ok('customers:exportStart', { ...EVERYONE, status: 'all', format })
    // Every page is read and handed to a write that never returns.
    await sleep(800)
    expect(held.length).toBeGreaterThan(0)
    expect((await core.ok('customers:exportProgress', { jobId: job!.jobId })).state).toBe('running')
    const asked = Date.now()
    const cancelled = await core.ok('customers:exportCancel', { jobId: job!.jobId })
    expect(Date.now() - asked).toBeLessThan(CANCEL_WAIT_MS + 1_000)
    expect(cancelled.state).toBe('cancelled')
    // A new export may start meanwhile: this one no longer counts as running.
    expect((await core.ok('customers:exportProgress', { jobId: job!.jobId })).state).toBe('cancelled')
    expect(filesIn(folder)).toHaveLength(1)
    // The drive answers (with an error): the job stops and its partial file goes.
    held.splice(0).forEach((fail) => fail())
    for (let i = 0; i < 100 && filesIn(folder).length > 0; i++) await sleep(20)
    expect(filesIn(folder)).toEqual([])
    expect((await core.ok('customers:exportProgress', { jobId: job!.jobId })).state).toBe('cancelled')
  })
})
