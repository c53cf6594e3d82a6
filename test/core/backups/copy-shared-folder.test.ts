import { existsSync, readdirSync, writeFileSync } from 'node:fs'
import { basename, join } from 'node:path'
import { describe, expect, it } from 'vitest'
import { copySubfolderName } from '../../../electron/core/backups/copy-folder'
import { manualClock, OWNER, signIn, startSetUpCore, startTestCore, tempDir, type TestCore } from '../../support/core'
import { scriptedDialogs } from '../../support/platform'
import { trackedCoresEachTest } from '../../support/tracked-cores'

/**
 * One folder for the copies of every store (one OneDrive shared by the owner's PCs): each PC's
 * copies go into a folder of its own there, named for the store and this PC's copy id, and each
 * PC prunes only there. The id is kept beside the database, not taken from it: a restart, a
 * restore (which gives the database a new sync node id) and Stop copying keep it.
 */
const track = trackedCoresEachTest()
const DAY = 24 * 60 * 60_000
const backUpNow = (core: TestCore) => core.ok('backups:create', { destination: 'folder', passphrase: '' })
const copyState = async (core: TestCore) => (await core.ok('backups:list', {})).copy

async function pcChoosing(folder: string) {
  const clock = manualClock()
  const scripted = scriptedDialogs()
  const core = await track(startSetUpCore({ automaticBackups: false, dialogs: scripted.dialogs, now: clock.now, idleLock: false }))
  scripted.willPick(folder)
  const { copy } = await core.ok('backups:chooseCopyFolder', {})
  return { core, clock, scripted, copiesIn: copy!.copiesIn }
}

describe('PCs sharing one folder for their copies', () => {
  it('each copies into a folder of its own there, and prunes only its own copies', async () => {
    const shared = tempDir('backroom-onedrive-')
    // Two PCs whose stores have the same name: the copy id tells them apart.
    const front = await pcChoosing(shared)
    const back = await pcChoosing(shared)
    expect(front.copiesIn).not.toBe(back.copiesIn)
    expect(basename(front.copiesIn)).toMatch(/^Backroom backups – Corner Shop – [0-9a-f]{8}$/)

    // The back office's old copies: over 12 months older than the front desk's, its prune would take every one.
    const old = ['2024-01-02T10-00-00-000Z', '2024-01-02T09-00-00-000Z', '2024-01-01T11-00-00-000Z', '2024-01-01T10-00-00-000Z', '2024-01-01T09-00-00-000Z']
    for (const stamp of old) writeFileSync(join(back.copiesIn, `backroom-${stamp}-daily.sqlite`), 'an old copy')
    // And the owner's own file beside both folders.
    writeFileSync(join(shared, 'budget.xlsx'), 'the owner’s')

    for (let day = 0; day < 4; day++) {
      front.clock.advance(DAY)
      await backUpNow(front.core)
    }
    expect(readdirSync(back.copiesIn)).toHaveLength(old.length)
    expect(readdirSync(front.copiesIn)).toHaveLength(4)

    const { backup } = await backUpNow(back.core)
    // Its own prune, counting its own copies only: its 3 newest and the newest of each old day
    // stay (the front desk's four newer ones, counted, would have pushed 09:00 out); theirs stay too.
    const kept = ['2024-01-02T10-00-00-000Z', '2024-01-02T09-00-00-000Z', '2024-01-01T11-00-00-000Z'].map((stamp) => `backroom-${stamp}-daily.sqlite`)
    expect(readdirSync(back.copiesIn).sort()).toEqual([backup!.name, ...kept].sort())
    expect(readdirSync(front.copiesIn)).toHaveLength(4)
    expect(readdirSync(shared).sort()).toEqual([basename(back.copiesIn), basename(front.copiesIn), 'budget.xlsx'].sort())
  })

  it('keeps its folder there through a restart, a restore (a new sync node id), Stop copying and another folder for a while', async () => {
    const shared = tempDir('backroom-onedrive-')
    const pc = await pcChoosing(shared)
    const { backup } = await backUpNow(pc.core)
    const nodeId = async (core: TestCore) => (await core.services.db('meta').where({ key: 'node_id' }).first()).value

    await pc.core.close()
    const reopened = await track(startTestCore({ dataDir: pc.core.dir, automaticBackups: false, dialogs: pc.scripted.dialogs, now: pc.clock.now, idleLock: false }))
    await signIn(reopened, 'test-session', OWNER.username, OWNER.password)
    expect((await copyState(reopened))!.copiesIn).toBe(pc.copiesIn)

    const before = await nodeId(reopened)
    await reopened.ok('backups:restore', { source: 'backups-folder', name: backup!.name, passphrase: '' })
    await signIn(reopened, 'test-session', OWNER.username, OWNER.password)
    expect(await nodeId(reopened)).not.toBe(before)
    expect((await copyState(reopened))!.copiesIn).toBe(pc.copiesIn)
    await backUpNow(reopened)

    await reopened.ok('backups:stopCopying', {})
    pc.scripted.willPick(shared)
    expect((await reopened.ok('backups:chooseCopyFolder', {})).copy!.copiesIn).toBe(pc.copiesIn)

    // Another folder for a while, the store renamed meanwhile: back in the shared one, its folder there is found again.
    pc.scripted.willPick(tempDir('backroom-usb-'))
    await reopened.ok('backups:chooseCopyFolder', {})
    await reopened.services.db('stores').update({ name: 'Harbour Street' })
    pc.scripted.willPick(shared)
    expect((await reopened.ok('backups:chooseCopyFolder', {})).copy!.copiesIn).toBe(pc.copiesIn)
    expect(readdirSync(shared)).toEqual([basename(pc.copiesIn)])
    expect(existsSync(join(pc.copiesIn, backup!.name))).toBe(true)
  })

  it('names the folder so any file system takes it', () => {
    expect(copySubfolderName('Ana’s <Deli>: "Fish/Chips" | Bar?*', '0a1b2c3d')).toBe('Backroom backups – Ana’s Deli Fish Chips Bar – 0a1b2c3d')
    expect(copySubfolderName('Café…  ', '0a1b2c3d')).toBe('Backroom backups – Café… – 0a1b2c3d')
    expect(copySubfolderName('Corner Shop.', '0a1b2c3d')).toBe('Backroom backups – Corner Shop – 0a1b2c3d')
    expect(copySubfolderName('\u0000\u001f///', '0a1b2c3d')).toBe('Backroom backups – store – 0a1b2c3d')
    expect(copySubfolderName(null, '0a1b2c3d')).toBe('Backroom backups – store – 0a1b2c3d')
    const long = copySubfolderName('🏪'.repeat(100), '0a1b2c3d')
    // Cut by character, never inside one.
    expect(long).toBe(`Backroom backups – ${'🏪'.repeat(60)} – 0a1b2c3d`)
  })
})
