import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { addUser, startSetUpCore, type TestCore, type TestUser } from '../support/core'

describe('owner accounts are an owner’s to change', () => {
  let core: TestCore
  let manager: TestUser
  let ownerId: string

  beforeEach(async () => {
    core = await startSetUpCore()
    manager = await addUser(core, { role: 'manager', permissionOverrides: { manage_users: true } })
    ownerId = (await core.ok('users:list', {})).find((u) => u.role === 'owner')!.id
  })
  afterEach(() => core.cleanup())

  const refused = { ok: false, error: { code: 'FORBIDDEN', message: 'Only an owner can create or change an owner account' } }

  it('refuses a user manager creating an owner or promoting anyone to owner, themselves included', async () => {
    const create = { username: 'newowner', displayName: 'New Owner', role: 'owner', password: 'password123', pin: '1234' } as const
    expect(await core.call('users:create', create, manager.session)).toEqual(refused)
    expect(await core.call('users:update', { id: manager.user.id, role: 'owner' }, manager.session)).toEqual(refused)
    const roles = (await core.ok('users:list', {})).map((u) => u.role).sort()
    expect(roles).toEqual(['manager', 'owner'])
  })

  it('refuses a user manager resetting, editing or deactivating an owner', async () => {
    expect(await core.call('users:resetPassword', { id: ownerId, password: 'taken over!' }, manager.session)).toEqual(refused)
    expect(await core.call('users:resetPin', { id: ownerId, pin: '0000' }, manager.session)).toEqual(refused)
    expect(await core.call('users:update', { id: ownerId, displayName: 'Mallory' }, manager.session)).toEqual(refused)
    expect(await core.call('users:setActive', { id: ownerId, active: false }, manager.session)).toEqual(refused)
  })

  it('still lets a user manager manage staff, and an owner make another owner', async () => {
    const staff = await core.ok(
      'users:create',
      { username: 'pat', displayName: 'Pat', role: 'staff', password: 'password123', pin: '1234' },
      manager.session,
    )
    expect(staff.role).toBe('staff')
    const promoted = await core.ok('users:update', { id: manager.user.id, role: 'owner' })
    expect(promoted.role).toBe('owner')
  })
})

describe('a user manager who is not an owner', () => {
  let core: TestCore
  let manager: TestUser
  afterEach(() => core.cleanup())

  beforeEach(async () => {
    core = await startSetUpCore()
    manager = await addUser(core, { role: 'manager', permissionOverrides: { manage_users: true } })
  })

  it('cannot change their own permissions or role', async () => {
    const self = await core.call('users:update', { id: manager.user.id, permissionOverrides: { manage_users: true, manage_settings: true } }, manager.session)
    expect(self).toEqual({ ok: false, error: { code: 'FORBIDDEN', message: 'Ask an owner to change your own role or permissions' } })
    expect((await core.ok('users:list', {})).find((u) => u.id === manager.user.id)!.permissions).not.toContain('manage_settings')
  })

  it('cannot grant a permission they do not hold, but can grant one they do', async () => {
    const create = { username: 'pat', displayName: 'Pat', role: 'staff', password: 'password123', pin: '1234' } as const
    const refused = await core.call('users:create', { ...create, permissionOverrides: { erase_history: true } }, manager.session)
    expect(refused).toMatchObject({ ok: false, error: { code: 'FORBIDDEN', message: expect.stringContaining('Erase customer history') } })
    const pat = await core.ok('users:create', { ...create, permissionOverrides: { flag_customers: true } }, manager.session)
    expect(pat.permissions).toEqual(['flag_customers'])
    const escalate = await core.call('users:update', { id: pat.id, permissionOverrides: { manage_settings: true } }, manager.session)
    expect(escalate).toMatchObject({ ok: false, error: { code: 'FORBIDDEN' } })
  })
})
