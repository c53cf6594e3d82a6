import { readdirSync, symlinkSync } from 'node:fs'
import { join } from 'node:path'
import { afterEach, describe, expect, it } from 'vitest'
import { BACKUP_FOLDER } from '../../../electron/core/backups/folder'
import { OWNER, signIn, startSetUpCore, startTestCore, tempDir, type TestCore } from '../../support/core'
import { scriptedDialogs } from '../../support/platform'
import { addShopper } from '../../support/shoppers'

let cores: TestCore[] = []
afterEach(async () => {
  for (const core of cores) await core.cleanup()
  cores = []
})

describe('Save a copy to a file… into the data folder', () => {
  // Found by the fresh-eyes review: chosen as backroom.sqlite itself, the copy was renamed over
  // the open database, "saved" was answered, and the next start found the database malformed.
  it('is refused for the live database, its side files, the backups folder and a link to the database, and the database stays whole', async () => {
    const d = scriptedDialogs()
    const core = await startSetUpCore({ dialogs: d.dialogs, automaticBackups: false })
    await addShopper(core, { firstName: 'Old' })
    const elsewhere = tempDir('backroom-usb-')
    symlinkSync(join(core.dir, 'backroom.sqlite'), join(elsewhere, 'link.sqlite'))
    const targets = [
      join(core.dir, 'backroom.sqlite'),
      join(core.dir, BACKUP_FOLDER, '..', 'backroom.sqlite-wal'),
      join(core.dir, 'backroom.sqlite-shm'),
      join(core.dir, BACKUP_FOLDER, 'mine.sqlite'),
      join(core.dir, 'copy.sqlite'),
      join(elsewhere, 'link.sqlite'),
    ]
    const before = readdirSync(core.dir).sort()
    for (const target of targets) {
      d.willPick(target)
      expect(await core.call('backups:create', { destination: 'file', passphrase: '' }), target).toMatchObject({
        ok: false,
        error: { code: 'VALIDATION', message: expect.stringContaining("cannot be saved in Backroom's own data folder") },
      })
    }
    // Nothing was written: no backup taken, no partial file left.
    expect(readdirSync(core.dir).sort()).toEqual(before)
    expect(readdirSync(join(core.dir, BACKUP_FOLDER))).toEqual([])

    for (let i = 0; i < 5; i++) await addShopper(core, { firstName: `After${i}` })
    await core.close()
    const again = await startTestCore({ dataDir: core.dir, automaticBackups: false })
    cores.push(again)
    await signIn(again, 'test-session', OWNER.username, OWNER.password)
    expect(await again.services.db.raw('PRAGMA integrity_check')).toEqual([{ integrity_check: 'ok' }])
    expect((await again.services.db('customers').pluck('first_name')).sort()).toEqual(['After0', 'After1', 'After2', 'After3', 'After4', 'Old'])
  })

  it('still saves beside the data folder, in a folder of its own', async () => {
    const d = scriptedDialogs()
    const core = await startSetUpCore({ dialogs: d.dialogs, automaticBackups: false })
    cores.push(core)
    const usb = join(tempDir('backroom-usb-'), 'backroom.sqlite')
    d.willPick(usb)
    expect(await core.ok('backups:create', { destination: 'file', passphrase: '' })).toMatchObject({ saved: true, file: usb })
  })
})
