import { afterEach, describe, expect, it } from 'vitest'
import { manualClock, OWNER, startSetUpCore, startTestCore, type TestCore } from '../../support/core'
import { addShopper } from '../../support/shoppers'

/** The hybrid logical clock across restarts (hardening issue, defect 4). */
let core: TestCore | undefined
afterEach(async () => {
  await core?.cleanup()
  core = undefined
})

describe('a restart with the PC clock turned back an hour', () => {
  it('un-flags a customer flagged before it, and the history keeps the order things happened in', async () => {
    const clock = manualClock('2026-11-23T10:00:00.000Z')
    core = await startSetUpCore({ now: clock.now })
    const shopper = await addShopper(core)
    await core.ok('customers:setFlag', { id: shopper.id, flagged: true, reason: 'Threatened staff' })
    const before = (await core.services.db('change_log').max<{ hlc: string }>({ hlc: 'hlc' }).first())!.hlc
    await core.close()

    clock.advance(-60 * 60 * 1000)
    core = await startTestCore({ dataDir: core.dir, now: clock.now })
    await core.ok('auth:login', { username: OWNER.username, password: OWNER.password })
    const after = await core.ok('customers:setFlag', { id: shopper.id, flagged: false, reason: 'Apologised' })

    expect(after.flag.flagged).toBe(false)
    const history = await core.ok('customers:flagHistory', { id: shopper.id })
    expect(history.map((e) => e.action)).toEqual(['unflagged', 'flagged'])
    // Every timestamp issued after the restart is above every one issued before it.
    const issuedAfter = await core.services.db('change_log').where('created_at', '<', '2026-11-23T10:00:00.000Z').pluck('hlc')
    expect(issuedAfter.length).toBeGreaterThan(0)
    for (const hlc of issuedAfter) expect(hlc > before).toBe(true)
  })
})
