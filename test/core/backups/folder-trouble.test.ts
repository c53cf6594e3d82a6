import { mkdirSync, readdirSync, rmSync, symlinkSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { afterEach, describe, expect, it } from 'vitest'
import { BACKUP_FOLDER } from '../../../electron/core/backups/folder'
import { OWNER, signIn, startSetUpCore, startTestCore, type TestCore } from '../../support/core'
import { scriptedDialogs } from '../../support/platform'

let cores: TestCore[] = []
afterEach(async () => {
  for (const core of cores) await core.cleanup()
  cores = []
})

async function start() {
  const scripted = scriptedDialogs()
  const core = await startSetUpCore({ automaticBackups: false, dialogs: scripted.dialogs })
  cores.push(core)
  return { core, pick: scripted.willPick }
}

describe('a backups folder in trouble', () => {
  it('lists and takes backups when it holds a broken link or a folder named like a backup (only real backups are listed)', async () => {
    const { core } = await start()
    const folder = join(core.dir, BACKUP_FOLDER)
    const first = await core.ok('backups:create', { destination: 'folder', passphrase: '' })
    symlinkSync(join(core.dir, 'gone.sqlite'), join(folder, 'backroom-2026-01-01T00-00-00-000Z-manual.sqlite'))
    mkdirSync(join(folder, 'backroom-2026-01-02T00-00-00-000Z-manual.sqlite'))
    const listed = await core.call('backups:list', {})
    expect(listed).toMatchObject({ ok: true, data: { backups: [{ name: first.backup!.name }] } })
    expect((listed as { data: { backups: unknown[] } }).data.backups).toHaveLength(1)
    // The backup is written, verified and pruned; it was answered "could not be written (ENOENT)" though kept.
    const second = await core.call('backups:create', { destination: 'folder', passphrase: '' })
    expect(second).toMatchObject({ ok: true, data: { saved: true } })
    expect((await core.ok('backups:list', {})).lastFailure).toBeNull()
  })

  it('answers a typed error naming the folder when it cannot be used, and the app still starts', async () => {
    const { core, pick } = await start()
    const folder = join(core.dir, BACKUP_FOLDER)
    rmSync(folder, { recursive: true, force: true })
    writeFileSync(folder, 'a file where the folder was')
    const expected = { ok: false, error: { code: 'BACKUP_FAILED', message: expect.stringContaining(folder) } }
    expect(await core.call('backups:list', {})).toMatchObject(expected)
    expect(await core.call('backups:create', { destination: 'folder', passphrase: '' })).toMatchObject(expected)
    // A copy kept elsewhere (a USB stick) can still be picked to restore: the dialog just opens nowhere in particular.
    const copy = join(core.dir, 'usb-copy.sqlite')
    writeFileSync(copy, 'SQLite format 3\0')
    pick(copy)
    expect(await core.call('backups:pickFile', {})).toMatchObject({ ok: true, data: { file: { encrypted: false } } })
    await core.close()
    // A start cleans what an interrupted backup left in the folder: it could not, and the app did not start.
    const again = await startTestCore({ dataDir: core.dir, automaticBackups: false })
    cores = [again]
    await signIn(again, 'test-session', OWNER.username, OWNER.password)
    expect(await again.call('backups:list', {})).toMatchObject(expected)
    expect(readdirSync(core.dir)).toContain(BACKUP_FOLDER)
  })

  it('says a picked backup is not there any more, or is a folder, rather than that it could not be written', async () => {
    const { core, pick } = await start()
    pick(join(core.dir, 'deleted since the dialog.sqlite'))
    expect(await core.call('backups:pickFile', {})).toMatchObject({ ok: false, error: { code: 'NOT_FOUND', message: 'The backup file is not there any more: choose it again' } })
    pick(core.dir)
    expect(await core.call('backups:pickFile', {})).toMatchObject({ ok: false, error: { code: 'BACKUP_FAILED', message: 'The backup file could not be read (EISDIR)' } })
  })

  it('lists a backup whose manifest was damaged or edited as not verified, never as INTERNAL', async () => {
    const { core } = await start()
    const { backup } = await core.ok('backups:create', { destination: 'folder', passphrase: '' })
    const manifest = join(core.dir, BACKUP_FOLDER, backup!.name.replace(/\.sqlite$/, '.json'))
    const unverified = { name: backup!.name, storeName: null, customers: null, receipts: null, verified: false }
    for (const content of ['{"customers":"many","storeName":5}', '123', '[]', '{"format":1}', '{not json']) {
      writeFileSync(manifest, content)
      expect(await core.call('backups:list', {}), content).toMatchObject({ ok: true, data: { backups: [unverified] } })
    }
  })
})
