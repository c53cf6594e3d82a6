import { afterEach, describe, expect, it } from 'vitest'
import type { LogEntry } from '../../electron/core/db/changelog'
import { newId } from '../../electron/core/ids'
import { applyEntries } from '../../electron/core/sync/apply'
import { SCHEMA_VERSION } from '../../electron/core/sync/spec'
import { startSetUpCore, type TestCore } from '../support/core'

/**
 * A newer store of the owner may know a permission this app does not, and sync lets its
 * overrides in (sync/bounds.ts). Before, one such key made `users:list` answer INTERNAL (the
 * contract names every permission it knows) and `users:update` of that user answer "saved but
 * could not be shown". Now this store shows only the keys it knows, and keeps the others in the
 * row when it saves the user: the newer store's setting is not lost.
 */
let core: TestCore | undefined
afterEach(async () => {
  await core?.cleanup()
  core = undefined
})

const CLEO = { username: 'cleo', displayName: 'Cleo Clerk', role: 'staff', password: 'cleo password 1', pin: '1357' } as const
const FROM_NEWER_STORE = { check_out: true, future_permission: true }

/** The newer store's edit of the user's overrides, as the hub delivers it, through the real applier. */
async function overridesFromNewerStore(c: TestCore, userId: string, overrides: Record<string, boolean>): Promise<void> {
  const id = newId()
  const at = new Date(Date.now() + 1000)
  const entry: LogEntry = {
    id,
    tx: id,
    tx_size: 1,
    op: 'update',
    table_name: 'users',
    row_id: userId,
    field: 'permission_overrides',
    value: JSON.stringify(JSON.stringify(overrides)),
    old_value: JSON.stringify('{}'),
    hlc: `${String(at.getTime()).padStart(15, '0')}-000000-newerstore`,
    store_id: newId(),
    user_id: null,
    created_at: at.toISOString(),
    schema_version: SCHEMA_VERSION,
  }
  expect(await applyEntries(c.services, [entry])).toMatchObject({ applied: 1, refused: 0 })
}

const storedOverrides = async (c: TestCore, id: string) => JSON.parse((await c.services.db('users').where({ id }).first()).permission_overrides)

describe('a permission override only a newer store knows', () => {
  it('is left out of users:list, users:update and the sign-in, and kept in the row when this store saves the user', async () => {
    core = await startSetUpCore()
    const cleo = await core.ok('users:create', CLEO)
    await overridesFromNewerStore(core, cleo.id, FROM_NEWER_STORE)

    const listed = (await core.ok('users:list', {})).find((u) => u.id === cleo.id)
    expect(listed).toMatchObject({ permissionOverrides: { check_out: true }, permissions: ['check_out'] })
    expect(listed!.permissionOverrides).not.toHaveProperty('future_permission')

    // Another field edited here: the newer store's key stays.
    expect(await core.ok('users:update', { id: cleo.id, displayName: 'Cleo C' })).toMatchObject({ displayName: 'Cleo C', permissionOverrides: { check_out: true } })
    expect(await storedOverrides(core, cleo.id)).toEqual(FROM_NEWER_STORE)

    // The overrides themselves edited here (the edit dialog sends the ones it showed): the known ones change, the unknown one stays.
    const saved = await core.ok('users:update', { id: cleo.id, permissionOverrides: { check_out: false, export_data: true } })
    expect(saved.permissionOverrides).toEqual({ check_out: false, export_data: true })
    expect(await storedOverrides(core, cleo.id)).toEqual({ future_permission: true, check_out: false, export_data: true })

    // Cleo signs in and holds what this app knows she holds.
    expect(await core.ok('auth:login', { username: CLEO.username, password: CLEO.password }, 'cleo')).toMatchObject({ permissions: ['export_data'] })
  })

  it('answers a value that is not a list of overrides at all as no overrides, never INTERNAL', async () => {
    core = await startSetUpCore()
    const cleo = await core.ok('users:create', CLEO)
    for (const stored of ['[true]', 'null', '{"check_out":"yes"}', 'not json']) {
      await core.services.db('users').where({ id: cleo.id }).update({ permission_overrides: stored })
      const listed = await core.call('users:list', {})
      expect(listed.ok, stored).toBe(true)
      if (listed.ok) expect(listed.data.find((u) => u.id === cleo.id)?.permissionOverrides, stored).toEqual({})
    }
  })
})
