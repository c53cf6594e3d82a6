import { PERMISSIONS, ROLE_DEFAULT_PERMISSIONS, type Permission, type Role } from '../../contract/permissions'
import type { PermissionOverrides } from '../../contract/users'

/**
 * A user's permissions: the role's defaults with the user's overrides applied. Owners always
 * hold every permission, so no override can lock the store out of its own settings.
 */
export function effectivePermissions(role: Role, overrides: PermissionOverrides): Permission[] {
  if (role === 'owner') return [...PERMISSIONS]
  const defaults = new Set(ROLE_DEFAULT_PERMISSIONS[role])
  return PERMISSIONS.filter((permission) => overrides[permission] ?? defaults.has(permission))
}
