import { copyFileSync, readdirSync } from 'node:fs'
import { join } from 'node:path'
import { afterEach, describe, expect, it } from 'vitest'
import { BACKUP_FOLDER, manifestPathFor } from '../../../electron/core/backups/folder'
import { OWNER, signIn, startSetUpCore, STORE, type TestCore } from '../../support/core'
import { simpleSale } from '../../support/sales'
import { addShopper } from '../../support/shoppers'

/**
 * A backup of another store (a shared folder, a file from another PC) makes this PC that store
 * when restored: its own customers, receipts and hub link replaced. The preview says whose the
 * backup is, and main refuses the restore unless the owner confirmed it.
 */
let cores: TestCore[] = []
afterEach(async () => {
  for (const core of cores) await core.cleanup()
  cores = []
})

async function track(core: Promise<TestCore>): Promise<TestCore> {
  cores.push(await core)
  return core
}

const names = async (core: TestCore) => (await core.services.db('customers').orderBy('first_name').select('first_name')).map((r) => r.first_name)
const safetyBackups = (core: TestCore) => readdirSync(join(core.dir, BACKUP_FOLDER)).filter((n) => n.endsWith('before-restore.sqlite'))

/** Another PC's store with one customer, its backup copied into `into`'s backups folder (as a shared folder would hold it). */
async function backupOfAnotherStore(into: TestCore, storeName: string): Promise<{ other: TestCore; name: string }> {
  const other = await track(startSetUpCore({ store: { ...STORE, name: storeName }, automaticBackups: false }))
  await addShopper(other, { firstName: 'Harriet' })
  const { backup } = await other.ok('backups:create', { destination: 'folder', passphrase: '' })
  const file = join(other.dir, BACKUP_FOLDER, backup!.name)
  copyFileSync(file, join(into.dir, BACKUP_FOLDER, backup!.name))
  copyFileSync(manifestPathFor(file), manifestPathFor(join(into.dir, BACKUP_FOLDER, backup!.name)))
  return { other, name: backup!.name }
}

describe("restoring another store's backup", () => {
  it('is previewed as another store’s, refused without the confirmation (nothing changes, no safety backup), restored with it', async () => {
    const core = await track(startSetUpCore({ automaticBackups: false }))
    const ada = await addShopper(core, { firstName: 'Ada' })
    await core.ok('sales:create', simpleSale(ada.id, 1200))
    const { other, name } = await backupOfAnotherStore(core, 'Harbour Street')
    const source = { source: 'backups-folder', name, passphrase: '' } as const

    const preview = await core.ok('backups:inspect', source)
    expect(preview.belongsTo).toEqual({ kind: 'another-store', backupStore: 'Harbour Street', thisStore: 'Corner Shop' })
    expect(preview.backup).toMatchObject({ storeName: 'Harbour Street', customers: 1, receipts: 0 })

    // The renderer is untrusted: leaving the flag out (or sending false) is refused by main.
    for (const input of [source, { ...source, makeThisPcTheBackupStore: false }]) {
      expect(await core.call('backups:restore', input)).toEqual({
        ok: false,
        error: {
          code: 'CONFLICT',
          message:
            'This backup is of Harbour Street, not of Corner Shop: restoring it makes this PC Harbour Street. Nothing was restored; confirm that this PC becomes Harbour Street to restore it.',
        },
      })
    }
    expect(await names(core)).toEqual(['Ada'])
    expect(core.services.localStoreId()).not.toBe(other.services.localStoreId())
    expect(safetyBackups(core)).toEqual([])
    // Still signed in: nothing was swapped.
    expect((await core.ok('customers:search', {})).rows).toHaveLength(1)

    const restored = await core.ok('backups:restore', { ...source, makeThisPcTheBackupStore: true })
    expect(restored.restored).toMatchObject({ storeName: 'Harbour Street', customers: 1 })
    expect(restored.safetyBackup).toMatchObject({ reason: 'before-restore', verified: true, storeName: 'Corner Shop', customers: 1, receipts: 1 })
    expect(core.services.localStoreId()).toBe(other.services.localStoreId())
    await signIn(core, 'test-session', OWNER.username, OWNER.password)
    expect(await names(core)).toEqual(['Harriet'])
  })

  it('tells two stores of the same name apart by saying so', async () => {
    const core = await track(startSetUpCore({ automaticBackups: false }))
    const { name } = await backupOfAnotherStore(core, STORE.name)
    const source = { source: 'backups-folder', name, passphrase: '' } as const
    expect((await core.ok('backups:inspect', source)).belongsTo).toEqual({ kind: 'another-store', backupStore: 'Corner Shop', thisStore: 'Corner Shop' })
    expect(await core.call('backups:restore', source)).toMatchObject({
      ok: false,
      error: { code: 'CONFLICT', message: expect.stringMatching(/^This backup is of another store also named Corner Shop: /) },
    })
  })
})

describe("restoring this store's backup", () => {
  it('is previewed as this store’s and restores without any confirmation, as before', async () => {
    const core = await track(startSetUpCore({ automaticBackups: false }))
    await addShopper(core, { firstName: 'Ada' })
    const { backup } = await core.ok('backups:create', { destination: 'folder', passphrase: '' })
    await addShopper(core, { firstName: 'Bea' })
    const source = { source: 'backups-folder', name: backup!.name, passphrase: '' } as const
    expect((await core.ok('backups:inspect', source)).belongsTo).toEqual({ kind: 'this-store' })
    const storeId = core.services.localStoreId()
    await core.ok('backups:restore', source)
    expect(core.services.localStoreId()).toBe(storeId)
    await signIn(core, 'test-session', OWNER.username, OWNER.password)
    expect(await names(core)).toEqual(['Ada'])
  })
})
