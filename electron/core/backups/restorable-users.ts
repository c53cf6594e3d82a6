import { ROLES, type Role } from '../../contract/permissions'
import { effectivePermissions } from '../auth/permissions'
import { knownOverrides } from '../users/overrides'
import { AppError } from '../errors'
import type { SqliteFile } from './sqlite-file'

/**
 * A restore signs everyone out, and only the backup's users can sign in again. A backup in
 * which no active user may back up and restore (no users at all, only inactive owners) would
 * lock the store out: the app would ask for a first setup, which then fails on the store the
 * backup holds. Such a backup is refused when it is inspected, before anything is replaced.
 */
export class NobodyCouldManage extends AppError {
  constructor() {
    super(
      'VALIDATION',
      'This backup holds no active user who may back up and restore (an owner): restored, nobody could sign in to manage the store. Choose another backup',
      { fields: { name: 'This backup holds no active owner' } },
    )
  }
}

interface UserRow {
  role: string
  permission_overrides: string | null
}

function mayManageBackups(user: UserRow): boolean {
  if (!ROLES.includes(user.role as Role)) return false
  return effectivePermissions(user.role as Role, knownOverrides(user.permission_overrides)).includes('manage_backups')
}

/** Throws NobodyCouldManage unless an active user of the copy holds manage_backups. */
export async function requireSomeoneWhoMayRestore(copy: SqliteFile): Promise<void> {
  const users = await copy.all<UserRow>('SELECT role, permission_overrides FROM users WHERE active')
  if (!users.some(mayManageBackups)) throw new NobodyCouldManage()
}
