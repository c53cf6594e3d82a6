import type { SessionUser } from '../../contract/auth'
import { PERMISSION_LABELS, type Permission } from '../../contract/permissions'
import type { ListedUser } from '../../contract/users'
import { AppError } from '../errors'
import { toUser, type UserRow } from './repo'

/**
 * Why `actor` may not act on `target`'s account at all (edit their name, role or permissions,
 * reset their password or PIN, deactivate or reactivate them), or null when they may.
 * "Manage users" may be granted to a manager; it must not become a way to take the store over:
 * - an owner's account is an owner's to change;
 * - acting on anyone else takes every permission they hold, owners aside: otherwise a user
 *   manager could reset a manager's PIN, sign in as them, and do what they may not. Your own
 *   account is yours, but for deactivating it (whyNotDeactivate).
 * The commands refuse by it (service.ts) and Users & permissions offers by it (`listedUsers`).
 */
export function whyNotActOn(actor: SessionUser | null, target: UserRow): { owner: true } | { beyond: Permission[] } | null {
  if (target.role === 'owner' && actor?.role !== 'owner') return { owner: true }
  if (!actor || actor.role === 'owner' || target.id === actor.id) return null
  const held = new Set(actor.permissions)
  const beyond = toUser(target).permissions.filter((p) => !held.has(p))
  return beyond.length ? { beyond } : null
}

const labels = (permissions: Permission[]) => permissions.map((p) => PERMISSION_LABELS[p]).join(', ')

/** The command's refusal when `actor` may not act on `target`'s account. */
export function guardActingOn(actor: SessionUser | null, target: UserRow): void {
  const why = whyNotActOn(actor, target)
  if (!why) return
  if ('owner' in why) throw new AppError('FORBIDDEN', 'Only an owner can create or change an owner account')
  throw new AppError('FORBIDDEN', `${target.display_name} holds permissions you do not (${labels(why.beyond)}): ask an owner`)
}

/** Deactivating the last active owner is refused (service.ts, guardLastOwner): the store always keeps one. */
export const LAST_OWNER = 'The store must keep at least one active owner'

/**
 * Why `actor` may not deactivate `target`, their own account, or null when it is someone else's.
 * Deactivating signs the user out at once on every PC and keeps them out: done to yourself
 * mid-shift (a slip on your own row) it locks you out with nobody at the desk who knows why, so
 * someone else does it, for an owner another owner. The only active owner hears LAST_OWNER
 * instead (service.ts checks it first): there is no other owner to ask.
 */
export function whyNotDeactivate(actor: SessionUser | null, target: UserRow): string | null {
  if (!actor || target.id !== actor.id) return null
  return `You cannot deactivate your own account: ask ${target.role === 'owner' ? 'another owner' : 'an owner'}`
}

/** The command's refusal when `actor` would deactivate their own account. */
export function guardDeactivating(actor: SessionUser | null, target: UserRow): void {
  const why = whyNotDeactivate(actor, target)
  if (why) throw new AppError('FORBIDDEN', why)
}

/**
 * Your own password and PIN are changed under My account (auth/own-secrets.ts), which asks for the
 * current password first so that a screen left signed in does not give the account away. The
 * reset on your own row asks for none: anyone at that screen could take the account (an owner's
 * too, which only another owner or the recovery key could then undo), so it is refused there.
 */
export const OWN_SECRETS = 'Change your own password or PIN under My account'

/** The command's refusal when `actor` would reset their own password or PIN (users:resetPassword, users:resetPin). */
export function guardResetting(actor: SessionUser | null, targetId: string): void {
  if (actor && targetId === actor.id) throw new AppError('FORBIDDEN', OWN_SECRETS)
}

/**
 * Each user as Users & permissions lists them, with what `actor` may do to their account, so
 * the screen offers only what these commands would do, and says why on a row where it offers less.
 */
export function listedUsers(actor: SessionUser | null, rows: UserRow[], keptAsOwner: Map<string, string>): ListedUser[] {
  const activeOwners = rows.filter((row) => row.role === 'owner' && Boolean(row.active)).length
  return rows.map((row) => {
    const why = whyNotActOn(actor, row)
    const own = actor?.id === row.id
    const lastOwner = row.role === 'owner' && Boolean(row.active) && activeOwners <= 1
    // An active row offers Deactivate; an inactive one Reactivate, which is never your own (you are signed in).
    const ownDeactivation = row.active ? whyNotDeactivate(actor, row) : null
    const notes = why
      ? ['owner' in why ? 'Only an owner can change an owner' : `Holds permissions you do not (${labels(why.beyond)}): ask an owner`]
      : [own ? OWN_SECRETS : null, lastOwner ? `Cannot be deactivated: ${LAST_OWNER.charAt(0).toLowerCase()}${LAST_OWNER.slice(1)}` : ownDeactivation]
    const note = notes.filter((n): n is string => n !== null).join('. ') || null
    return {
      ...toUser(row, keptAsOwner.get(row.id) ?? null),
      canEdit: !why,
      canReset: !why && !own,
      canSetActive: !why && !lastOwner && !ownDeactivation,
      cannotBecause: note,
    }
  })
}
