import { copyFileSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { afterEach, describe, expect, it } from 'vitest'
import { NotReadable, readEncryptedHeader } from '../../../electron/core/backups/encryption'
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
  /** An encrypted file (as the app writes them) whose header is `header`, and some ciphertext. */
  const encrypted = (name: string, header: unknown) => {
    const text = Buffer.from(JSON.stringify(header), 'utf8')
    const length = Buffer.alloc(4)
    length.writeUInt32BE(text.length)
    const file = join(usb, `${name}.backroom`)
    writeFileSync(file, Buffer.concat([Buffer.from('BACKROOM-ENCRYPTED-BACKUP\n', 'ascii'), length, text, Buffer.alloc(64)]))
    return file
  }
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
  return { core, variant, encrypted, pick }
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

  // Found by the fresh-eyes review (zz-review-b, case G): a header of JSON null, or without its
  // salt or check value, answered INTERNAL (or "could not be written" when picked).
  it('answers "not a Backroom backup, or it is damaged" to an encrypted header of any other shape', async () => {
    const { core, encrypted, pick } = await storeWithCopy()
    const kdf = { name: 'scrypt', N: 16, r: 1, p: 1, salt: Buffer.alloc(16).toString('base64') }
    const good = {
      format: 1,
      kdf,
      cipher: 'aes-256-gcm',
      iv: Buffer.alloc(12).toString('base64'),
      check: Buffer.alloc(32).toString('base64'),
      preview: { takenAt: '2026-12-01T10:00:00.000Z', storeName: 'Corner Shop', customers: 1, receipts: 0 },
    }
    const { salt: _salt, ...kdfWithoutSalt } = kdf
    const { check: _check, ...withoutCheck } = good
    const crafted = {
      'json-null': null,
      'a-number': 7,
      'no-salt': { ...good, kdf: kdfWithoutSalt },
      'no-check': withoutCheck,
      'salt-not-base64': { ...good, kdf: { ...kdf, salt: '!!!!' } },
      'short-iv': { ...good, iv: 'AAAA' },
      'no-preview': { ...good, preview: null },
    }
    for (const [name, header] of Object.entries(crafted)) {
      const source = await pick(encrypted(name, header))
      expect(await core.call('backups:inspect', { ...source, passphrase: 'whatever123' }), name).toMatchObject({
        ok: false,
        error: { code: 'VALIDATION', message: 'This file is not a Backroom backup, or it is damaged' },
      })
    }
  })

  it('refuses a header asking more of scrypt than the app ever does, before deriving any key', async () => {
    const { encrypted } = await storeWithCopy()
    const header = (kdf: object) => ({
      format: 1,
      kdf: { name: 'scrypt', N: 2 ** 17, r: 8, p: 1, salt: Buffer.alloc(16).toString('base64'), ...kdf },
      cipher: 'aes-256-gcm',
      iv: Buffer.alloc(12).toString('base64'),
      check: Buffer.alloc(32).toString('base64'),
      preview: { takenAt: null, storeName: null, customers: 0, receipts: 0 },
    })
    // What the app writes is read; 2^19 (512 MiB), r = 16 or p = 4 are not (2^20, r = 16: 2 GiB a guess).
    expect(await readEncryptedHeader(encrypted('as-written', header({})))).not.toBeNull()
    for (const kdf of [{ N: 2 ** 19 }, { r: 16 }, { p: 4 }]) {
      await expect(readEncryptedHeader(encrypted('costly', header(kdf))), JSON.stringify(kdf)).rejects.toBeInstanceOf(NotReadable)
    }
  })

  // Found by the fresh-eyes review (zz-review-a, case B): a copy given a table, a trigger that
  // copied each customer's name into it before any update, and a view restored with all three,
  // and the trigger kept an erased customer's name.
  it('refuses a backup holding a table, trigger or view the app does not make, or one of its triggers changed', async () => {
    const { core, variant, pick } = await storeWithCopy()
    const crafted = {
      stash: await variant('stash', `CREATE TABLE stash (first TEXT, last TEXT);
        CREATE TRIGGER keep_names BEFORE UPDATE ON customers BEGIN INSERT INTO stash VALUES (old.first_name, old.last_name); END;`),
      view: await variant('view', 'CREATE VIEW v_names AS SELECT first_name FROM customers'),
      index: await variant('index', 'CREATE INDEX customers_by_notes ON customers (notes)'),
      // The app's own trigger, its body changed to keep the name in a table the app has.
      changed: await variant('changed', `DROP TRIGGER customers_search_delete;
        CREATE TRIGGER customers_search_delete AFTER DELETE ON customers BEGIN
          INSERT INTO meta (key, value) VALUES ('kept-' || old.id, old.first_name);
        END;`),
      // What a bulk join set aside is made again from hub_link; a crafted one would run there.
      setAside: await variant('set-aside', `INSERT INTO hub_link (id, host, port, database, user, tls, joined_as, joined_at, first_sync_done, join_aside)
        VALUES (1, 'hub.example', 5432, 'hub', 'u', 'off', 'new', '2026-12-01T00:00:00Z', 0,
          '[{"table":"customers","fullText":[],"objects":[{"type":"trigger","name":"keep_names","sql":"CREATE TRIGGER keep_names BEFORE UPDATE ON customers BEGIN SELECT 1; END"}]}]')`),
    }
    for (const [name, file] of Object.entries(crafted)) {
      const source = await pick(file)
      const refused = { ok: false, error: { code: 'VALIDATION', message: expect.stringContaining('database objects Backroom does not make') } }
      expect(await core.call('backups:inspect', source), name).toMatchObject(refused)
      expect(await core.call('backups:restore', source), name).toMatchObject(refused)
    }
    expect(await core.services.db('sqlite_master').whereIn('name', ['stash', 'keep_names', 'v_names', 'customers_by_notes']).count({ n: '*' })).toEqual([{ n: 0 }])

    // A backup of the version before the last migration (its reference is made without it) restores.
    const older = await variant('older', `DROP INDEX change_log_by_store; DELETE FROM knex_migrations WHERE name LIKE '20261204200000%'`)
    expect(await core.call('backups:restore', await pick(older))).toMatchObject({ ok: true })
  })
})
