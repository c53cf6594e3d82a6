import { afterEach, describe, expect, it } from 'vitest'
import { OWNER, addUser, manualClock, signIn, startSetUpCore, type TestCore } from '../support/core'
import { addShopper } from '../support/shoppers'

let core: TestCore | undefined
afterEach(async () => {
  await core?.cleanup()
  core = undefined
})

const codes = (results: { ok: boolean; error?: { code: string } }[]) =>
  results.map((r) => (r.ok ? 'OK' : r.error!.code)).reduce<Record<string, number>>((n, c) => ({ ...n, [c]: (n[c] ?? 0) + 1 }), {})

describe('guessing in parallel is throttled like guessing in turn', () => {
  // The clock stands still in the bursts: on the real one a loaded machine could let the first
  // wait (1 s) pass while the burst is still being answered, and the count would be the machine's.
  it('lets only the free sign-in attempts through when many are sent at once', async () => {
    core = await startSetUpCore({ now: manualClock().now })
    const results = await Promise.all(
      Array.from({ length: 20 }, (_, i) => core!.call('auth:login', { username: OWNER.username, password: `guess ${i}` }, `s${i}`)),
    )
    expect(codes(results)).toEqual({ BAD_CREDENTIALS: 3, THROTTLED: 17 })
  })

  it('lets only the free PIN attempts through when a burst of PINs is sent at once', async () => {
    core = await startSetUpCore({ now: manualClock().now })
    const manager = await addUser(core, { role: 'manager' })
    const staff = await addUser(core, { role: 'staff' })
    const shopper = await addShopper(core)
    const pins = [...Array.from({ length: 30 }, (_, i) => String(5000 + i)), manager.pin]
    const results = await Promise.all(
      pins.map((approverPin) =>
        core!.call(
          'loyalty:adjust',
          { customerId: shopper.id, direction: 'add', points: 100, reason: 'burst', approverId: manager.user.id, approverPin },
          staff.session,
        ),
      ),
    )
    expect(codes(results)).toEqual({ BAD_CREDENTIALS: 3, THROTTLED: 28 })
  })

  it('keeps sign-in and PIN guesses apart: a login named like a PIN key locks nothing', async () => {
    core = await startSetUpCore()
    const manager = await addUser(core, { role: 'manager' })
    const shopper = await addShopper(core)
    for (let i = 0; i < 6; i++) await core.call('auth:login', { username: `pin:${manager.user.id}`.slice(0, 40), password: 'x' }, 'anon')
    await signIn(core, 'again', manager.user.username, manager.password)
    const adjusted = await core.call(
      'loyalty:adjust',
      { customerId: shopper.id, direction: 'add', points: 5, reason: 'ok', approverId: manager.user.id, approverPin: manager.pin },
      'again',
    )
    expect(adjusted.ok).toBe(true)
  })
})
