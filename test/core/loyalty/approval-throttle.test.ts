import { afterEach, describe, expect, it } from 'vitest'
import { OWNER, addUser, manualClock, startSetUpCore, type TestCore } from '../../support/core'
import { addShopper, balances } from '../../support/shoppers'

/**
 * Wrong approver PINs are throttled per (approver, signed-in user who asks): a staff member who
 * keeps guessing a manager's PIN stays slowed down, but cannot keep that manager's approvals
 * blocked for the others who ask.
 */
let core: TestCore | undefined
afterEach(async () => {
  await core?.cleanup()
  core = undefined
})

const ownerId = async (c: TestCore) => (await c.ok('auth:status', {})).user!.id
const code = (answer: { ok: boolean; error?: { code: string } }) => (answer.ok ? 'ok' : answer.error!.code)

async function start() {
  const clock = manualClock()
  core = await startSetUpCore({ now: clock.now })
  const staff = await addUser(core, { role: 'staff' })
  const manager = await addUser(core, { role: 'manager' })
  const shopper = await addShopper(core)
  const approverId = await ownerId(core)
  const ask = async (approverPin: string, session?: string) =>
    code(await core!.call('loyalty:adjust', { customerId: shopper.id, direction: 'add', points: 5, reason: 'Survey', approverId, approverPin }, session))
  return { core, clock, staff, manager, shopper, ask }
}

describe("the owner's PIN guessed wrong by a staff member", () => {
  it('throttles that staff member, and no one else: the owner and a manager still get approvals with the right PIN', async () => {
    const { core, staff, manager, shopper, ask } = await start()
    for (let i = 0; i < 3; i++) expect(await ask('0000', staff.session)).toBe('BAD_CREDENTIALS')
    expect(await ask(OWNER.pin, staff.session)).toBe('THROTTLED')
    expect(await ask(OWNER.pin)).toBe('ok')
    expect(await ask(OWNER.pin, manager.session)).toBe('ok')
    // Others' successes do not clear the staff member's count.
    expect(await ask(OWNER.pin, staff.session)).toBe('THROTTLED')
    expect(await balances(core, shopper.id)).toEqual({ ledger: 10, cached: 10 })
  })

  it('keeps only that staff member blocked when they guess once per wait, each wait longer than the last', async () => {
    const { core, clock, staff, manager, ask } = await start()
    const key = `pin:${await ownerId(core)}:by:${staff.user.id}`
    const waits: number[] = []
    for (let i = 0; i < 8; i++) {
      expect(await ask('0000', staff.session)).toBe('BAD_CREDENTIALS')
      const wait = core.services.throttle.waitSeconds(key)
      waits.push(wait)
      // Until the wait is over even the right PIN is not tried for them; the approvals others
      // ask for go through meanwhile.
      if (wait > 0) expect(await ask(OWNER.pin, staff.session)).toBe('THROTTLED')
      expect(await ask(OWNER.pin)).toBe('ok')
      expect(await ask(OWNER.pin, manager.session)).toBe('ok')
      clock.advance(wait * 1000)
    }
    // Three free guesses, then 1 s, 2 s, 4 s … : the bound on guessing holds for the one who guesses.
    expect(waits).toEqual([0, 0, 1, 2, 4, 8, 16, 32])
  })
})
