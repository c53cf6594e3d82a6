import { afterEach } from 'vitest'
import { addUser, manualClock, startSetUpCore, type TestCore } from '../../support/core'
import { addCustomer } from '../customers/fixtures'

// 10:15 in New York (the test store's zone) on Monday 23 November 2026.
export const MORNING = '2026-11-23T15:15:00.000Z'

/**
 * A desk's morning for the visits tests: a set-up store on MORNING's clock with a manager (mia),
 * two staff (sam, tom) and a customer (Ana Petrov); each test's core is cleaned up after it.
 */
export function deskMorningEachTest() {
  let core: TestCore | undefined
  afterEach(async () => {
    await core?.cleanup()
    core = undefined
  })
  return async function setUp() {
    const clock = manualClock(MORNING)
    // The clock jumps by hours or days between this session's commands: main's idle lock (lock.test.ts) stays off.
    core = await startSetUpCore({ now: clock.now, idleLock: false })
    const manager = await addUser(core, { role: 'manager', username: 'mia' })
    const sam = await addUser(core, { role: 'staff', username: 'sam' })
    const tom = await addUser(core, { role: 'staff', username: 'tom' })
    const ana = await addCustomer(core, { firstName: 'Ana', lastName: 'Petrov' })
    return { core, clock, manager, sam, tom, ana }
  }
}
