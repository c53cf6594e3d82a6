import { afterEach, describe, expect, it } from 'vitest'
import type { ListedUser } from '../../../electron/contract/users'
import { addUser, OWNER, OWNER_SESSION, signIn, startSetUpCore, type TestCore } from '../../support/core'

/**
 * Users & permissions offers on each row only what the commands would do for the signed-in user
 * (core/users/acting.ts): the flags `users:list` answers must be what `users:update`,
 * `users:resetPin`/`resetPassword` and `users:setActive` then answer, for an owner, a manager and
 * a staff member granted *Manage users*, on every kind of account.
 */
let core: TestCore | undefined
afterEach(async () => {
  await core?.cleanup()
  core = undefined
})

type Actor = 'owner' | 'manager' | 'staff'

/** A store with an owner (the only one), a manager and a staff member granted Manage users, a plain manager and staff, and an inactive staff member. */
async function startStore() {
  const c = await startSetUpCore()
  const mia = await addUser(c, { role: 'manager', username: 'mia', permissionOverrides: { manage_users: true } })
  const sam = await addUser(c, { role: 'staff', username: 'sam', permissionOverrides: { manage_users: true } })
  await addUser(c, { role: 'manager', username: 'max' })
  await addUser(c, { role: 'staff', username: 'tom' })
  const ina = await addUser(c, { role: 'staff', username: 'ina' })
  await c.ok('users:setActive', { id: ina.user.id, active: false })
  const actors: Record<Actor, { session: string; username: string; password: string }> = {
    owner: { session: OWNER_SESSION, username: OWNER.username, password: OWNER.password },
    manager: { session: mia.session, username: 'mia', password: mia.password },
    staff: { session: sam.session, username: 'sam', password: sam.password },
  }
  return { core: c, actors, mia, sam }
}

/** Whether each command, tried on `target` as `actor`, was done; anything done is undone by the owner, and a signed-out actor signs in again. */
async function whatCommandsAnswer(c: TestCore, actor: { session: string; username: string; password: string }, target: ListedUser) {
  const done = async (answer: Promise<{ ok: boolean }>) => (await answer).ok
  // As the Edit dialog sends it: the name, with the role and ticks as they are.
  const edit = { id: target.id, displayName: target.displayName, role: target.role, permissionOverrides: target.permissionOverrides }
  const canEdit = await done(c.call('users:update', edit, actor.session))
  const canResetPin = await done(c.call('users:resetPin', { id: target.id, pin: '97531' }, actor.session))
  const canResetPassword = await done(c.call('users:resetPassword', { id: target.id, password: `password of ${target.username}` }, actor.session))
  const canSetActive = await done(c.call('users:setActive', { id: target.id, active: !target.active }, actor.session))
  if (canSetActive) {
    await c.ok('users:setActive', { id: target.id, active: target.active })
    // Deactivating oneself signs one out.
    if (target.username === actor.username) await signIn(c, actor.session, actor.username, actor.password)
  }
  expect(canResetPin, `${actor.username} resetting ${target.username}'s PIN and password alike`).toBe(canResetPassword)
  return { canEdit, canReset: canResetPin, canSetActive }
}

describe('users:list row actions', () => {
  it.each<Actor>(['owner', 'manager', 'staff'])('as %s, match what each command answers on every row', async (who) => {
    const store = await startStore()
    core = store.core
    const actor = store.actors[who]
    const rows = await core.ok('users:list', {}, actor.session)
    expect(rows).toHaveLength(6)
    for (const row of rows) {
      const offered = { canEdit: row.canEdit, canReset: row.canReset, canSetActive: row.canSetActive }
      expect(await whatCommandsAnswer(core, actor, row), `${who} on ${row.username}`).toEqual(offered)
      // A row offering less says why; one offering everything says nothing.
      expect(row.cannotBecause === null, `${who} on ${row.username}: ${row.cannotBecause}`).toBe(row.canEdit && row.canReset && row.canSetActive)
    }
  })

  it('offers a manager nothing on an owner’s row, saying only an owner can change an owner; a staff user manager nothing on a manager’s, naming what they lack', async () => {
    const store = await startStore()
    core = store.core
    const byName = (rows: ListedUser[]) => Object.fromEntries(rows.map((row) => [row.username, row]))
    const asManager = byName(await core.ok('users:list', {}, store.mia.session))
    expect(asManager[OWNER.username]).toMatchObject({ canEdit: false, canReset: false, canSetActive: false, cannotBecause: 'Only an owner can change an owner' })
    expect(asManager.max).toMatchObject({ canEdit: true, canReset: true, canSetActive: true, cannotBecause: null })
    expect(asManager.ina).toMatchObject({ canSetActive: true, active: false })

    const asStaff = byName(await core.ok('users:list', {}, store.sam.session))
    expect(asStaff.mia).toMatchObject({ canEdit: false, canReset: false, canSetActive: false })
    expect(asStaff.mia!.cannotBecause).toMatch(/^Holds permissions you do not \(.*Check customers out.*\): ask an owner$/)
    expect(asStaff.tom).toMatchObject({ canEdit: true, canReset: true, canSetActive: true, cannotBecause: null })
    expect(asStaff.sam).toMatchObject({
      canEdit: true,
      canReset: false,
      canSetActive: false,
      cannotBecause: 'Change your own password or PIN under My account. You cannot deactivate your own account: ask an owner',
    })
    // Their own Edit saves a new name; a change of their own role or ticks is still an owner's.
    const own = { id: store.sam.user.id, role: 'staff' as const, permissionOverrides: asStaff.sam!.permissionOverrides }
    expect(await core.call('users:update', { ...own, displayName: 'Sam S.' }, store.sam.session)).toMatchObject({ ok: true, data: { displayName: 'Sam S.' } })
    expect(await core.call('users:update', { ...own, role: 'manager' }, store.sam.session)).toMatchObject({ ok: false, error: { message: 'Ask an owner to change your own role or permissions' } })
    expect(await core.call('users:update', { ...own, permissionOverrides: { manage_users: true, check_out: true } }, store.sam.session)).toMatchObject({ ok: false, error: { code: 'FORBIDDEN' } })

    // The only active owner cannot be deactivated; with a second owner, by the other owner, never by themselves.
    const asOwner = byName(await core.ok('users:list', {}))
    expect(asOwner[OWNER.username]).toMatchObject({
      canEdit: true,
      canReset: false,
      canSetActive: false,
      cannotBecause: 'Change your own password or PIN under My account. Cannot be deactivated: the store must keep at least one active owner',
    })
    const otto = await addUser(core, { role: 'owner', username: 'otto' })
    expect(byName(await core.ok('users:list', {}))[OWNER.username]).toMatchObject({
      canSetActive: false,
      cannotBecause: 'Change your own password or PIN under My account. You cannot deactivate your own account: ask another owner',
    })
    expect(byName(await core.ok('users:list', {}, otto.session))[OWNER.username]).toMatchObject({ canReset: true, canSetActive: true, cannotBecause: null })
  })

  it('offers no one Reset or Deactivate on their own row, saying where and whom to ask', async () => {
    const store = await startStore()
    core = store.core
    const otto = await addUser(core, { role: 'owner', username: 'otto' })
    for (const [session, username, ask] of [
      [otto.session, 'otto', 'another owner'],
      [store.mia.session, 'mia', 'an owner'],
      [store.sam.session, 'sam', 'an owner'],
    ]) {
      const own = (await core.ok('users:list', {}, session)).find((row) => row.username === username)!
      expect(own, username).toMatchObject({
        canEdit: true,
        canReset: false,
        canSetActive: false,
        cannotBecause: `Change your own password or PIN under My account. You cannot deactivate your own account: ask ${ask}`,
      })
    }
  })
})
