import { writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { afterEach, describe, expect, it } from 'vitest'
import { importJobs } from '../../../../electron/core/customers/import/service'
import type { TestCore } from '../../../support/core'
import { rowCount } from '../fixtures'
import { checkFile, commitImport, importCore } from './helpers'

let core: TestCore | undefined
afterEach(async () => {
  await core?.cleanup()
  core = undefined
})

describe('a cancel that comes when the save has already finished', () => {
  it('answers that every row was saved, not "cancelled"', async () => {
    const made = await importCore()
    core = made.core
    const path = join(core.dir, 'late.csv')
    writeFileSync(path, ['First name,Email', ...Array.from({ length: 30 }, (_, i) => `P${i},p${i}@x.com`)].join('\n'))
    const { file } = await checkFile(core, made.pick, path)
    const job = importJobs(core.services.db).get(file.id)!
    // The user presses Cancel as the save ends: every row handed over, the transaction
    // committed, the job about to note how many were saved (its first step once the save answers).
    // (The job itself: the command reaches it a few turns later, when the phase is 'saved' already.)
    let cancel: Promise<ReturnType<typeof job.status>> | undefined
    let saved: number | null = null
    Object.defineProperty(job, 'saved', {
      get: () => saved,
      set: (value: number | null) => {
        if (value !== null && !cancel) cancel = job.cancel().then(() => job.status())
        saved = value
      },
    })
    await core.ok('imports:commit', { id: file.id, leaveOutBadRows: false, leaveOutDuplicates: false })
    await job.settled()
    const answer = await cancel!
    expect(answer).toMatchObject({ phase: 'saved', saved: 30 })
    expect((await core.ok('imports:status', { id: file.id })).phase).toBe('saved')
    expect(await rowCount(core, 'customers')).toBe(30)
  })

  it('leaves a checked import checked: nothing was running to cancel', async () => {
    const made = await importCore()
    core = made.core
    const path = join(core.dir, 'checked.csv')
    writeFileSync(path, 'First name\nAna\n')
    const { file } = await checkFile(core, made.pick, path)
    expect((await core.ok('imports:cancel', { id: file.id })).phase).toBe('checked')
    expect(await commitImport(core, file.id)).toMatchObject({ phase: 'saved', saved: 1 })
  })
})
