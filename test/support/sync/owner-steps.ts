import type { Envelope } from '../../../electron/contract'
import { OWNER } from '../core'
import { SESSION, deliver, type SyncStore } from './cluster'

/**
 * The convergence schedule's owner steps (steps.ts runs them): an owner added, and an owner
 * demoted or deactivated by another owner at that store (the last one may not be: the command
 * refuses). Two stores that each remove a different owner while apart leave no active owner once
 * both changes are known, and every store must then keep the same one (users/keep-owner.ts):
 * `removeOwnersAtTwoStores` makes that happen at the end of some schedules, where chance rarely would.
 */
export const OWNER_COMMANDS = ['addOwner', 'dropOwner', 'newRecoveryKey'] as const
export type OwnerCommand = (typeof OWNER_COMMANDS)[number]

/** The window of the owner who removes another: not the schedule's own (SESSION), which may be the one removed. */
const OTHER_OWNER = 'other-owner'

const activeOwners = (store: SyncStore): Promise<string[]> =>
  store.core.services.db('users').where({ role: 'owner', active: 1 }).orderBy('id').pluck('id')

/**
 * The schedule's window is an active owner's: when the owner it was signed in as lost that (here or
 * by sync) or was signed out, the first active owner signs in, as a colleague would at the desk.
 */
export async function ownerAtDesk(store: SyncStore): Promise<void> {
  const owners = await activeOwners(store)
  const current = store.core.services.sessions.userIdFor(SESSION)
  if (owners.length && !(current && owners.includes(current))) store.core.services.sessions.signIn(SESSION, owners[0])
}

/** `target` demoted (or deactivated, `deactivate`) by another active owner of the store, or by themself when there is none. */
async function removeOwner(store: SyncStore, target: string, deactivate: boolean): Promise<Envelope<unknown>> {
  const actor = (await activeOwners(store)).find((id) => id !== target) ?? target
  store.core.services.sessions.signIn(OTHER_OWNER, actor)
  return deactivate
    ? store.core.dispatch('users:setActive', { id: target, active: false }, OTHER_OWNER)
    : store.core.dispatch('users:update', { id: target, role: 'manager' }, OTHER_OWNER)
}

function addOwner(store: SyncStore, serial: number): Promise<Envelope<unknown>> {
  return store.call('users:create', {
    username: `owner${serial % 3}`,
    displayName: `Owner ${store.name} ${serial}`,
    role: 'owner',
    password: 'an owner password',
    pin: '9753',
  })
}

/** The owner at the desk makes a new recovery key, proving it with their password (setup's owner's, or addOwner's). */
async function newRecoveryKey(store: SyncStore): Promise<Envelope<unknown> | undefined> {
  await ownerAtDesk(store)
  const id = store.core.services.sessions.userIdFor(SESSION)
  const row = id ? await store.core.services.db('users').where({ id }).first() : undefined
  if (!row) return undefined
  return store.call('auth:newRecoveryKey', { currentPassword: row.username === OWNER.username ? OWNER.password : 'an owner password' })
}

export async function ownerCommand(store: SyncStore, step: { command: OwnerCommand; pick: number; flag: boolean }, serial: () => number): Promise<Envelope<unknown> | undefined> {
  if (step.command === 'addOwner') return addOwner(store, serial())
  if (step.command === 'newRecoveryKey') return newRecoveryKey(store)
  const owners = await activeOwners(store)
  return owners.length ? removeOwner(store, owners[step.pick % owners.length], step.flag) : undefined
}

/**
 * Two stores (not a second PC) each remove a different owner before they hear from each other,
 * after the first made sure there are two and told the second: both changes pass where they are
 * made (each store still sees another owner), and together they remove both. Answers the outcomes.
 */
export async function removeOwnersAtTwoStores(stores: SyncStore[], deactivate: number, serial: () => number): Promise<string[]> {
  const [a, b] = stores.filter((s) => !s.twinOf)
  await ownerAtDesk(a)
  if ((await activeOwners(a)).length < 2) await addOwner(a, serial())
  await deliver(a, b, { all: true })
  const atA = (await activeOwners(a))[0]
  const atB = (await activeOwners(b)).find((id) => id !== atA)
  const outcomes: string[] = []
  for (const [store, target, how] of [
    [a, atA, deactivate % 2 === 0],
    [b, atB, deactivate % 3 === 0],
  ] as const) {
    if (!target) continue
    const answer = await removeOwner(store, target, how)
    if (!answer.ok && answer.error.code === 'INTERNAL') throw new Error(`removing an owner at ${store.name} answered INTERNAL`)
    outcomes.push(`dropOwnerAtTwo ${answer.ok ? 'ok' : answer.error.code}`)
  }
  return outcomes
}

/** At least one active owner at every store (digests tell whether they agree). */
export async function ownerProblems(store: SyncStore): Promise<string[]> {
  return (await activeOwners(store)).length ? [] : [`${store.name}: no active owner`]
}

/** Whether the Users screen at this store says an owner was kept (the rule above came into play). */
export async function ownerWasKept(store: SyncStore): Promise<boolean> {
  await ownerAtDesk(store)
  const users = await store.call('users:list', {})
  return users.ok && users.data.some((u) => u.keptAsOwnerAt !== null)
}
