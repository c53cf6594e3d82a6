import { afterEach, describe, expect, it } from 'vitest'
import { OWNER, addUser, manualClock, startSetUpCore, startTestCore, type TestCore } from '../support/core'
import { addShopper } from '../support/shoppers'

/**
 * The sign-in and PIN throttle outlives the app: held only in memory, closing and opening the
 * app cleared it (security review: about six guesses a restart instead of one a minute).
 */
let core: TestCore | undefined
afterEach(async () => {
  await core?.cleanup()
  core = undefined
})

/** Closes the core and opens its data folder again, as the app does after a restart. */
async function restart(c: TestCore, now: () => Date): Promise<TestCore> {
  await c.close()
  return startTestCore({ dataDir: c.dir, now })
}

const code = (answer: { ok: boolean; error?: { code: string } }) => (answer.ok ? 'ok' : answer.error!.code)

describe('the throttle after a restart', () => {
  it('still makes the right password wait, and forgets the failures once it signs in', async () => {
    const clock = manualClock()
    core = await startSetUpCore({ now: clock.now })
    const codes: string[] = []
    for (let i = 0; i < 4; i++) codes.push(code(await core.call('auth:login', { username: OWNER.username, password: `wrong ${i}` }, 's')))
    expect(codes).toEqual(['BAD_CREDENTIALS', 'BAD_CREDENTIALS', 'BAD_CREDENTIALS', 'THROTTLED'])

    core = await restart(core, clock.now)
    const throttled = await core.call('auth:login', { username: OWNER.username, password: OWNER.password }, 's')
    expect(throttled).toMatchObject({ ok: false, error: { code: 'THROTTLED', retryAfterSeconds: 1 } })
    // The wait, then a fourth failure, doubles it: the count went on from where it was.
    clock.advance(1000)
    expect(await core.call('auth:login', { username: OWNER.username, password: 'wrong 4' }, 's')).toMatchObject({ error: { code: 'BAD_CREDENTIALS' } })
    core = await restart(core, clock.now)
    expect(await core.call('auth:login', { username: 'OLIVIA', password: OWNER.password }, 's')).toMatchObject({ error: { code: 'THROTTLED', retryAfterSeconds: 2 } })

    clock.advance(2000)
    expect(await core.call('auth:login', { username: OWNER.username, password: OWNER.password }, 's')).toMatchObject({ ok: true })
    expect(await core.services.db('login_throttle').select()).toEqual([])
  })

  it('keeps an approver’s PIN throttled across a restart', async () => {
    const clock = manualClock()
    core = await startSetUpCore({ now: clock.now })
    const manager = await addUser(core, { role: 'manager' })
    const shopper = await addShopper(core)
    const adjust = (approverPin: string) =>
      core!.call('loyalty:adjust', { customerId: shopper.id, direction: 'add', points: 5, reason: 'x', approverId: manager.user.id, approverPin })
    for (const pin of ['0000', '1111', '2222']) expect(code(await adjust(pin))).toBe('BAD_CREDENTIALS')

    core = await restart(core, clock.now)
    await core.call('auth:login', { username: OWNER.username, password: OWNER.password })
    expect(code(await adjust(manager.pin))).toBe('THROTTLED')
    clock.advance(1000)
    expect(code(await adjust(manager.pin))).toBe('ok')
  })

  it('is not rolled back by restoring a backup taken before the failures', async () => {
    const clock = manualClock()
    core = await startSetUpCore({ now: clock.now, automaticBackups: false })
    const { backup } = await core.ok('backups:create', { destination: 'folder', passphrase: '' })
    for (let i = 0; i < 3; i++) await core.call('auth:login', { username: OWNER.username, password: `wrong ${i}` }, 's')
    await core.ok('backups:restore', { source: 'backups-folder', name: backup!.name, passphrase: '' })
    core = await restart(core, clock.now)
    expect(await core.call('auth:login', { username: OWNER.username, password: OWNER.password }, 's')).toMatchObject({ error: { code: 'THROTTLED' } })
  })

  it('forgets, at start, a key left unblocked for a day', async () => {
    const clock = manualClock()
    core = await startSetUpCore({ now: clock.now })
    for (let i = 0; i < 3; i++) await core.call('auth:login', { username: 'mistyped', password: 'x' }, 's')
    expect(await core.services.db('login_throttle').pluck('key')).toEqual(['login:mistyped'])
    clock.advance(24 * 60 * 60_000 + 2000)
    core = await restart(core, clock.now)
    expect(await core.services.db('login_throttle').select()).toEqual([])
  })
})
