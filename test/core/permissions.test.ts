import { afterEach, describe, expect, it } from 'vitest'
import { PERMISSIONS, ROLE_DEFAULT_PERMISSIONS } from '../../electron/contract'
import { effectivePermissions } from '../../electron/core/auth/permissions'
import { addUser, startSetUpCore, type TestCore } from '../support/core'

describe('effectivePermissions', () => {
  it('gives an owner every permission, whatever the overrides say', () => {
    expect(effectivePermissions('owner', {})).toEqual([...PERMISSIONS])
    expect(effectivePermissions('owner', { manage_users: false, manage_settings: false })).toEqual([...PERMISSIONS])
  })

  it('gives a manager the manager defaults and staff nothing', () => {
    expect(effectivePermissions('manager', {})).toEqual([...ROLE_DEFAULT_PERMISSIONS.manager])
    expect(effectivePermissions('manager', {})).not.toContain('manage_users')
    expect(effectivePermissions('manager', {})).not.toContain('manage_settings')
    expect(effectivePermissions('staff', {})).toEqual([])
  })

  it('applies per-user overrides both ways', () => {
    expect(effectivePermissions('staff', { check_out: true, manage_users: true })).toEqual(['check_out', 'manage_users'])
    const manager = effectivePermissions('manager', { export_data: false, manage_settings: true })
    expect(manager).not.toContain('export_data')
    expect(manager).toContain('manage_settings')
    expect(manager).toContain('check_out')
    // An override that repeats the default changes nothing.
    expect(effectivePermissions('manager', { check_out: true })).toEqual([...ROLE_DEFAULT_PERMISSIONS.manager])
  })
})

describe('permission checks in dispatch', () => {
  let core: TestCore | undefined
  afterEach(async () => {
    await core?.cleanup()
    core = undefined
  })

  const settingsOf = (c: TestCore) => c.ok('settings:get', {})

  it('answers UNAUTHENTICATED to a signed-in command when nobody is signed in', async () => {
    core = await startSetUpCore()
    for (const [name, input] of [
      ['settings:get', {}],
      ['users:list', {}],
      ['auth:logout', {}],
      ['settings:update', await settingsOf(core)],
    ] as const) {
      expect(await core.call(name, input as never, 'nobody')).toMatchObject({ ok: false, error: { code: 'UNAUTHENTICATED' } })
    }
  })

  it('refuses staff users:list and settings:update with FORBIDDEN but lets them read settings', async () => {
    core = await startSetUpCore()
    const staff = await addUser(core, { role: 'staff' })
    const settings = await settingsOf(core)
    expect(await core.call('users:list', {}, staff.session)).toMatchObject({ ok: false, error: { code: 'FORBIDDEN' } })
    expect(await core.call('settings:update', { ...settings, storeName: 'Mine now' }, staff.session)).toMatchObject({
      ok: false,
      error: { code: 'FORBIDDEN' },
    })
    expect(await core.call('settings:get', {}, staff.session)).toEqual({ ok: true, data: settings })
  })

  it('lets a staff user with the manage_users override manage users', async () => {
    core = await startSetUpCore()
    const staff = await addUser(core, { role: 'staff', permissionOverrides: { manage_users: true } })
    expect(staff.user.permissions).toEqual(['manage_users'])
    const list = await core.call('users:list', {}, staff.session)
    expect(list.ok).toBe(true)
    const created = await core.call(
      'users:create',
      { username: 'made.by.staff', displayName: 'New', role: 'staff', password: 'long enough', pin: '1234' },
      staff.session,
    )
    expect(created).toMatchObject({ ok: true, data: { username: 'made.by.staff' } })
    // manage_users is not manage_settings.
    expect(await core.call('settings:update', await settingsOf(core), staff.session)).toMatchObject({
      error: { code: 'FORBIDDEN' },
    })
  })

  it('refuses a manager whose manage_settings is withheld, and allows one who is granted it', async () => {
    core = await startSetUpCore()
    const settings = await settingsOf(core)
    const withheld = await addUser(core, { role: 'manager', permissionOverrides: { manage_settings: false } })
    const granted = await addUser(core, { role: 'manager', permissionOverrides: { manage_settings: true } })
    expect(await core.call('settings:update', settings, withheld.session)).toMatchObject({ error: { code: 'FORBIDDEN' } })
    expect(await core.call('settings:update', settings, granted.session)).toMatchObject({ ok: true })
  })

  it('applies a revoked permission on the next command without signing in again', async () => {
    core = await startSetUpCore()
    const manager = await addUser(core, { role: 'manager', permissionOverrides: { manage_users: true } })
    expect(await core.call('users:list', {}, manager.session)).toMatchObject({ ok: true })

    await core.ok('users:update', { id: manager.user.id, permissionOverrides: { manage_users: false } })
    expect(await core.call('users:list', {}, manager.session)).toMatchObject({ ok: false, error: { code: 'FORBIDDEN' } })
    // Still signed in, only without that permission.
    expect((await core.ok('auth:status', {}, manager.session)).user?.permissions).not.toContain('manage_users')

    await core.ok('users:update', { id: manager.user.id, permissionOverrides: { manage_users: true } })
    expect(await core.call('users:list', {}, manager.session)).toMatchObject({ ok: true })

    // A role change takes effect the same way.
    await core.ok('users:update', { id: manager.user.id, role: 'staff', permissionOverrides: {} })
    expect(await core.call('users:list', {}, manager.session)).toMatchObject({ error: { code: 'FORBIDDEN' } })
  })

  it('never runs a refused command', async () => {
    core = await startSetUpCore()
    const staff = await addUser(core, { role: 'staff' })
    const before = await core.services.db('users').select()
    const result = await core.call(
      'users:create',
      { username: 'sneaky', displayName: 'Sneaky', role: 'owner', password: 'long enough', pin: '1234' },
      staff.session,
    )
    expect(result).toMatchObject({ error: { code: 'FORBIDDEN' } })
    expect(await core.services.db('users').select()).toEqual(before)
  })
})
