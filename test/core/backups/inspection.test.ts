import { copyFileSync } from 'node:fs'
import { join } from 'node:path'
import { afterEach, describe, expect, it } from 'vitest'
import { withSqliteFile } from '../../../electron/core/backups/sqlite-file'
import { OWNER, signIn, startSetUpCore, tempDir, type TestCore } from '../../support/core'
import { scriptedDialogs } from '../../support/platform'

/**
 * What a restore refuses when the backup is inspected, before anything on this PC is replaced:
 * files changed by hand or crafted (found by the fresh-eyes review, zz-review-a/b).
 */
let cores: TestCore[] = []
afterEach(async () => {
  for (const core of cores) await core.cleanup()
  cores = []
})

/** A store, and a plain copy of it saved to a "USB stick", for variants to be made of. */
async function storeWithCopy() {
  const dialogs = scriptedDialogs()
  const core = await startSetUpCore({ dialogs: dialogs.dialogs, automaticBackups: false })
  cores.push(core)
  const usb = tempDir('backroom-usb-')
  const copy = join(usb, 'store.sqlite')
  dialogs.willPick(copy)
  await core.ok('backups:create', { destination: 'file', passphrase: '' })
  /** A copy of the saved file changed by `sql`. */
  const variant = async (name: string, sql: string) => {
    const file = join(usb, `${name}.sqlite`)
    copyFileSync(copy, file)
    await withSqliteFile(file, {}, (f) => f.exec(sql))
    return file
  }
  const pick = async (file: string) => {
    dialogs.willPick(file)
    const picked = await core.ok('backups:pickFile', {})
    return { source: 'picked-file' as const, name: picked.file!.id, passphrase: '' }
  }
  return { core, variant, pick }
}

describe('inspecting a backup before a restore', () => {
  it('refuses a backup in which no active user may back up and restore, and the store stays as it was', async () => {
    const { core, variant, pick } = await storeWithCopy()
    const lockouts = [
      await variant('no-users', 'PRAGMA foreign_keys = OFF; DELETE FROM users'),
      await variant('inactive-owner', 'UPDATE users SET active = 0'),
      await variant('managers-only', "UPDATE users SET role = 'manager'"),
      await variant('permission-taken', `UPDATE users SET role = 'manager', permission_overrides = '{"manage_backups":false}'`),
    ]
    for (const file of lockouts) {
      const source = await pick(file)
      const refused = { ok: false, error: { code: 'VALIDATION', message: expect.stringContaining('no active user who may back up and restore') } }
      expect(await core.call('backups:inspect', source), file).toMatchObject(refused)
      expect(await core.call('backups:restore', source), file).toMatchObject(refused)
    }
    // Nothing was replaced: the owner still signs in.
    expect(await core.ok('auth:status', {})).toMatchObject({ needsSetup: false })
    await signIn(core, 'another-session', OWNER.username, OWNER.password)

    // A manager the owner granted the permission is enough.
    const granted = await variant('granted', `UPDATE users SET role = 'manager', permission_overrides = '{"manage_backups":true}'`)
    expect(await core.call('backups:inspect', await pick(granted))).toMatchObject({ ok: true })
  })
})
