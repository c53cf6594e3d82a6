import type { Knex } from 'knex'
import type { Role } from '../../contract/permissions'
import type { User } from '../../contract/users'
import { insertTracked, updateTracked, type Writer } from '../db/changelog'
import { effectivePermissions } from '../auth/permissions'
import { knownOverrides } from './overrides'

export interface UserRow {
  id: string
  store_id: string
  username: string
  display_name: string
  role: Role
  password_hash: string
  pin_hash: string
  permission_overrides: string
  active: number | boolean
  created_at: string
  updated_at: string
  /** An owner's recovery key, hashed (auth/recovery.ts); null until one is made. */
  recovery_key_hash?: string | null
  recovery_key_made_at?: string | null
}

/** A user as commands answer them: only the permission overrides this app knows (users/overrides.ts). */
export function toUser(row: UserRow, keptAsOwnerAt: string | null = null): User {
  const overrides = knownOverrides(row.permission_overrides)
  return {
    id: row.id,
    username: row.username,
    displayName: row.display_name,
    role: row.role,
    active: Boolean(row.active),
    permissionOverrides: overrides,
    permissions: effectivePermissions(row.role, overrides),
    createdAt: row.created_at,
    keptAsOwnerAt,
  }
}

export function findUserById(db: Knex, id: string): Promise<UserRow | undefined> {
  return db<UserRow>('users').where({ id }).first()
}

export function findUserByUsername(db: Knex, username: string): Promise<UserRow | undefined> {
  return db<UserRow>('users').whereRaw('username = ? COLLATE NOCASE', [username]).first()
}

/**
 * Users of every store with this username, this store's first. A username is unique within
 * a store; two stores that each created one offline may share it (sign-in tells them apart by
 * password).
 */
export function findUsersByUsername(db: Knex, username: string, localStoreId: string | null): Promise<UserRow[]> {
  return db<UserRow>('users')
    .whereRaw('username = ? COLLATE NOCASE', [username])
    .orderByRaw('store_id = ? DESC, created_at, id', [localStoreId ?? ''])
    .limit(5)
}

export function listUsers(db: Knex): Promise<UserRow[]> {
  return db<UserRow>('users').orderBy([{ column: 'active', order: 'desc' }, 'display_name'])
}

export async function countUsers(db: Knex): Promise<number> {
  const row = await db('users').count<{ n: number }[]>({ n: '*' }).first()
  return Number(row?.n ?? 0)
}

export async function countActiveOwners(db: Knex): Promise<number> {
  const row = await db('users').where({ role: 'owner', active: true }).count<{ n: number }[]>({ n: '*' }).first()
  return Number(row?.n ?? 0)
}

export async function insertUser(w: Writer, row: UserRow): Promise<void> {
  await insertTracked(w, 'users', { ...row })
}

export async function updateUser(w: Writer, id: string, patch: Partial<UserRow>): Promise<UserRow | undefined> {
  return (await updateTracked(w, 'users', id, patch)) as UserRow | undefined
}
