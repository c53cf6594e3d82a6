import { describe, expect, it } from 'vitest'
import { deliver, SESSION, syncAll, WorldClock, type SyncStore, useSyncStores } from '../../support/sync/cluster'
import { ok } from '../../support/answers'

/**
 * A password or PIN reset, or a deactivation, made at one store ends the user's sessions at
 * every store that applies it, as the same change made locally ends them there (users/service.ts).
 * Before, a clerk signed in at B stayed signed in at B after an owner reset their password at A.
 */
const { stores, first: firstStore, join: joinStore } = useSyncStores()

const CLERK = { username: 'cleo', displayName: 'Cleo Clerk', role: 'staff' as const, password: 'cleo password 1', pin: '1357' }
/** The clerk's window at B. */
const CLERK_AT_B = 'clerk-at-b'

/** Two stores, a clerk made at A, signed in at B; the owner signed in at both. */
async function clerkSignedInAtB(): Promise<{ world: WorldClock; a: SyncStore; b: SyncStore; clerkId: string }> {
  const world = new WorldClock()
  const a = await firstStore(world, 0)
  const b = await joinStore(world, a, 1, 0)
  const clerk = await ok(a.call('users:create', CLERK))
  await syncAll(stores)
  await ok(b.core.dispatch('auth:login', { username: CLERK.username, password: CLERK.password }, CLERK_AT_B) as never)
  expect(await b.core.dispatch('settings:get', {}, CLERK_AT_B)).toMatchObject({ ok: true })
  return { world, a, b, clerkId: clerk.id }
}

/** What the clerk's window at B answers to its next command. */
const nextCommandAtB = (b: SyncStore) => b.core.dispatch('settings:get', {}, CLERK_AT_B)

describe("a change to a user's sign-in made at another store", () => {
  it('ends their sessions here when it is a password reset: the next command asks them to sign in', async () => {
    const { a, b, clerkId } = await clerkSignedInAtB()
    await ok(a.call('users:resetPassword', { id: clerkId, password: 'a new password 2' }))
    expect(await deliver(a, b, { all: true })).toMatchObject({ refused: 0, fallbacks: 0 })
    expect(await nextCommandAtB(b)).toMatchObject({ ok: false, error: { code: 'UNAUTHENTICATED' } })
    // Only theirs: the owner signed in at B stays.
    expect(await b.call('settings:get', {})).toMatchObject({ ok: true })
    // They sign in again with the new password, not the old one.
    expect(await b.core.dispatch('auth:login', { username: CLERK.username, password: CLERK.password }, CLERK_AT_B)).toMatchObject({ ok: false, error: { code: 'BAD_CREDENTIALS' } })
    expect(await b.core.dispatch('auth:login', { username: CLERK.username, password: 'a new password 2' }, CLERK_AT_B)).toMatchObject({ ok: true })
  })

  it('ends their sessions here when it is a PIN reset', async () => {
    const { a, b, clerkId } = await clerkSignedInAtB()
    await ok(a.call('users:resetPin', { id: clerkId, pin: '8642' }))
    await deliver(a, b, { all: true })
    expect(await nextCommandAtB(b)).toMatchObject({ ok: false, error: { code: 'UNAUTHENTICATED' } })
  })

  it('ends their locked sessions too when it is a deactivation, as setActive does locally', async () => {
    const { a, b, clerkId } = await clerkSignedInAtB()
    await ok(b.core.dispatch('lock:engage', {}, CLERK_AT_B) as never)
    expect(b.core.services.sessions.lockedUserIdFor(CLERK_AT_B)).toBe(clerkId)
    await ok(a.call('users:setActive', { id: clerkId, active: false }))
    await deliver(a, b, { all: true })
    expect(b.core.services.sessions.lockedUserIdFor(CLERK_AT_B)).toBeUndefined()
    expect(b.core.services.sessions.userIdFor(SESSION)).toBeDefined()
  })

  it('leaves them signed in when it changes something else (their name)', async () => {
    const { a, b, clerkId } = await clerkSignedInAtB()
    await ok(a.call('users:update', { id: clerkId, displayName: 'Cleo C.' }))
    await deliver(a, b, { all: true })
    expect(await nextCommandAtB(b)).toMatchObject({ ok: true })
  })

  it('leaves them signed in when the reset lost to a later one made where they signed in', async () => {
    const { world, a, b, clerkId } = await clerkSignedInAtB()
    // A resets first, offline; B resets later (its owner), then the clerk signs in at B with B's password.
    await ok(a.call('users:resetPassword', { id: clerkId, password: 'from store a 1' }))
    world.advance(1000)
    await ok(b.call('users:resetPassword', { id: clerkId, password: 'from store b 1' }))
    await ok(b.core.dispatch('auth:login', { username: CLERK.username, password: 'from store b 1' }, CLERK_AT_B) as never)
    // A's older reset arrives: B's hash stays (last writer wins), so the session stays.
    await deliver(a, b, { all: true })
    expect(await nextCommandAtB(b)).toMatchObject({ ok: true })
  })
})
