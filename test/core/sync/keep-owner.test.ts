import { describe, expect, it } from 'vitest'
import type { CommandInput, CommandOutput, Envelope } from '../../../electron/contract'
import { applyEntries } from '../../../electron/core/sync/apply'
import { ownerToKeep } from '../../../electron/core/users/keep-owner'
import { OWNER, startTestCore } from '../../support/core'
import { deliver, ownEntries, SESSION, syncAll, WorldClock, type SyncStore, useSyncStores } from '../../support/sync/cluster'
import { ok } from '../../support/answers'

/**
 * The store always keeps one active owner, across stores too (users/keep-owner.ts). Before, two
 * owners who each demoted (or deactivated) the other at two stores while apart left every store
 * with no active owner after sync: nobody could manage users, settings or backups again.
 */
const { stores, first: firstStore, join: joinStore } = useSyncStores()

const OTTO = { username: 'otto', displayName: 'Otto Owner', role: 'owner' as const, password: 'otto password 1', pin: '8642' }
const OTTO_AT_B = 'otto-at-b'

/** Stores A and B (and C when asked) that know Olivia and Otto, both owners; Otto signed in at B. */
async function twoOwners(count = 2) {
  const world = new WorldClock()
  const a = await firstStore(world, 0)
  const others: SyncStore[] = []
  for (let i = 1; i < count; i++) others.push(await joinStore(world, a, i, 0))
  const otto = await ok(a.call('users:create', OTTO))
  await syncAll(stores)
  const olivia = (await a.core.services.db('users').where({ username: OWNER.username }).first()).id as string
  const b = others[0]
  await ok(b.core.dispatch('auth:login', { username: OTTO.username, password: OTTO.password }, OTTO_AT_B) as never)
  world.advance(1000)
  return { world, a, b, c: others[1], olivia, otto: otto.id }
}

type Removal = { role: 'manager' } | { active: false }
/** The change that takes an owner's owner-ness: a demotion or a deactivation. */
const removal = (id: string, how: Removal) =>
  'role' in how ? (['users:update', { id, role: how.role }] as const) : (['users:setActive', { id, active: false }] as const)

async function remove(store: SyncStore, session: string | undefined, id: string, how: Removal) {
  const [command, input] = removal(id, how)
  const answer = session ? await store.core.dispatch(command, input as CommandInput<typeof command>, session) : await store.call(command, input as never)
  expect(answer, `${command} at ${store.name}`).toMatchObject({ ok: true })
}

const activeOwners = async (store: SyncStore) => (await store.core.services.db('users').where({ role: 'owner', active: true }).orderBy('id').pluck('username')) as string[]

/** What the Users screen shows at a store (to the owner's window, or another): who is kept, and when. */
async function keptShown(store: SyncStore, session = SESSION): Promise<Record<string, string>> {
  const users = await ok(store.core.dispatch('users:list', {}, session) as Promise<Envelope<CommandOutput<'users:list'>>>)
  return Object.fromEntries(users.filter((u) => u.keptAsOwnerAt).map((u) => [u.username, u.keptAsOwnerAt!]))
}

describe('two owners who remove each other at two stores while apart', () => {
  for (const [label, atA, atB] of [
    ['demote each other', { role: 'manager' }, { role: 'manager' }],
    ['deactivate each other', { active: false }, { active: false }],
    ['one demotes, the other deactivates', { role: 'manager' }, { active: false }],
  ] as [string, Removal, Removal][]) {
    it(`${label}: after sync both stores keep the owner removed last, the same one, and say so`, async () => {
      const { world, a, b, olivia, otto } = await twoOwners()
      // A: Olivia removes Otto. B, a moment later: Otto removes Olivia. Each store still sees another owner.
      await remove(a, undefined, otto, atA)
      world.advance(1000)
      await remove(b, OTTO_AT_B, olivia, atB)
      world.advance(1000)
      await syncAll(stores)
      // Deactivated at B, Olivia was signed out there; she signs in again.
      await ok(b.core.dispatch('auth:login', { username: OWNER.username, password: OWNER.password }, SESSION) as never)
      // Olivia's removal was the later one: it is undone, Otto's stands.
      for (const store of [a, b]) expect(await activeOwners(store), store.name).toEqual([OWNER.username])
      const shown = await keptShown(a)
      expect(Object.keys(shown)).toEqual([OWNER.username])
      expect(await keptShown(b)).toEqual(shown)
      // Olivia manages users again, at both stores (keptShown asked as her).
    })
  }

  for (const order of ['A first', 'B first'] as const) {
    it(`keeps the same owner whatever order a third store hears of the two removals in (${order})`, async () => {
      const { world, a, b, c, olivia, otto } = await twoOwners(3)
      await remove(a, undefined, otto, { role: 'manager' })
      world.advance(1000)
      await remove(b, OTTO_AT_B, olivia, { role: 'manager' })
      world.advance(1000)
      // C hears of one removal (it still has an owner), then the other (now it has none, and keeps one).
      const [first, second] = order === 'A first' ? [a, b] : [b, a]
      await deliver(first, c, { all: true })
      expect(await activeOwners(c)).toHaveLength(1)
      await deliver(second, c, { all: true })
      expect(await activeOwners(c)).toEqual([OWNER.username])
      // A and B hear of it from C before they hear of each other, and keep no one more.
      await deliver(c, a, { all: true })
      await deliver(c, b, { all: true })
      await syncAll(stores)
      for (const store of [a, b, c]) expect(await activeOwners(store), store.name).toEqual([OWNER.username])
      expect(await keptShown(a)).toEqual(await keptShown(c))
      expect(await keptShown(b)).toEqual(await keptShown(c))
    })
  }

  it('stops saying the owner was kept once their role or status changes again, not when they are renamed', async () => {
    const { world, a, b, olivia, otto } = await twoOwners()
    await remove(a, undefined, otto, { role: 'manager' })
    world.advance(1000)
    await remove(b, OTTO_AT_B, olivia, { role: 'manager' })
    world.advance(1000)
    await syncAll(stores)
    expect(Object.keys(await keptShown(a))).toEqual([OWNER.username])
    // A rename answers with the note still there.
    expect(await ok(a.call('users:update', { id: olivia, displayName: 'Olivia O.' }))).toMatchObject({ keptAsOwnerAt: expect.any(String) })
    // Otto is an owner again; then Olivia steps down herself, as a command may: no note any more, at either store.
    await ok(a.call('users:update', { id: otto, role: 'owner' }))
    expect(await ok(a.call('users:update', { id: olivia, role: 'manager' }))).toMatchObject({ keptAsOwnerAt: null })
    await syncAll(stores)
    await ok(a.core.dispatch('auth:login', { username: OTTO.username, password: OTTO.password }, 'otto-at-a') as never)
    for (const [store, otto] of [[a, 'otto-at-a'], [b, OTTO_AT_B]] as const) {
      expect(await keptShown(store, otto)).toEqual({})
      expect(await activeOwners(store)).toEqual([OTTO.username])
    }
  })

  it('keeps the same owner at a store that joined after the hub compacted away the promotion of the one kept', async () => {
    const world = new WorldClock()
    const a = await firstStore(world, 0)
    const b = await joinStore(world, a, 1, 0)
    // Otto is made a manager, then an owner: the promotion is an edit a later one replaces.
    const otto = await ok(a.call('users:create', { ...OTTO, role: 'manager' }))
    world.advance(1000)
    await ok(a.call('users:update', { id: otto.id, role: 'owner' }))
    await syncAll(stores)
    await ok(b.core.dispatch('auth:login', { username: OTTO.username, password: OTTO.password }, OTTO_AT_B) as never)
    const olivia = (await a.core.services.db('users').where({ username: OWNER.username }).first()).id as string
    // B: Otto demotes Olivia; a moment later, A: Olivia demotes Otto. Otto's removal is the later one.
    world.advance(1000)
    await remove(b, OTTO_AT_B, olivia, { role: 'manager' })
    world.advance(1000)
    await remove(a, undefined, otto.id, { role: 'manager' })
    await syncAll(stores)
    expect(await activeOwners(a)).toEqual([OTTO.username])
    // A store that joins now reads the hub compacted: each field's latest write, not the promotion
    // it replaced (nor the entries the keep wrote, to decide again from the two demotions).
    const written = [...(await ownEntries(a)), ...(await ownEntries(b))]
    const promotion = written.find((e) => e.table_name === 'users' && e.row_id === otto.id && e.field === 'role' && e.value === '"owner"')!
    const joining = await startTestCore()
    try {
      await applyEntries(joining.services, written.filter((e) => e !== promotion && !(e.table_name === 'users' && e.user_id === null && e.op === 'update')))
      expect(await ownerToKeep(joining.services.db)).toBe(otto.id)
    } finally {
      await joining.cleanup()
    }
  })
})
