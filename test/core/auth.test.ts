import { afterEach, describe, expect, it } from 'vitest'
import {
  OWNER,
  OWNER_SESSION,
  STORE,
  addUser,
  manualClock,
  startSetUpCore,
  startTestCore,
  type TestCore,
} from '../support/core'

let core: TestCore | undefined
afterEach(async () => {
  await core?.cleanup()
  core = undefined
})

const wrong = { username: OWNER.username, password: 'not the password' }
const right = { username: OWNER.username, password: OWNER.password }

describe('auth:status and auth:setup', () => {
  it('needs setup on an empty database and not afterwards', async () => {
    core = await startTestCore()
    expect(await core.ok('auth:status', {})).toEqual({ needsSetup: true, user: null, locked: null })
    // The owner's recovery key comes with this answer only (users/recovery-key.test.ts).
    const { recoveryKey, ...owner } = await core.ok('auth:setup', { store: STORE, owner: OWNER })
    expect(recoveryKey).toEqual(expect.any(String))
    expect(owner).toMatchObject({ username: OWNER.username, displayName: OWNER.displayName, role: 'owner' })
    expect(await core.ok('auth:status', {})).toEqual({ needsSetup: false, user: owner, locked: null })
    // Another window that has not signed in sees the store set up and nobody signed in.
    expect(await core.ok('auth:status', {}, 'other-window')).toEqual({ needsSetup: false, user: null, locked: null })
  })

  it('refuses a second setup and changes nothing', async () => {
    core = await startSetUpCore()
    const usersBefore = await core.services.db('users').select()
    const storesBefore = await core.services.db('stores').select()
    const again = await core.call(
      'auth:setup',
      { store: { ...STORE, name: 'Takeover' }, owner: { ...OWNER, username: 'intruder' } },
      'other-window',
    )
    expect(again).toMatchObject({ ok: false, error: { code: 'CONFLICT' } })
    expect(await core.services.db('users').select()).toEqual(usersBefore)
    expect(await core.services.db('stores').select()).toEqual(storesBefore)
    expect(await core.ok('auth:status', {}, 'other-window')).toEqual({ needsSetup: false, user: null, locked: null })
  })
})

describe('auth:login', () => {
  it('signs in with the right password, whatever the capitalisation of the username', async () => {
    core = await startSetUpCore()
    const user = await core.ok('auth:login', { username: 'OLIVIA', password: OWNER.password }, 'w2')
    expect(user.username).toBe(OWNER.username)
    expect((await core.ok('auth:status', {}, 'w2')).user?.id).toBe(user.id)
  })

  it('answers a wrong password with BAD_CREDENTIALS and a field message', async () => {
    core = await startSetUpCore()
    const result = await core.call('auth:login', wrong, 'w2')
    expect(result.ok).toBe(false)
    if (result.ok) return
    expect(result.error.code).toBe('BAD_CREDENTIALS')
    expect(Object.values(result.error.fields ?? {})).toHaveLength(1)
    expect(Object.values(result.error.fields!)[0]).toMatch(/\w/)
    expect((await core.ok('auth:status', {}, 'w2')).user).toBeNull()
  })

  it('answers an unknown username exactly as a wrong password', async () => {
    core = await startSetUpCore()
    const badPassword = await core.call('auth:login', wrong, 'w2')
    const unknown = await core.call('auth:login', { username: 'nobody', password: OWNER.password }, 'w2')
    expect(unknown).toEqual(badPassword)
  })

  it('throttles after three failures, then lets the right password in once the wait is over', async () => {
    const clock = manualClock()
    core = await startSetUpCore({ now: clock.now })
    for (let i = 0; i < 3; i++) {
      expect(await core.call('auth:login', wrong, 'w2')).toMatchObject({ ok: false, error: { code: 'BAD_CREDENTIALS' } })
    }
    const throttled = await core.call('auth:login', right, 'w2')
    expect(throttled).toMatchObject({ ok: false, error: { code: 'THROTTLED' } })
    const wait = throttled.ok ? 0 : throttled.error.retryAfterSeconds!
    expect(wait).toBeGreaterThan(0)
    expect((await core.ok('auth:status', {}, 'w2')).user).toBeNull()
    // The throttle is per username, however it is capitalised.
    expect(await core.call('auth:login', { ...right, username: 'Olivia' }, 'w2')).toMatchObject({
      error: { code: 'THROTTLED' },
    })

    clock.advance(wait * 1000 - 1)
    expect(await core.call('auth:login', right, 'w2')).toMatchObject({ error: { code: 'THROTTLED' } })
    clock.advance(1)
    expect(await core.call('auth:login', right, 'w2')).toMatchObject({ ok: true })

    // The success cleared the count: three more failures are free again.
    for (let i = 0; i < 3; i++) {
      expect(await core.call('auth:login', wrong, 'w3')).toMatchObject({ error: { code: 'BAD_CREDENTIALS' } })
    }
    expect(await core.call('auth:login', right, 'w3')).toMatchObject({ error: { code: 'THROTTLED' } })
  })

  it('makes each further failure wait longer', async () => {
    const clock = manualClock()
    core = await startSetUpCore({ now: clock.now })
    const waits: number[] = []
    for (let round = 0; round < 4; round++) {
      for (;;) {
        const result = await core.call('auth:login', wrong, 'w2')
        if (!result.ok && result.error.code === 'THROTTLED') {
          waits.push(result.error.retryAfterSeconds!)
          clock.advance(result.error.retryAfterSeconds! * 1000)
          break
        }
        expect(result).toMatchObject({ error: { code: 'BAD_CREDENTIALS' } })
      }
    }
    for (let i = 1; i < waits.length; i++) expect(waits[i]).toBeGreaterThan(waits[i - 1])
  })

  it('answers a hash with parameters the app never writes (synced in damaged) as a wrong password, and logs it', async () => {
    const logged: string[] = []
    core = await startSetUpCore({ log: (m) => logged.push(m) })
    const staff = await addUser(core, { role: 'staff' })
    const parts = (await core.services.db('users').where({ id: staff.user.id }).first()).password_hash.split('$')
    parts[1] = '3'
    await core.services.db('users').where({ id: staff.user.id }).update({ password_hash: parts.join('$') })
    const result = await core.call('auth:login', { username: staff.user.username, password: staff.password }, 'w8')
    expect(result).toMatchObject({ ok: false, error: { code: 'BAD_CREDENTIALS' } })
    expect(logged.filter((m) => m.includes('parameters the app does not use'))).toEqual([expect.stringContaining(staff.user.id)])
    expect(logged.join('\n')).not.toContain(parts[5])
  })

  it('does not let a deactivated user sign in', async () => {
    core = await startSetUpCore()
    const staff = await addUser(core, { role: 'staff' })
    await core.ok('users:setActive', { id: staff.user.id, active: false })
    const result = await core.call('auth:login', { username: staff.user.username, password: staff.password }, 'w9')
    expect(result.ok).toBe(false)
    expect((await core.ok('auth:status', {}, 'w9')).user).toBeNull()
    expect(await core.call('settings:get', {}, 'w9')).toMatchObject({ ok: false, error: { code: 'UNAUTHENTICATED' } })
  })
})

describe('auth:logout', () => {
  it('ends the session: a signed-in command then answers UNAUTHENTICATED', async () => {
    core = await startSetUpCore()
    expect(await core.call('settings:get', {})).toMatchObject({ ok: true })
    expect(await core.call('auth:logout', {})).toEqual({ ok: true, data: {} })
    expect(await core.call('settings:get', {})).toMatchObject({ ok: false, error: { code: 'UNAUTHENTICATED' } })
    expect(await core.ok('auth:status', {})).toEqual({ needsSetup: false, user: null, locked: null })
    expect(core.services.sessions.userIdFor(OWNER_SESSION)).toBeUndefined()
  })

  it('ends only the session it was sent from', async () => {
    core = await startSetUpCore()
    await core.ok('auth:login', right, 'second-window')
    await core.ok('auth:logout', {})
    expect(await core.call('settings:get', {}, 'second-window')).toMatchObject({ ok: true })
  })
})
