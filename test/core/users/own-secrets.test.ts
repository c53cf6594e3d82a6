import { afterEach, describe, expect, it } from 'vitest'
import { verifySecret } from '../../../electron/core/auth/kdf'
import { findUserById } from '../../../electron/core/users/repo'
import { OWNER, TEST_KDF, addUser, changeLog, manualClock, signIn, startSetUpCore, type TestCore } from '../../support/core'
import { addShopper, balances } from '../../support/shoppers'

/**
 * A user changes their own password or PIN (auth:changePassword, auth:changePin): only with
 * their current password, checked and throttled as a sign-in is, so a screen left signed in
 * does not give the account away; and nobody else, not even whoever set it, knows the new one.
 */
let core: TestCore | undefined
afterEach(async () => {
  await core?.cleanup()
  core = undefined
})

const code = (answer: { ok: boolean; error?: { code: string } }) => (answer.ok ? 'ok' : answer.error!.code)

async function start(options: { log?: (line: string) => void } = {}) {
  const clock = manualClock()
  core = await startSetUpCore({ now: clock.now, ...options })
  const manager = await addUser(core, { role: 'manager' })
  const secrets = () => core!.services.db('users').where({ id: manager.user.id }).first('password_hash', 'pin_hash')
  return { core, clock, manager, secrets }
}

describe('auth:changePassword', () => {
  it('takes the current password, lets the new one sign in and no longer the old, and signs the user out elsewhere only', async () => {
    const { core, manager } = await start()
    await signIn(core, 'other-pc', manager.user.username, manager.password)
    const answer = await core.call('auth:changePassword', { currentPassword: manager.password, newPassword: 'a brand new secret' }, manager.session)
    // Nothing of either password comes back.
    expect(answer).toEqual({ ok: true, data: {} })
    expect((await core.ok('auth:status', {}, manager.session)).user?.id).toBe(manager.user.id)
    expect((await core.ok('auth:status', {}, 'other-pc')).user).toBeNull()
    expect(code(await core.call('auth:login', { username: manager.user.username, password: manager.password }, 'x'))).toBe('BAD_CREDENTIALS')
    expect(code(await core.call('auth:login', { username: manager.user.username, password: 'a brand new secret' }, 'x'))).toBe('ok')
    // The change log (what syncs) says that it changed, never what to.
    const logged = (await changeLog(core, { table_name: 'users', row_id: manager.user.id })).filter((e) => e.field === 'password_hash')
    expect(logged.map((e) => e.user_id)).toEqual([manager.user.id])
    expect(JSON.stringify(logged)).not.toContain('a brand new secret')
  })

  it('refuses a wrong current password, changes nothing, and counts it against the sign-in throttle', async () => {
    const { core, manager, secrets } = await start()
    const before = await secrets()
    const wrong = { currentPassword: 'not my password', newPassword: 'a brand new secret' }
    for (let i = 0; i < 3; i++) {
      const answer = await core.call('auth:changePassword', wrong, manager.session)
      expect(answer).toMatchObject({ ok: false, error: { code: 'BAD_CREDENTIALS', fields: { currentPassword: 'Wrong current password' } } })
    }
    // The right password now waits too, here and at the sign-in screen: one throttle per username.
    const right = { currentPassword: manager.password, newPassword: 'a brand new secret' }
    expect(await core.call('auth:changePassword', right, manager.session)).toMatchObject({ ok: false, error: { code: 'THROTTLED' } })
    expect(code(await core.call('auth:login', { username: manager.user.username, password: manager.password }, 'x'))).toBe('THROTTLED')
    expect(await secrets()).toEqual(before)
    expect((await core.ok('auth:status', {}, manager.session)).user?.id).toBe(manager.user.id)
  })

  it('waits out the throttle, then takes the right current password', async () => {
    const { core, clock, manager } = await start()
    for (let i = 0; i < 3; i++) await core.call('auth:changePassword', { currentPassword: 'nope', newPassword: 'a brand new secret' }, manager.session)
    const throttled = await core.call('auth:changePassword', { currentPassword: manager.password, newPassword: 'a brand new secret' }, manager.session)
    clock.advance((throttled.ok ? 0 : throttled.error.retryAfterSeconds!) * 1000)
    expect(code(await core.call('auth:changePassword', { currentPassword: manager.password, newPassword: 'a brand new secret' }, manager.session))).toBe('ok')
  })

  it('refuses a new password users:create would refuse, or the current one again, and changes nothing', async () => {
    const { core, manager, secrets } = await start()
    const before = await secrets()
    expect(await core.call('auth:changePassword', { currentPassword: manager.password, newPassword: 'short' }, manager.session)).toMatchObject({
      ok: false,
      error: { code: 'VALIDATION', fields: { newPassword: 'Password needs at least 8 characters' } },
    })
    expect(await core.call('auth:changePassword', { currentPassword: manager.password, newPassword: 'x'.repeat(201) }, manager.session)).toMatchObject({
      error: { code: 'VALIDATION' },
    })
    expect(await core.call('auth:changePassword', { currentPassword: manager.password, newPassword: manager.password }, manager.session)).toMatchObject({
      error: { code: 'VALIDATION', fields: { newPassword: 'Choose a password other than your current one' } },
    })
    expect(await secrets()).toEqual(before)
  })

  it('acts on the signed-in user only, and not without one', async () => {
    const { core, manager, secrets } = await start()
    const before = await secrets()
    const input = { currentPassword: OWNER.password, newPassword: 'a brand new secret' }
    expect(code(await core.call('auth:changePassword', input, 'nobody'))).toBe('UNAUTHENTICATED')
    // The owner's password, typed by the manager, is not the manager's.
    expect(code(await core.call('auth:changePassword', input, manager.session))).toBe('BAD_CREDENTIALS')
    // An id is not part of the input: naming another account is refused before anything runs.
    expect(code(await core.call('auth:changePassword', { ...input, id: manager.user.id } as never))).toBe('VALIDATION')
    const owner = await findUserById(core.services.db, (await core.ok('auth:status', {})).user!.id)
    expect(await verifySecret(OWNER.password, owner!.password_hash, { cost: TEST_KDF })).toBe(true)
    expect(await secrets()).toEqual(before)
  })

  it('never writes either password to the log', async () => {
    const lines: string[] = []
    const { core, manager } = await start({ log: (line) => lines.push(line) })
    await core.call('auth:changePassword', { currentPassword: 'a wrong guess', newPassword: 'a brand new secret' }, manager.session)
    await core.call('auth:changePassword', { currentPassword: manager.password, newPassword: 'a brand new secret' }, manager.session)
    for (const secret of ['a wrong guess', 'a brand new secret', manager.password]) expect(lines.join('\n')).not.toContain(secret)
  })
})

describe('auth:changePin', () => {
  it('sets a PIN only its user knows: the new one approves a points change, the old one no longer does', async () => {
    const { core, manager } = await start()
    const staff = await addUser(core, { role: 'staff' })
    const shopper = await addShopper(core)
    await signIn(core, 'other-pc', manager.user.username, manager.password)
    expect(await core.call('auth:changePin', { currentPassword: manager.password, newPin: '73914' }, manager.session)).toEqual({ ok: true, data: {} })
    // A screen they had locked or left signed in elsewhere could be opened with the old PIN: it is signed out.
    expect((await core.ok('auth:status', {}, 'other-pc')).user).toBeNull()
    expect((await core.ok('auth:status', {}, manager.session)).user?.id).toBe(manager.user.id)
    const adjust = (approverPin: string) =>
      core.call('loyalty:adjust', { customerId: shopper.id, direction: 'add', points: 5, reason: 'Survey', approverId: manager.user.id, approverPin }, staff.session)
    expect(code(await adjust(manager.pin))).toBe('BAD_CREDENTIALS')
    expect(code(await adjust('73914'))).toBe('ok')
    expect(await balances(core, shopper.id)).toEqual({ ledger: 5, cached: 5 })
    // The password stays as it was.
    expect(code(await core.call('auth:login', { username: manager.user.username, password: manager.password }, 'x'))).toBe('ok')
  })

  it('refuses a wrong current password, keeps the old PIN, and throttles like a sign-in', async () => {
    const { core, manager, secrets } = await start()
    const staff = await addUser(core, { role: 'staff' })
    const shopper = await addShopper(core)
    const before = await secrets()
    for (let i = 0; i < 3; i++) {
      expect(await core.call('auth:changePin', { currentPassword: 'not it', newPin: '73914' }, manager.session)).toMatchObject({
        error: { code: 'BAD_CREDENTIALS', fields: { currentPassword: 'Wrong current password' } },
      })
    }
    expect(code(await core.call('auth:changePin', { currentPassword: manager.password, newPin: '73914' }, manager.session))).toBe('THROTTLED')
    expect(code(await core.call('auth:login', { username: manager.user.username, password: manager.password }, 'x'))).toBe('THROTTLED')
    expect(await secrets()).toEqual(before)
    const approved = await core.call(
      'loyalty:adjust',
      { customerId: shopper.id, direction: 'add', points: 5, reason: 'Survey', approverId: manager.user.id, approverPin: manager.pin },
      staff.session,
    )
    expect(code(approved)).toBe('ok')
  })

  it('holds the new PIN to the rules of users:create: 4 to 8 digits', async () => {
    const { core, manager, secrets } = await start()
    const before = await secrets()
    for (const newPin of ['123', '123456789', '12a4', ' 1234', '']) {
      expect(await core.call('auth:changePin', { currentPassword: manager.password, newPin }, manager.session)).toMatchObject({
        error: { code: 'VALIDATION', fields: { newPin: 'PIN is 4 to 8 digits' } },
      })
    }
    expect(await secrets()).toEqual(before)
  })
})
