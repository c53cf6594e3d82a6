import { spawnSync } from 'node:child_process'
import { readFileSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest'
import { startSetUpCore, tempDir, type TestCore } from '../../../support/core'
import { scriptedDialogs } from '../../../support/platform'
import { addCustomer } from '../fixtures'
import { exportTo, filesIn } from './helpers'

/**
 * Exporting again to the name of a file another program holds: on Windows a file open in Excel
 * cannot be replaced (the rename answers EBUSY or EPERM). Here the real file system refuses the
 * same way for a file marked immutable (`chattr +i`, root on ext4, as on these machines): the
 * rename onto it answers EPERM while the folder still takes the hidden file.
 */
let core: TestCore
const dialogs = scriptedDialogs()
const immutable: string[] = []
const chattr = (flag: '+i' | '-i', file: string) => spawnSync('chattr', [flag, file]).status === 0

/** Whether this machine can mark a file immutable (root, a file system that has the attribute). */
function canMarkImmutable(): boolean {
  const probe = join(tempDir('backroom-export-probe-'), 'probe')
  writeFileSync(probe, '')
  const marked = chattr('+i', probe)
  if (marked) chattr('-i', probe)
  return marked
}

beforeAll(async () => {
  core = await startSetUpCore({ dialogs: dialogs.dialogs })
  await addCustomer(core, { firstName: 'Ana', lastName: 'García' })
})
afterEach(() => {
  for (const file of immutable.splice(0)) chattr('-i', file)
})
afterAll(() => core.cleanup())

describe('exporting over a file the system will not let go', () => {
  it.skipIf(!canMarkImmutable())('says to close it where it is open, keeps that file as it was, leaves nothing else', async () => {
    const folder = tempDir('backroom-export-open-')
    const file = join(folder, 'list.csv')
    writeFileSync(file, 'last week’s list')
    expect(chattr('+i', file)).toBe(true)
    immutable.push(file)
    const progress = await exportTo(core, dialogs, file)
    expect(progress).toMatchObject({ state: 'failed', file: null })
    expect(progress.error).toMatch(/open in another program or read-only: close it there/)
    expect(readFileSync(file, 'utf8')).toBe('last week’s list')
    expect(filesIn(folder)).toEqual(['list.csv'])
  })
})
