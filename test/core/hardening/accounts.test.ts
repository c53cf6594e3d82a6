import { afterEach, describe, expect, it } from 'vitest'
import { OWNER, OWNER_SESSION, addUser, signIn, startSetUpCore, type TestCore } from '../../support/core'
import { simpleSale } from '../../support/sales'
import { addShopper } from '../../support/shoppers'

/**
 * Accounts as an attacker holding only "Manage users" would try them, and sessions that must
 * not outlive the secret they were opened with (hardening issue, defects 1, 3 and 8).
 */
let core: TestCore | undefined
afterEach(async () => {
  await core?.cleanup()
  core = undefined
})

async function userManagerAndManager(c: TestCore) {
  // Staff with only "Manage users": the defect's attacker.
  const admin = await addUser(c, { role: 'staff', username: 'uma', permissionOverrides: { manage_users: true } })
  const manager = await addUser(c, { role: 'manager', username: 'max' })
  return { admin, manager }
}

describe('a user manager acting on an account that holds more than they do', () => {
  it('cannot reset its password, then sign in with it', async () => {
    core = await startSetUpCore()
    const { admin, manager } = await userManagerAndManager(core)
    const result = await core.call('users:resetPassword', { id: manager.user.id, password: 'taken over now' }, admin.session)
    expect(result).toMatchObject({ ok: false, error: { code: 'FORBIDDEN', message: expect.stringContaining('Void receipts') } })
    expect(await core.call('auth:login', { username: 'max', password: 'taken over now' }, 'attacker')).toMatchObject({ ok: false })
    expect(await core.call('auth:login', { username: 'max', password: manager.password }, 'max-again')).toMatchObject({ ok: true })
  })

  it('cannot reset its PIN and approve a million points with it', async () => {
    core = await startSetUpCore()
    const { admin, manager } = await userManagerAndManager(core)
    const shopper = await addShopper(core)
    expect(await core.call('users:resetPin', { id: manager.user.id, pin: '9999' }, admin.session)).toMatchObject({
      ok: false,
      error: { code: 'FORBIDDEN' },
    })
    const adjust = { customerId: shopper.id, direction: 'add', points: 1_000_000, reason: 'Gift', approverId: manager.user.id, approverPin: '9999' } as const
    expect(await core.call('loyalty:adjust', adjust, admin.session)).toMatchObject({ ok: false, error: { code: 'BAD_CREDENTIALS' } })
    expect((await core.ok('loyalty:history', { customerId: shopper.id })).balance).toBe(0)
  })

  it('cannot deactivate or reactivate it', async () => {
    core = await startSetUpCore()
    const { admin, manager } = await userManagerAndManager(core)
    expect(await core.call('users:setActive', { id: manager.user.id, active: false }, admin.session)).toMatchObject({
      ok: false,
      error: { code: 'FORBIDDEN' },
    })
    await core.ok('users:setActive', { id: manager.user.id, active: false })
    expect(await core.call('users:setActive', { id: manager.user.id, active: true }, admin.session)).toMatchObject({
      ok: false,
      error: { code: 'FORBIDDEN' },
    })
  })

  it('cannot demote, strip or rename it', async () => {
    core = await startSetUpCore()
    const { admin, manager } = await userManagerAndManager(core)
    const edits = [{ role: 'staff', permissionOverrides: {} }, { permissionOverrides: { void_receipts: false } }, { displayName: 'Demoted by uma' }] as const
    for (const edit of edits) {
      expect(await core.call('users:update', { id: manager.user.id, ...edit }, admin.session)).toMatchObject({
        ok: false,
        error: { code: 'FORBIDDEN', message: expect.stringContaining('Void receipts') },
      })
    }
    const after = (await core.ok('users:list', {})).find((u) => u.id === manager.user.id)!
    expect(after).toMatchObject({ role: 'manager', displayName: manager.user.displayName, permissions: manager.user.permissions })
  })

  it('may act on an account whose permissions it holds, and rename its own (its own secrets are My account’s)', async () => {
    core = await startSetUpCore()
    const { admin } = await userManagerAndManager(core)
    const clerk = await addUser(core, { role: 'staff', username: 'cleo' })
    expect(await core.call('users:resetPassword', { id: clerk.user.id, password: 'a new password' }, admin.session)).toMatchObject({ ok: true })
    expect(await core.call('users:setActive', { id: clerk.user.id, active: false }, admin.session)).toMatchObject({ ok: true })
    const ownSecrets = { ok: false, error: { code: 'FORBIDDEN', message: 'Change your own password or PIN under My account' } }
    expect(await core.call('users:resetPin', { id: admin.user.id, pin: '8642' }, admin.session)).toMatchObject(ownSecrets)
    expect(await core.call('users:update', { id: clerk.user.id, displayName: 'Cleo B' }, admin.session)).toMatchObject({ ok: true })
    expect(await core.call('users:update', { id: admin.user.id, displayName: 'Uma A' }, admin.session)).toMatchObject({ ok: true })
  })

  it('cannot create a plain manager when the manager role grants what it lacks (role defaults count, not only overrides)', async () => {
    core = await startSetUpCore()
    const { admin } = await userManagerAndManager(core)
    const result = await core.call(
      'users:create',
      { username: 'newmgr', displayName: 'New Manager', role: 'manager', password: 'manager password', pin: '4321' },
      admin.session,
    )
    expect(result).toMatchObject({ ok: false, error: { code: 'FORBIDDEN', message: expect.stringContaining('Void receipts') } })
    expect((await core.ok('users:list', {})).map((u) => u.username)).not.toContain('newmgr')
  })
})

describe('sessions after a reset', () => {
  it('ends the sessions opened with the old password: the old session cannot void a receipt', async () => {
    core = await startSetUpCore()
    const manager = await addUser(core, { role: 'manager', username: 'mia' })
    const receipt = await core.ok('sales:create', simpleSale(null, 1500))
    await core.ok('users:resetPassword', { id: manager.user.id, password: 'the new password' })
    expect(await core.call('sales:void', { receiptId: receipt.id, reason: 'Oops' }, manager.session)).toMatchObject({
      ok: false,
      error: { code: 'UNAUTHENTICATED' },
    })
    expect(await signIn(core, 'mia-new', 'mia', 'the new password')).toMatchObject({ id: manager.user.id })
  })

  it('ends them after a PIN reset too', async () => {
    core = await startSetUpCore()
    const manager = await addUser(core, { role: 'manager', username: 'moe' })
    await core.ok('users:resetPin', { id: manager.user.id, pin: '5555' })
    expect(await core.call('auth:status', {}, manager.session)).toMatchObject({ ok: true, data: { user: null } })
    expect(await core.call('auth:status', {}, OWNER_SESSION)).toMatchObject({ ok: true, data: { user: { username: OWNER.username } } })
  })

  it('refuses a screen left signed in the reset of its own user’s password or PIN: it asks for no current password', async () => {
    core = await startSetUpCore()
    await signIn(core, 'owner-second-window', OWNER.username, OWNER.password)
    const ownerId = (await core.ok('auth:status', {})).user!.id
    const secrets = () => core!.services.db('users').where({ id: ownerId }).first('password_hash', 'pin_hash')
    const before = await secrets()
    const ownSecrets = { ok: false, error: { code: 'FORBIDDEN', message: 'Change your own password or PIN under My account' } }
    expect(await core.call('users:resetPassword', { id: ownerId, password: 'taken over now' })).toMatchObject(ownSecrets)
    expect(await core.call('users:resetPin', { id: ownerId, pin: '0000' })).toMatchObject(ownSecrets)
    expect(await secrets()).toEqual(before)
    for (const session of [OWNER_SESSION, 'owner-second-window']) {
      expect(await core.call('auth:status', {}, session)).toMatchObject({ ok: true, data: { user: { username: OWNER.username } } })
    }
    expect(await core.call('auth:login', { username: OWNER.username, password: 'taken over now' }, 'attacker')).toMatchObject({ ok: false })
  })
})

describe('signing in to a deactivated account', () => {
  it('answers the same for the right password as for a wrong one', async () => {
    core = await startSetUpCore()
    const staff = await addUser(core, { role: 'staff', username: 'dee' })
    await core.ok('users:setActive', { id: staff.user.id, active: false })
    const right = await core.call('auth:login', { username: 'dee', password: staff.password }, 'probe-1')
    const wrong = await core.call('auth:login', { username: 'dee', password: 'not the password' }, 'probe-2')
    const unknown = await core.call('auth:login', { username: 'nobody-here', password: 'not the password' }, 'probe-3')
    expect(right).toEqual(wrong)
    expect(right).toEqual(unknown)
    expect(right).toMatchObject({ ok: false, error: { code: 'BAD_CREDENTIALS' } })
  })
})
