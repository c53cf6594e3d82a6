import type { ParsedInput } from '../../contract'
import { PERMISSION_LABELS, type Role } from '../../contract/permissions'
import type { PermissionOverrides, User } from '../../contract/users'
import { effectivePermissions } from '../auth/permissions'
import { hashSecret } from '../auth/kdf'
import { NO_RECOVERY_KEY } from '../auth/recovery-key'
import { requireStoreId, transact, type CommandContext } from '../context'
import { AppError, fieldError, notFound } from '../errors'
import { newId } from '../ids'
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

const LAST_OWNER = 'The store must keep at least one active owner'

/**
 * "Manage users" may be granted to a manager; it must not become a way to take the store
 * over. Creating an owner, promoting to owner, or changing an owner's account is an owner's act.
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

/**
 * Acting on someone's account (editing their name, role or permissions, resetting their
 * password or PIN, deactivating or reactivating them) takes every permission they hold, owners aside: otherwise a user manager could reset a
 * manager's PIN, sign in as them, and do what they may not. Your own account is yours.
 */
function guardActingOn(ctx: CommandContext, target: UserRow): void {
  if (!ctx.user || ctx.user.role === 'owner' || target.id === ctx.user.id) return
  const held = new Set(ctx.user.permissions)
  const beyond = toUser(target).permissions.filter((p) => !held.has(p))
  if (beyond.length) {
    throw new AppError(
      'FORBIDDEN',
      `${target.display_name} holds permissions you do not (${beyond.map((p) => PERMISSION_LABELS[p]).join(', ')}): ask an owner`,
    )
  }
}

export async function list(ctx: CommandContext): Promise<User[]> {
  const rows = await listUsers(ctx.db)
  const kept = await keptAsOwner(ctx.db, rows.map((row) => row.id))
  return rows.map((row) => toUser(row, kept.get(row.id) ?? null))
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
    guardOwnerAccounts(ctx, before.role === 'owner' || input.role === 'owner')
    // Renaming or demoting a peer is acting on their account as much as resetting their PIN.
    guardActingOn(ctx, before)
    if (input.role !== undefined || input.permissionOverrides !== undefined) {
      const overrides = input.permissionOverrides ?? knownOverrides(before.permission_overrides)
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
  const hash = await hashSecret(secret, ctx.kdf)
  await transact(ctx, storeId, async (w) => {
    const before = await findUserById(w.trx, id)
    if (!before) throw notFound('User')
    guardOwnerAccounts(ctx, before.role === 'owner')
    guardActingOn(ctx, before)
    await updateUser(w, id, { [field]: hash })
  })
  // Whoever signed in with the old secret is signed out; the user resetting their own stays.
  ctx.sessions.signOutUser(id, { except: ctx.sessionKey })
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
    guardOwnerAccounts(ctx, before.role === 'owner')
    guardActingOn(ctx, before)
    await guardLastOwner(w.trx, before, !input.active)
    return updateUser(w, input.id, !input.active && before.recovery_key_hash ? { active: false, ...NO_RECOVERY_KEY } : { active: input.active })
  })
  if (!input.active) ctx.sessions.signOutUser(input.id)
  return shown(ctx, after!)
}
