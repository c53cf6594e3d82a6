import type { ParsedInput } from '../../contract'
import { PERMISSION_LABELS, type Role } from '../../contract/permissions'
import type { ListedUser, PermissionOverrides, User } from '../../contract/users'
import { effectivePermissions } from '../auth/permissions'
import { hashSecret } from '../auth/kdf'
import { NO_RECOVERY_KEY } from '../auth/recovery-key'
import { requireStoreId, transact, type CommandContext } from '../context'
import { AppError, fieldError, notFound } from '../errors'
import { newId } from '../ids'
import { guardActingOn, guardDeactivating, guardResetting, LAST_OWNER, listedUsers } from './acting'
import { guardDisplayName } from './display-name'
import { keptAsOwner } from './keep-owner'
import { keepingUnknown, knownOverrides } from './overrides'
import {
  countActiveOwners,
  findUserById,
  findUserByUsername,
  insertUser,
  listUsers,
  toUser,
  updateUser,
  type UserRow,
} from './repo'

/**
 * "Manage users" may be granted to a manager; it must not become a way to take the store
 * over. Creating an owner or promoting to owner is an owner's act (changing an owner's account
 * too: acting.ts).
 */
function guardOwnerAccounts(ctx: CommandContext, touchesOwner: boolean): void {
  if (touchesOwner && ctx.user?.role !== 'owner') {
    throw new AppError('FORBIDDEN', 'Only an owner can create or change an owner account')
  }
}

/**
 * A user manager who is not an owner hands out only permissions they hold themselves, and
 * never changes their own role or permissions: otherwise "manage users" would grant anything.
 */
function guardGrantedPermissions(ctx: CommandContext, target: { id?: string; role: Role; overrides: PermissionOverrides }) {
  if (!ctx.user || ctx.user.role === 'owner') return
  if (target.id === ctx.user.id) throw new AppError('FORBIDDEN', 'Ask an owner to change your own role or permissions')
  const held = new Set(ctx.user.permissions)
  const beyond = effectivePermissions(target.role, target.overrides).filter((p) => !held.has(p))
  if (beyond.length) {
    throw new AppError('FORBIDDEN', `You cannot grant permissions you do not hold: ${beyond.map((p) => PERMISSION_LABELS[p]).join(', ')}`)
  }
}

/** Every user, each with what the signed-in user may do to their account (acting.ts). */
export async function list(ctx: CommandContext): Promise<ListedUser[]> {
  const rows = await listUsers(ctx.db)
  return listedUsers(ctx.user, rows, await keptAsOwner(ctx.db, rows.map((row) => row.id)))
}

/** A user as an edit leaves them, with the note that sync kept them an owner when it still holds (a rename keeps it). */
async function shown(ctx: CommandContext, row: UserRow): Promise<User> {
  return toUser(row, (await keptAsOwner(ctx.db, [row.id])).get(row.id) ?? null)
}

export async function create(ctx: CommandContext, input: ParsedInput<'users:create'>): Promise<User> {
  const storeId = requireStoreId(ctx)
  guardOwnerAccounts(ctx, input.role === 'owner')
  guardGrantedPermissions(ctx, { role: input.role, overrides: input.permissionOverrides })
  const [passwordHash, pinHash] = await Promise.all([hashSecret(input.password, ctx.kdf), hashSecret(input.pin, ctx.kdf)])
  const at = ctx.now().toISOString()
  const row: UserRow = {
    id: newId(),
    store_id: storeId,
    username: input.username,
    display_name: input.displayName,
    role: input.role,
    password_hash: passwordHash,
    pin_hash: pinHash,
    permission_overrides: JSON.stringify(input.permissionOverrides),
    active: true,
    created_at: at,
    updated_at: at,
  }
  await transact(ctx, storeId, async (w) => {
    if (await findUserByUsername(w.trx, input.username)) throw fieldError('username', 'That username is already taken', 'CONFLICT')
    await guardDisplayName(w.trx, input.displayName, null)
    await insertUser(w, row)
  })
  return toUser(row)
}

/** Whether `role` and `overrides` change `before`'s role or what they may do. */
function changesAccess(before: UserRow, role: Role, overrides: PermissionOverrides): boolean {
  const now = effectivePermissions(before.role, knownOverrides(before.permission_overrides))
  const then = effectivePermissions(role, overrides)
  return role !== before.role || now.length !== then.length || then.some((p) => !now.includes(p))
}

/** Role changes and deactivation may never leave the store without an active owner. */
async function guardLastOwner(trx: CommandContext['db'], before: UserRow, losesOwner: boolean) {
  if (losesOwner && before.role === 'owner' && before.active && (await countActiveOwners(trx)) <= 1) {
    throw new AppError('CONFLICT', LAST_OWNER)
  }
}

export async function update(ctx: CommandContext, input: ParsedInput<'users:update'>): Promise<User> {
  const storeId = requireStoreId(ctx)
  const patch: Partial<UserRow> = {}
  if (input.displayName !== undefined) patch.display_name = input.displayName
  if (input.role !== undefined) patch.role = input.role
  const after = await transact(ctx, storeId, async (w) => {
    const before = await findUserById(w.trx, input.id)
    if (!before) throw notFound('User')
    guardOwnerAccounts(ctx, input.role === 'owner')
    // Renaming or demoting a peer is acting on their account as much as resetting their PIN.
    guardActingOn(ctx.user, before)
    // Only a change of what they may do: the Edit dialog sends the role and ticks as they are
    // with a new name, and a user manager renaming themselves was refused as changing them.
    const overrides = input.permissionOverrides ?? knownOverrides(before.permission_overrides)
    if (changesAccess(before, input.role ?? before.role, overrides)) {
      guardGrantedPermissions(ctx, { id: before.id, role: input.role ?? before.role, overrides })
    }
    // Keys a newer store set and this app does not know stay (users/overrides.ts).
    if (input.permissionOverrides !== undefined) patch.permission_overrides = keepingUnknown(before.permission_overrides, input.permissionOverrides)
    const demoted = before.role === 'owner' && input.role !== undefined && input.role !== 'owner'
    await guardLastOwner(w.trx, before, demoted)
    if (input.displayName !== undefined) await guardDisplayName(w.trx, input.displayName, before.id)
    return updateUser(w, input.id, demoted && before.recovery_key_hash ? { ...patch, ...NO_RECOVERY_KEY } : patch)
  })
  return shown(ctx, after!)
}

async function replaceSecret(ctx: CommandContext, id: string, field: 'password_hash' | 'pin_hash', secret: string) {
  const storeId = requireStoreId(ctx)
  // Before the hash: refused, it is work for nothing.
  guardResetting(ctx.user, id)
  const hash = await hashSecret(secret, ctx.kdf)
  await transact(ctx, storeId, async (w) => {
    const before = await findUserById(w.trx, id)
    if (!before) throw notFound('User')
    guardActingOn(ctx.user, before)
    await updateUser(w, id, { [field]: hash })
  })
  // Whoever signed in with the old secret is signed out (never the one resetting: it is not their own, acting.ts).
  ctx.sessions.signOutUser(id)
  return {}
}

export function resetPassword(ctx: CommandContext, input: ParsedInput<'users:resetPassword'>) {
  return replaceSecret(ctx, input.id, 'password_hash', input.password)
}

export function resetPin(ctx: CommandContext, input: ParsedInput<'users:resetPin'>) {
  return replaceSecret(ctx, input.id, 'pin_hash', input.pin)
}

export async function setActive(ctx: CommandContext, input: ParsedInput<'users:setActive'>): Promise<User> {
  const storeId = requireStoreId(ctx)
  const after = await transact(ctx, storeId, async (w) => {
    const before = await findUserById(w.trx, input.id)
    if (!before) throw notFound('User')
    guardActingOn(ctx.user, before)
    await guardLastOwner(w.trx, before, !input.active)
    if (!input.active) guardDeactivating(ctx.user, before)
    return updateUser(w, input.id, !input.active && before.recovery_key_hash ? { active: false, ...NO_RECOVERY_KEY } : { active: input.active })
  })
  if (!input.active) ctx.sessions.signOutUser(input.id)
  return shown(ctx, after!)
}
