import { readFileSync } from 'node:fs'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import { startSetUpCore, startTestCore, tempDir, type TestCore } from '../../support/core'
import { scriptedDialogs } from '../../support/platform'
import { trackedCoresEachTest } from '../../support/tracked-cores'
import { addShopper } from '../../support/shoppers'

/**
 * A restore keeps a store's hub link only when this PC is that store on that same hub
 * (carry-link.ts); otherwise the restored store is not linked. The preview says which hub and
 * store the copy was linked to and whether the link is kept, so the owner is told to join again
 * before ringing sales; it never carries the role the store signed in as nor its password.
 */
const track = trackedCoresEachTest()

const SEALED = 'sealed-password-b64-Zq9xWv'
const ROLE = 'store_corner_role'

/** Links the store as a join leaves it (host .invalid: the worker's tries fail at once). */
async function link(core: TestCore): Promise<void> {
  await core.services.db('hub_link').insert({
    id: 1,
    host: 'hub.invalid',
    port: 6543,
    database: 'owners_hub',
    user: ROLE,
    tls: 'off',
    password_sealed: SEALED,
    joined_as: 'new',
    joined_at: new Date().toISOString(),
  })
}

describe('the preview of a backup taken while the store was linked to a hub', () => {
  it('names the hub and the store on a new PC, says the link is not kept, and holds no credential', async () => {
    const old = scriptedDialogs()
    const core = await track(startSetUpCore({ dialogs: old.dialogs, automaticBackups: false }))
    await addShopper(core, { firstName: 'Ada' })
    await link(core)
    const usb = join(tempDir('backroom-usb-'), 'store.sqlite')
    old.willPick(usb)
    await core.ok('backups:create', { destination: 'file', passphrase: '' })

    const fresh = scriptedDialogs()
    const pc = await track(startTestCore({ dialogs: fresh.dialogs, automaticBackups: false }))
    fresh.willPick(usb)
    const picked = await pc.ok('backups:pickFile', {})
    const source = { source: 'picked-file', name: picked.file!.id, passphrase: '' } as const
    const preview = await pc.ok('backups:inspect', source)
    expect(preview.backup.hubLink).toEqual({ host: 'hub.invalid', port: 6543, storeName: 'Corner Shop', keptOnThisPc: false })
    const said = JSON.stringify(preview)
    expect(said).not.toContain(SEALED)
    expect(said).not.toContain(ROLE)

    const restored = await pc.ok('backups:restore', source)
    expect(restored.restored.hubLink).toEqual({ host: 'hub.invalid', port: 6543, storeName: 'Corner Shop', keptOnThisPc: false })
    expect(JSON.stringify(restored)).not.toContain(SEALED)
    // What the preview warned of: the restored store is not linked.
    expect(await pc.services.db('hub_link').count({ n: '*' }).first()).toEqual({ n: 0 })
  }, 60_000)

  it('says the link is kept when this PC is that store on that same hub, and is null for a copy never linked', async () => {
    const core = await track(startSetUpCore({ automaticBackups: false }))
    await addShopper(core, { firstName: 'Ada' })
    const { backup: unlinked } = await core.ok('backups:create', { destination: 'folder', passphrase: '' })
    await link(core)
    const { backup: linked } = await core.ok('backups:create', { destination: 'folder', passphrase: '' })

    const before = await core.ok('backups:inspect', { source: 'backups-folder', name: unlinked!.name, passphrase: '' })
    expect(before.backup.hubLink).toBeNull()
    const preview = await core.ok('backups:inspect', { source: 'backups-folder', name: linked!.name, passphrase: '' })
    expect(preview.backup.hubLink).toEqual({ host: 'hub.invalid', port: 6543, storeName: 'Corner Shop', keptOnThisPc: true })

    // This PC moved to another hub since: the copy's link is not the one kept.
    await core.services.db('hub_link').update({ host: 'other-hub.invalid' })
    const moved = await core.ok('backups:inspect', { source: 'backups-folder', name: linked!.name, passphrase: '' })
    expect(moved.backup.hubLink).toMatchObject({ host: 'hub.invalid', keptOnThisPc: false })
  }, 60_000)

  it('leaves the hub out of an encrypted backup’s readable header', async () => {
    const old = scriptedDialogs()
    const core = await track(startSetUpCore({ dialogs: old.dialogs, automaticBackups: false }))
    await link(core)
    const usb = join(tempDir('backroom-usb-'), 'store.backroom')
    old.willPick(usb)
    await core.ok('backups:create', { destination: 'file', passphrase: 'correct horse staple' })
    expect(readFileSync(usb).includes(Buffer.from('hub.invalid'))).toBe(false)
  }, 60_000)
})
