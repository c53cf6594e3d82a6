import type { CommandOutput } from '../../../electron/contract'
import { createJoinedStore } from '../../../electron/core/stores/join'
import { applyEntries } from '../../../electron/core/sync/apply'
import { OWNER, OWNER_SESSION, startTestCore, type TestCore } from '../core'
import { entriesWrittenBy } from './foreign'

export const OTTO = { username: 'otto', displayName: 'Otto Owner', role: 'owner' as const, password: 'otto password 1', pin: '8642' }

/**
 * Two owners who demote each other at two stores while apart, for a test with one store (a
 * browser test's): at `home` (set up, Olivia signed in as OWNER_SESSION) Olivia makes Otto an
 * owner; another store joins from it on a core of its own; Olivia demotes Otto at home, and a
 * second later Otto demotes Olivia at the other store; then home applies what the other store
 * wrote, through the real applier, as a hub would deliver it. Home is left with no active
 * owner but for the rule that keeps one (users/keep-owner.ts): Olivia, whose demotion came last.
 */
export async function ownersDemotedAtTwoStores(home: TestCore): Promise<{ olivia: string; otto: CommandOutput<'users:create'> }> {
  const otto = await home.ok('users:create', OTTO)
  const olivia = (await home.services.db('users').where({ username: OWNER.username }).first()).id as string
  // The other store's clock is a second ahead: its demotion is the later one by HLC.
  const other = await startTestCore({ now: () => new Date(Date.now() + 1000) })
  try {
    const result = await applyEntries(other.services, await entriesWrittenBy(home.services))
    if (result.refused || Object.values(result.waiting).some((n) => n > 0)) throw new Error(`the other store could not join: ${JSON.stringify(result)}`)
    await createJoinedStore(other.services, { name: 'Harbour Street', currency: 'USD', timeZone: 'UTC' }, olivia)
    await other.ok('auth:login', { username: OTTO.username, password: OTTO.password }, 'otto')
    await home.ok('users:update', { id: otto.id, role: 'manager' }, OWNER_SESSION)
    await other.ok('users:update', { id: olivia, role: 'manager' }, 'otto')
    const back = await applyEntries(home.services, await entriesWrittenBy(other.services))
    if (back.refused || back.fallbacks) throw new Error(`home could not apply the other store's entries: ${JSON.stringify(back)}`)
    return { olivia, otto }
  } finally {
    await other.cleanup()
  }
}
