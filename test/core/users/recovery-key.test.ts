import { readFileSync, readdirSync } from 'node:fs'
import { join } from 'node:path'
import { afterEach, describe, expect, it } from 'vitest'
import { verifySecret } from '../../../electron/core/auth/kdf'
import { normaliseRecoveryKey } from '../../../electron/core/auth/recovery-key'
import { OWNER, STORE, TEST_KDF, addUser, changeLog, manualClock, signIn, startTestCore, type TestCore } from '../../support/core'

/**
 * An owner's recovery key (auth/recovery.ts): made at setup and under My account, shown once,
 * kept as a hash only; used once at the sign-in screen to set a new password. Every wrong answer
 * is the same and counts against the sign-in throttle of the username, so it cannot be guessed.
 */
let core: TestCore | undefined
afterEach(async () => {
  await core?.cleanup()
  core = undefined
})

const NOT_RIGHT = { code: 'BAD_CREDENTIALS', message: 'That recovery key or username is not right', fields: { recoveryKey: 'That recovery key or username is not right' } }
const code = (answer: { ok: boolean; error?: { code: string } }) => (answer.ok ? 'ok' : answer.error!.code)

/** A store set up by its owner, who is signed in on 'test-session'; the key setup showed. */
async function start() {
  const clock = manualClock()
  core = await startTestCore({ now: clock.now })
  const setup = await core.ok('auth:setup', { store: STORE, owner: OWNER })
  const ownerRow = () => core!.services.db('users').where({ id: setup.id }).first()
  return { core, clock, key: setup.recoveryKey, ownerId: setup.id, ownerRow }
}

/** The key as someone types it from paper: lower case, spaces for dashes, an O for a 0. */
const typedLoosely = (key: string) => ` ${key.toLowerCase().replaceAll('-', '  ').replaceAll('0', 'o')} `

const recover = (core: TestCore, recoveryKey: string, session = 'sign-in-screen', username = OWNER.username, newPassword = 'my new password') =>
  core.call('auth:recover', { username, recoveryKey, newPassword }, session)

describe('the recovery key', () => {
  it('is made at setup: 24 characters in groups of four (120 bits), its hash stored and never the key', async () => {
    const { core, key, ownerRow } = await start()
    expect(key).toMatch(/^[0-9A-HJKMNP-TV-Z]{4}(-[0-9A-HJKMNP-TV-Z]{4}){5}$/)
    const row = await ownerRow()
    expect(row.recovery_key_hash).toMatch(/^scrypt\$/)
    expect(await verifySecret(key.replaceAll('-', ''), row.recovery_key_hash, { cost: TEST_KDF })).toBe(true)
    expect(await core.ok('auth:recoveryStatus', {})).toEqual({ hasKey: true, madeAt: '2026-11-23T09:00:00.000Z' })
    // Nowhere in the database files (the WAL too), in any form it may be typed, nor in the change log that syncs.
    await core.services.db.raw('PRAGMA wal_checkpoint(PASSIVE)')
    for (const file of readdirSync(core.dir).filter((f) => f.startsWith('backroom.sqlite'))) {
      const bytes = readFileSync(join(core.dir, file))
      for (const form of [key, key.replaceAll('-', ''), key.toLowerCase()]) expect(bytes.includes(Buffer.from(form)), file).toBe(false)
    }
    expect(JSON.stringify(await changeLog(core, { table_name: 'users' }))).not.toContain(key.replaceAll('-', ''))
  })

  it('normalises what is typed: case, spaces, dashes, and letters read as digits', () => {
    expect(normaliseRecoveryKey(' k7qx-3m9p  wd2r–8hfo ')).toBe('K7QX3M9PWD2R8HF0')
    expect(normaliseRecoveryKey('il10')).toBe('1110')
  })

  it('sets a new password once, typed loosely: signs the owner in, ends their other sessions, and is used up for a new key', async () => {
    const { core, key, ownerId } = await start()
    await signIn(core, 'other-pc', OWNER.username, OWNER.password)
    const answer = await recover(core, typedLoosely(key))
    if (!answer.ok) throw new Error(JSON.stringify(answer.error))
    expect(answer.data.user).toMatchObject({ id: ownerId, username: OWNER.username, role: 'owner' })
    expect(answer.data.recoveryKey).not.toBe(key)
    expect((await core.ok('auth:status', {}, 'sign-in-screen')).user?.id).toBe(ownerId)
    expect((await core.ok('auth:status', {}, 'other-pc')).user).toBeNull()
    expect((await core.ok('auth:status', {}, 'test-session')).user).toBeNull()
    expect(code(await core.call('auth:login', { username: OWNER.username, password: OWNER.password }, 'x'))).toBe('BAD_CREDENTIALS')
    expect(code(await core.call('auth:login', { username: OWNER.username, password: 'my new password' }, 'x'))).toBe('ok')
    // Used up: the old key is refused as any wrong key is; the new one works.
    expect(await recover(core, key, 'y')).toEqual({ ok: false, error: NOT_RIGHT })
    expect(code(await recover(core, answer.data.recoveryKey, 'y', OWNER.username, 'a third password'))).toBe('ok')
    // Logged as the owner's own change, with no old hash for the history tab.
    const logged = (await changeLog(core, { table_name: 'users', row_id: ownerId })).filter((e) => e.field === 'recovery_key_hash')
    expect(logged.map((e) => [e.user_id, e.old_value])).toEqual([
      [ownerId, JSON.stringify('[secret]')],
      [ownerId, JSON.stringify('[secret]')],
    ])
  })

  it('answers a wrong key, an unknown username and a user who is not an active owner alike, changing nothing', async () => {
    const { core, key } = await start()
    // A second owner with a key of their own, then demoted; a third, deactivated.
    const demoted = await addUser(core, { role: 'owner' })
    const demotedKey = (await core.ok('auth:newRecoveryKey', { currentPassword: demoted.password }, demoted.session)).recoveryKey
    await core.ok('users:update', { id: demoted.user.id, role: 'manager' })
    const gone = await addUser(core, { role: 'owner' })
    const goneKey = (await core.ok('auth:newRecoveryKey', { currentPassword: gone.password }, gone.session)).recoveryKey
    await core.ok('users:setActive', { id: gone.user.id, active: false })
    const staff = await addUser(core, { role: 'staff' })
    const users = await core.services.db('users').select()
    const entries = (await changeLog(core)).length
    const refusals = [
      await recover(core, 'K7QX-3M9P-WD2R-8HFA-5TCN-Y6BE'),
      await recover(core, key, 'a', 'nobody.here'),
      await recover(core, demotedKey, 'b', demoted.user.username),
      await recover(core, goneKey, 'c', gone.user.username),
      await recover(core, key, 'd', staff.user.username),
    ]
    for (const answer of refusals) expect(answer).toEqual({ ok: false, error: NOT_RIGHT })
    expect(await core.services.db('users').select()).toEqual(users)
    expect((await changeLog(core)).length).toBe(entries)
    for (const session of ['sign-in-screen', 'a', 'b', 'c', 'd']) expect((await core.ok('auth:status', {}, session)).user).toBeNull()
  })

  it('counts wrong keys in the sign-in throttle of the username, so the key cannot be guessed', async () => {
    const { core, clock, key, ownerRow } = await start()
    const before = await ownerRow()
    for (let i = 0; i < 3; i++) expect(await recover(core, 'K7QX-3M9P-WD2R-8HFA-5TCN-Y6BE')).toEqual({ ok: false, error: NOT_RIGHT })
    // The right key waits now, and so does the password at the sign-in screen: one throttle per username.
    const throttled = await recover(core, key)
    expect(throttled).toMatchObject({ ok: false, error: { code: 'THROTTLED' } })
    expect(code(await core.call('auth:login', { username: OWNER.username, password: OWNER.password }, 'x'))).toBe('THROTTLED')
    expect(await ownerRow()).toEqual(before)
    // Wrong passwords count for the key too; once waited out, the right key works.
    clock.advance(60_000)
    await core.call('auth:login', { username: OWNER.username, password: 'not it' }, 'x')
    expect(code(await recover(core, key))).toBe('THROTTLED')
    clock.advance(60_000)
    expect(code(await recover(core, key))).toBe('ok')
  })

  it('is made anew under My account with the current password: the old one stops working', async () => {
    const { core, clock, key, ownerRow } = await start()
    const before = await ownerRow()
    const wrong = await core.call('auth:newRecoveryKey', { currentPassword: 'not my password' })
    expect(wrong).toMatchObject({ ok: false, error: { code: 'BAD_CREDENTIALS', fields: { currentPassword: 'Wrong current password' } } })
    expect(await ownerRow()).toEqual(before)
    clock.advance(5 * 60_000)
    const made = await core.ok('auth:newRecoveryKey', { currentPassword: OWNER.password })
    expect(made.madeAt).toBe('2026-11-23T09:05:00.000Z')
    expect(await core.ok('auth:recoveryStatus', {})).toEqual({ hasKey: true, madeAt: made.madeAt })
    expect(await recover(core, key)).toEqual({ ok: false, error: NOT_RIGHT })
    expect(code(await recover(core, made.recoveryKey, 'z'))).toBe('ok')
  })

  it('is an owner’s only: a manager or staff member can neither see nor make one', async () => {
    const { core } = await start()
    for (const role of ['manager', 'staff'] as const) {
      const user = await addUser(core, { role, permissionOverrides: { manage_users: true } })
      expect(await core.call('auth:recoveryStatus', {}, user.session)).toMatchObject({ ok: false, error: { code: 'FORBIDDEN' } })
      expect(await core.call('auth:newRecoveryKey', { currentPassword: user.password }, user.session)).toMatchObject({ ok: false, error: { code: 'FORBIDDEN' } })
      expect((await core.services.db('users').where({ id: user.user.id }).first()).recovery_key_hash).toBeNull()
    }
    expect(await core.call('auth:newRecoveryKey', { currentPassword: OWNER.password }, 'nobody')).toMatchObject({ ok: false, error: { code: 'UNAUTHENTICATED' } })
  })

  it('is gone once its owner is demoted or deactivated, and made owner again they have none', async () => {
    const { core, key } = await start()
    // A second owner's key, made under My account; the first owner then demotes them, and back.
    const other = await addUser(core, { role: 'owner', session: 'other' })
    const made = await core.ok('auth:newRecoveryKey', { currentPassword: other.password }, 'other')
    await core.ok('users:update', { id: other.user.id, role: 'manager' })
    await core.ok('users:update', { id: other.user.id, role: 'owner' })
    expect(await recover(core, made.recoveryKey, 'screen', other.user.username)).toEqual({ ok: false, error: NOT_RIGHT })
    await core.ok('auth:login', { username: other.user.username, password: other.password }, 'other-again')
    expect(await core.ok('auth:recoveryStatus', {}, 'other-again')).toEqual({ hasKey: false, madeAt: null })
    // Deactivated and reactivated: the same.
    const again = await core.ok('auth:newRecoveryKey', { currentPassword: other.password }, 'other-again')
    await core.ok('users:setActive', { id: other.user.id, active: false })
    await core.ok('users:setActive', { id: other.user.id, active: true })
    expect(await recover(core, again.recoveryKey, 'screen', other.user.username)).toEqual({ ok: false, error: NOT_RIGHT })
    // The first owner's own key was never touched.
    expect(code(await recover(core, key))).toBe('ok')
  })

  it('says when a store set up before keys has none', async () => {
    const { core, ownerId } = await start()
    await core.services.db('users').where({ id: ownerId }).update({ recovery_key_hash: null, recovery_key_made_at: null })
    expect(await core.ok('auth:recoveryStatus', {})).toEqual({ hasKey: false, madeAt: null })
    expect(await recover(core, 'K7QX-3M9P-WD2R-8HFA-5TCN-Y6BE')).toEqual({ ok: false, error: NOT_RIGHT })
  })
})
