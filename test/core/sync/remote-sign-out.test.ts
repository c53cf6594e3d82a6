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

/** A higher cost than the stores were set up with (TEST_KDF's N = 2^10): an updated app's. */
const RAISED = { N: 2 ** 11, r: 8, p: 1 }

const passwordHash = async (store: SyncStore, id: string): Promise<string> => (await store.core.services.db('users').where({ id }).first('password_hash')).password_hash

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

  it('takes a role change made elsewhere at their next command, without signing them out', async () => {
    const { a, b, clerkId } = await clerkSignedInAtB()
    const conflictsAtB = () => b.core.dispatch('conflicts:list', {}, CLERK_AT_B)
    expect(await conflictsAtB()).toMatchObject({ ok: false, error: { code: 'FORBIDDEN' } })
    await ok(a.call('users:update', { id: clerkId, role: 'manager' }))
    await deliver(a, b, { all: true })
    expect(await conflictsAtB()).toMatchObject({ ok: true })
    // Demoted at A: B's window loses the manager's rights on its next command, and stays signed in.
    await ok(a.call('users:update', { id: clerkId, role: 'staff' }))
    await deliver(a, b, { all: true })
    expect(await conflictsAtB()).toMatchObject({ ok: false, error: { code: 'FORBIDDEN' } })
    expect(await nextCommandAtB(b)).toMatchObject({ ok: true })
  })

  it('tells whoever follows the sessions (main’s File menu) when a role change arrives, and not for a customer', async () => {
    const { a, b, clerkId } = await clerkSignedInAtB()
    let told = 0
    const stop = b.core.services.sessions.onChange(() => (told += 1))
    await ok(a.call('customers:create', { firstName: 'Ana', storeIds: [a.core.services.localStoreId()!] }))
    await deliver(a, b, { all: true })
    expect(told).toBe(0)
    await ok(a.call('users:update', { id: clerkId, role: 'manager' }))
    await deliver(a, b, { all: true })
    expect(told).toBe(1)
    stop()
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

  it('leaves them signed in when the other store only hashed their password again at a higher cost', async () => {
    const { a, b, clerkId } = await clerkSignedInAtB()
    // A's app now hashes at a higher cost: the clerk signing in there has their hash made again (auth/rehash.ts).
    a.core.services.kdf = RAISED
    await ok(a.core.dispatch('auth:login', { username: CLERK.username, password: CLERK.password }, 'clerk-at-a') as never)
    const rehashed = await passwordHash(a, clerkId)
    expect(rehashed.split('$')[1]).toBe(String(RAISED.N))
    expect(await deliver(a, b, { all: true })).toMatchObject({ refused: 0, fallbacks: 0 })
    // The same password, at its version: B takes the stronger hash and the clerk's window goes on.
    expect(await passwordHash(b, clerkId)).toBe(rehashed)
    expect(await nextCommandAtB(b)).toMatchObject({ ok: true })
  })

  it('keeps a reset made elsewhere when the old password was hashed again here before the reset came', async () => {
    const { world, a, b, clerkId } = await clerkSignedInAtB()
    // The password leaked: the owner resets it at A. Before B hears of it, the clerk signs in at
    // B with the old one, and B (at a higher cost) hashes it again, later in time than the reset.
    await ok(a.call('users:resetPassword', { id: clerkId, password: 'a new password 2' }))
    world.advance(60_000)
    b.core.services.kdf = RAISED
    await ok(b.core.dispatch('auth:login', { username: CLERK.username, password: CLERK.password }, 'clerk-again-at-b') as never)
    expect((await passwordHash(b, clerkId)).split('$')[1]).toBe(String(RAISED.N))
    await deliver(a, b, { all: true })
    await deliver(b, a, { all: true })
    // Both stores end with the reset: the old password is refused everywhere, the new one signs in.
    expect(await passwordHash(b, clerkId)).toBe(await passwordHash(a, clerkId))
    for (const store of [a, b]) {
      expect(await store.core.dispatch('auth:login', { username: CLERK.username, password: CLERK.password }, 'check')).toMatchObject({ ok: false, error: { code: 'BAD_CREDENTIALS' } })
      expect(await store.core.dispatch('auth:login', { username: CLERK.username, password: 'a new password 2' }, 'check')).toMatchObject({ ok: true })
    }
    expect(await nextCommandAtB(b)).toMatchObject({ ok: false, error: { code: 'UNAUTHENTICATED' } })
  })
})

