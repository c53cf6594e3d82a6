import { readdirSync, readFileSync } from 'node:fs'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import { manualClock, startSetUpCore, tempDir, type TestCore } from '../../support/core'
import { hangingFolder } from '../../support/hanging-folder'
import { scriptedDialogs } from '../../support/platform'
import { addShopper } from '../../support/shoppers'
import { trackedCoresEachTest } from '../../support/tracked-cores'

/**
 * A network share that hangs must not hold the backups up: each call to the copy folder has a time
 * limit (2 minutes; here 0.3 s), after which the copy counts as failed, the backups' turn goes on,
 * nothing more is sent there until the hung call returns, and its partial file is removed once it
 * does. The hang is the folder port's (test/support/hanging-folder.ts): this machine's own file
 * system cannot be made to hang, and the copy reaches the folder only through that port.
 */
const track = trackedCoresEachTest()
const HOUR = 60 * 60_000
const LIMIT = /the folder did not answer within 0\.3 seconds/
const backUpNow = (core: TestCore) => core.ok('backups:create', { destination: 'folder', passphrase: '' })
const copyState = async (core: TestCore) => (await core.ok('backups:list', {})).copy

async function start() {
  const clock = manualClock()
  const scripted = scriptedDialogs()
  const share = hangingFolder()
  const core = await track(
    startSetUpCore({ automaticBackups: false, dialogs: scripted.dialogs, now: clock.now, idleLock: false, backupCopy: { fs: share.fs, limits: { callMs: 300, probeMs: 300 } } }),
  )
  await addShopper(core, { firstName: 'Ada', lastName: 'Byron' })
  const folder = tempDir('backroom-share-')
  scripted.willPick(folder)
  const { copy } = await core.ok('backups:chooseCopyFolder', {})
  return { core, clock, scripted, share, folder, copiesIn: copy!.copiesIn }
}

/** Until the call the share hung on has returned and the copy given up on has cleaned up after itself. */
const shareAnswered = (core: TestCore) => expect.poll(() => core.services.backups.copyStillOut, { timeout: 5000 }).toBeNull()

describe('a copy folder that does not answer', () => {
  it('fails the copy after the time limit, keeps the backup, does not hold the next one up, and leaves no partial file once it answers', async () => {
    const { core, clock, share, copiesIn } = await start()
    const first = await backUpNow(core)

    share.hang('write')
    clock.advance(HOUR)
    const began = Date.now()
    const second = await backUpNow(core)
    expect(Date.now() - began).toBeLessThan(5000)
    expect(second).toMatchObject({ saved: true, backup: { verified: true } })
    const failedAt = clock.now().toISOString()
    expect((await copyState(core))!.failure).toEqual({ at: failedAt, message: expect.stringMatching(LIMIT), since: second.backup!.takenAt })
    // The hung call holds the partial copy open, as a share would.
    expect(readdirSync(copiesIn)).toContain(`.${second.backup!.name}.partial`)

    // Other backup work goes on meanwhile, and sends nothing more to the hung share.
    clock.advance(HOUR)
    const third = await backUpNow(core)
    expect(third).toMatchObject({ saved: true })
    expect((await core.ok('backups:list', {})).backups).toHaveLength(3)
    expect((await copyState(core))!.failure).toMatchObject({ message: expect.stringMatching(LIMIT), since: failedAt })
    expect(share.hung()).toBe(1)

    share.release()
    await shareAnswered(core)
    // The copy given up on is not finished later: its partial file goes, nothing else is there.
    expect(readdirSync(copiesIn)).toEqual([first.backup!.name])

    clock.advance(HOUR)
    const fourth = await backUpNow(core)
    expect((await copyState(core))!.failure).toBeNull()
    expect(readdirSync(copiesIn).sort()).toEqual([first.backup!.name, fourth.backup!.name].sort())
  })

  it('refuses a folder whose probe does not answer when chosen, and removes the probe once it does', async () => {
    const { core, scripted, share } = await start()
    const other = tempDir('backroom-share-')
    share.hang('open')
    scripted.willPick(other)
    const answer = await core.call('backups:chooseCopyFolder', {})
    expect(answer).toMatchObject({
      ok: false,
      error: { code: 'VALIDATION', message: `The folder ${other} did not answer within 0.3 seconds: make sure the network share or cloud folder is reachable, then choose it again` },
    })
    // The folder chosen before stays.
    expect((await copyState(core))!.folder).not.toBe(other)
    share.release()
    await expect.poll(() => readdirSync(other), { timeout: 5000 }).toEqual([])
  })

  it('asks the share where the folder chosen really leads through the port, in time', async () => {
    const { core, scripted, share } = await start()
    const other = tempDir('backroom-share-')
    share.hang('realPath')
    scripted.willPick(other)
    const began = Date.now()
    expect(await core.call('backups:chooseCopyFolder', {})).toMatchObject({
      ok: false,
      error: { code: 'VALIDATION', message: `The folder ${other} did not answer within 0.3 seconds: make sure the network share or cloud folder is reachable, then choose it again` },
    })
    expect(Date.now() - began).toBeLessThan(5000)
    share.release()
    expect(readdirSync(other)).toEqual([])
  })

  it('answers an erase while the share hangs, and cleans the copies there at the next copy', async () => {
    const { core, clock, share, copiesIn } = await start()
    const zed = await core.ok('customers:create', { firstName: 'Zedekiah', lastName: 'Quarrington', storeIds: [core.services.localStoreId()!] })
    const { backup } = await backUpNow(core)
    const copy = join(copiesIn, backup!.name)
    expect(readFileSync(copy).includes('Quarrington')).toBe(true)

    share.hang('list')
    const began = Date.now()
    await core.ok('customers:erase', { id: zed.id })
    expect(Date.now() - began).toBeLessThan(5000)
    expect((await copyState(core))!.scrubOwed).toEqual({ since: clock.now().toISOString() })
    expect(readFileSync(copy).includes('Quarrington')).toBe(true)

    share.release()
    await shareAnswered(core)
    clock.advance(HOUR)
    await backUpNow(core)
    expect(await copyState(core)).toMatchObject({ failure: null, scrubOwed: null })
    expect(readFileSync(copy).includes('Quarrington')).toBe(false)
    expect(readdirSync(copiesIn)).toHaveLength(2)
  })
})
