import { PERMISSIONS, type Permission } from '../../contract/permissions'
import type { PermissionOverrides } from '../../contract/users'
import { SYNC_BOUNDS, withinBound } from '../sync/bounds'

/**
 * A user's permission overrides as stored: JSON of permission → true (granted) or false
 * (withheld). A newer store may sync keys this app does not know (a permission added after
 * this version; sync/bounds.ts lets them in on purpose). This store answers and checks only
 * the keys it knows: one unknown key once made `users:list` answer INTERNAL (the contract's
 * output names every permission). The unknown keys stay in the row, and stay when this store
 * writes the overrides again, so saving a user here does not undo what the newer store set.
 */
function stored(text: string | null): Record<string, unknown> {
  try {
    const parsed: unknown = JSON.parse(text ?? '{}')
    return parsed !== null && typeof parsed === 'object' && !Array.isArray(parsed) ? (parsed as Record<string, unknown>) : {}
  } catch {
    return {}
  }
}

const isKnown = (key: string): key is Permission => (PERMISSIONS as readonly string[]).includes(key)

/** The overrides this app knows, each true or false; anything else is left out. */
export function knownOverrides(text: string | null): PermissionOverrides {
  return Object.fromEntries(Object.entries(stored(text)).filter(([key, value]) => isKnown(key) && typeof value === 'boolean')) as PermissionOverrides
}

/**
 * The JSON to store for `overrides` typed here, keeping the keys of `before` this app does not
 * know. Should the two together pass the bound other stores check (they would refuse the
 * edit), the unknown keys go: this store's edit must travel.
 */
export function keepingUnknown(before: string | null, overrides: PermissionOverrides): string {
  const unknown = Object.entries(stored(before)).filter(([key, value]) => !isKnown(key) && typeof value === 'boolean')
  const mine = JSON.stringify(overrides)
  if (unknown.length === 0) return mine
  const both = JSON.stringify({ ...Object.fromEntries(unknown), ...overrides })
  return withinBound(SYNC_BOUNDS.users.permission_overrides, both) ? both : mine
}
