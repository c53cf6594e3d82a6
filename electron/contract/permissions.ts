export const PERMISSIONS = [
  'check_out',
  'see_all_deals',
  'flag_customers',
  'adjust_loyalty',
  'delete_customers',
  'erase_history',
  'export_data',
  'import_customers',
  'void_receipts',
  'manage_users',
  'manage_settings',
  'manage_backups',
  'merge_customers',
  'resolve_conflicts',
] as const
export type Permission = (typeof PERMISSIONS)[number]

export const PERMISSION_LABELS: Record<Permission, string> = {
  check_out: 'Check customers out',
  see_all_deals: 'See all deals',
  flag_customers: 'Flag and un-flag customers',
  adjust_loyalty: 'Adjust loyalty points',
  delete_customers: 'Delete (inactivate) customers',
  erase_history: 'Erase customer history',
  export_data: 'Export customer lists',
  import_customers: 'Import customers',
  void_receipts: 'Void receipts',
  manage_users: 'Manage users',
  manage_settings: 'Manage settings',
  // Not part of settings: a backup carries every customer's data and every user's password
  // hash off the PC, and a restore replaces everything, so the owner grants it on its own.
  manage_backups: 'Back up and restore the store data',
  merge_customers: 'Merge customers',
  resolve_conflicts: 'Resolve sync conflicts',
}

export const ROLES = ['owner', 'manager', 'staff'] as const
export type Role = (typeof ROLES)[number]

export const ROLE_LABELS: Record<Role, string> = { owner: 'Owner', manager: 'Manager', staff: 'Staff' }

/** What each role can do before an owner turns single permissions on or off for one user. */
export const ROLE_DEFAULT_PERMISSIONS: Record<Role, readonly Permission[]> = {
  owner: PERMISSIONS,
  manager: ['check_out', 'see_all_deals', 'flag_customers', 'adjust_loyalty', 'delete_customers', 'export_data', 'import_customers', 'void_receipts', 'merge_customers', 'resolve_conflicts'],
  staff: [],
}
