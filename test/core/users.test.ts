import { afterEach, describe, expect, it } from 'vitest'
import { verifySecret } from '../../electron/core/auth/kdf'
import { findUserById } from '../../electron/core/users/repo'
import { OWNER, OWNER_SESSION, TEST_KDF, addUser, signIn, startSetUpCore, type TestCore } from '../support/core'

let core: TestCore | undefined
afterEach(async () => {
  await core?.cleanup()
  core = undefined
})

const newUser = { username: 'sam', displayName: 'Sam Staff', role: 'staff', password: 'sam password', pin: '1357' } as const
const ownerId = async (c: TestCore) => (await c.ok('auth:status', {})).user!.id

describe('users', () => {
  it('creates a user that appears in the list and can sign in', async () => {
    core = await startSetUpCore()
    const created = await core.ok('users:create', { ...newUser, permissionOverrides: { check_out: true } })
    expect(created).toMatchObject({
      username: 'sam',
      displayName: 'Sam Staff',
      role: 'staff',
      active: true,
      permissionOverrides: { check_out: true },
      permissions: ['check_out'],
    })
    expect(created).not.toHaveProperty('passwordHash')
    const list = await core.ok('users:list', {})
    expect(list.map((u) => u.username).sort()).toEqual([OWNER.username, 'sam'])
    expect(list.find((u) => u.id === created.id)).toMatchObject(created)
    expect(JSON.stringify(list)).not.toMatch(/scrypt|hash/i)
    expect(await signIn(core, 'sam-window', 'sam', newUser.password)).toMatchObject({ id: created.id })
  })

  it('updates name, role and overrides, and answers NOT_FOUND for an unknown id', async () => {
    core = await startSetUpCore()
    const { id } = await core.ok('users:create', newUser)
    const updated = await core.ok('users:update', {
      id,
      displayName: 'Sam Manager',
      role: 'manager',
      permissionOverrides: { export_data: false },
    })
    expect(updated).toMatchObject({ id, displayName: 'Sam Manager', role: 'manager', permissionOverrides: { export_data: false } })
    expect(updated.permissions).toContain('check_out')
    expect(updated.permissions).not.toContain('export_data')
    expect((await core.ok('users:list', {})).find((u) => u.id === id)).toMatchObject(updated)
    // Fields left out stay as they are.
    expect(await core.ok('users:update', { id, displayName: 'Sam M.' })).toMatchObject({ role: 'manager', displayName: 'Sam M.' })
    expect(await core.call('users:update', { id: '01900000-0000-7000-8000-000000000000', displayName: 'Ghost' })).toMatchObject({
      ok: false,
      error: { code: 'NOT_FOUND' },
    })
  })

  it('refuses a username that is taken, however it is capitalised, with CONFLICT on the username field', async () => {
    core = await startSetUpCore()
    await core.ok('users:create', newUser)
    for (const username of ['sam', 'SAM', 'Sam', OWNER.username.toUpperCase(), ' sam ']) {
      const result = await core.call('users:create', { ...newUser, username })
      expect(result, username).toMatchObject({ ok: false, error: { code: 'CONFLICT' } })
      if (!result.ok) expect(result.error.fields?.username, username).toMatch(/taken/)
    }
    expect(await core.ok('users:list', {})).toHaveLength(2)
  })

  it('keeps the last active owner: no demotion, no deactivation', async () => {
    core = await startSetUpCore()
    const id = await ownerId(core)
    for (const result of [
      await core.call('users:update', { id, role: 'manager' }),
      await core.call('users:update', { id, role: 'staff' }),
      await core.call('users:setActive', { id, active: false }),
    ]) {
      expect(result).toMatchObject({ ok: false, error: { code: 'CONFLICT' } })
    }
    const [owner] = await core.ok('users:list', {})
    expect(owner).toMatchObject({ role: 'owner', active: true })
    // Changing something else about the owner is fine.
    expect(await core.ok('users:update', { id, displayName: 'Olivia O.', role: 'owner' })).toMatchObject({ role: 'owner' })
  })

  it('lets one of two owners be demoted or deactivated, but never the last one left', async () => {
    core = await startSetUpCore()
    const first = await ownerId(core)
    const second = await addUser(core, { role: 'owner' })
    expect(await core.ok('users:update', { id: first, role: 'manager' })).toMatchObject({ role: 'manager' })
    expect(await core.call('users:setActive', { id: second.user.id, active: false }, second.session)).toMatchObject({
      error: { code: 'CONFLICT' },
    })

    await core.ok('users:update', { id: first, role: 'owner' }, second.session)
    expect(await core.ok('users:setActive', { id: second.user.id, active: false })).toMatchObject({ active: false })
    expect(await core.call('users:update', { id: first, role: 'staff' })).toMatchObject({ error: { code: 'CONFLICT' } })
  })

  it('refuses deactivating your own account, for every role, and leaves you signed in', async () => {
    core = await startSetUpCore()
    // A second owner, so that the first is not refused as the last one.
    const otto = await addUser(core, { role: 'owner', username: 'otto' })
    const mia = await addUser(core, { role: 'manager', username: 'mia', permissionOverrides: { manage_users: true } })
    const sam = await addUser(core, { role: 'staff', username: 'sam', permissionOverrides: { manage_users: true } })
    const own = [
      { session: OWNER_SESSION, id: await ownerId(core), ask: 'another owner' },
      { session: otto.session, id: otto.user.id, ask: 'another owner' },
      { session: mia.session, id: mia.user.id, ask: 'an owner' },
      { session: sam.session, id: sam.user.id, ask: 'an owner' },
    ]
    for (const { session, id, ask } of own) {
      expect(await core.call('users:setActive', { id, active: false }, session)).toEqual({
        ok: false,
        error: expect.objectContaining({ code: 'FORBIDDEN', message: `You cannot deactivate your own account: ask ${ask}` }),
      })
      expect((await core.ok('auth:status', {}, session)).user?.id).toBe(id)
    }
    expect((await core.ok('users:list', {})).every((user) => user.active)).toBe(true)
    // Someone else may: another owner deactivates an owner, a user manager a user manager whose permissions they hold.
    expect(await core.ok('users:setActive', { id: otto.user.id, active: false })).toMatchObject({ active: false })
    expect(await core.ok('users:setActive', { id: mia.user.id, active: false }, OWNER_SESSION)).toMatchObject({ active: false })
  })

  it('signs a deactivated user out of every session, and back in only when reactivated', async () => {
    core = await startSetUpCore()
    const staff = await addUser(core, { role: 'staff' })
    await signIn(core, 'their-second-window', staff.user.username, staff.password)
    expect(await core.call('settings:get', {}, staff.session)).toMatchObject({ ok: true })

    expect(await core.ok('users:setActive', { id: staff.user.id, active: false })).toMatchObject({ active: false })
    expect(core.services.sessions.userIdFor(staff.session)).toBeUndefined()
    expect(core.services.sessions.userIdFor('their-second-window')).toBeUndefined()
    for (const session of [staff.session, 'their-second-window']) {
      expect(await core.call('settings:get', {}, session)).toMatchObject({ ok: false, error: { code: 'UNAUTHENTICATED' } })
    }
    // The owner who did it stays signed in.
    expect(await core.call('users:list', {})).toMatchObject({ ok: true })

    await core.ok('users:setActive', { id: staff.user.id, active: true })
    expect(await signIn(core, staff.session, staff.user.username, staff.password)).toMatchObject({ id: staff.user.id })
  })

  it('resetPassword replaces what the password verifies against', async () => {
    core = await startSetUpCore()
    const staff = await addUser(core, { role: 'staff' })
    await core.ok('users:resetPassword', { id: staff.user.id, password: 'brand new password' })
    const row = await findUserById(core.services.db, staff.user.id)
    expect(await verifySecret('brand new password', row!.password_hash, { cost: TEST_KDF })).toBe(true)
    expect(await verifySecret(staff.password, row!.password_hash, { cost: TEST_KDF })).toBe(false)
    expect(await verifySecret(staff.pin, row!.pin_hash, { cost: TEST_KDF })).toBe(true)
    expect(await core.call('auth:login', { username: staff.user.username, password: staff.password }, 'x')).toMatchObject({
      error: { code: 'BAD_CREDENTIALS' },
    })
    expect(await core.call('auth:login', { username: staff.user.username, password: 'brand new password' }, 'x')).toMatchObject({
      ok: true,
    })
  })

  it('resetPin replaces what the PIN verifies against and leaves the password alone', async () => {
    core = await startSetUpCore()
    const staff = await addUser(core, { role: 'staff' })
    await core.ok('users:resetPin', { id: staff.user.id, pin: '864200' })
    const row = await findUserById(core.services.db, staff.user.id)
    expect(await verifySecret('864200', row!.pin_hash, { cost: TEST_KDF })).toBe(true)
    expect(await verifySecret(staff.pin, row!.pin_hash, { cost: TEST_KDF })).toBe(false)
    expect(await verifySecret(staff.password, row!.password_hash, { cost: TEST_KDF })).toBe(true)
  })

  it('answers NOT_FOUND when resetting secrets of an unknown user', async () => {
    core = await startSetUpCore()
    const ghost = '01900000-0000-7000-8000-000000000000'
    expect(await core.call('users:resetPassword', { id: ghost, password: 'whatever123' })).toMatchObject({ error: { code: 'NOT_FOUND' } })
    expect(await core.call('users:resetPin', { id: ghost, pin: '1234' })).toMatchObject({ error: { code: 'NOT_FOUND' } })
    expect(await core.call('users:setActive', { id: ghost, active: false })).toMatchObject({ error: { code: 'NOT_FOUND' } })
  })
})
