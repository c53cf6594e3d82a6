/**
 * The sync spec: for every table whose rows travel between the owner's stores, which columns
 * travel (synced), which are this database's own (local: computed again by every store, or
 * never meaningful elsewhere), and how concurrent writes merge. The tracked writer
 * (db/changelog.ts) and the applier (sync/apply.ts) both read it; a test fails when a table
 * gains a column that is in neither list. The merge rules are written out in sync/README.md.
 */

/** Plain rows: inserted whole once, then each field merges by last writer wins on (HLC, entry id). */
export interface RowTable {
  kind: 'row'
  synced: readonly string[]
  local: readonly string[]
  /** Columns that point at rows that must exist before this one can be written. */
  parents?: Readonly<Record<string, string>>
  /** Sets whose first members travel inside the insert entry, under the set table's name. */
  sets?: readonly string[]
}

/** Rows written once and never changed: inserted if absent. Children travel inside their parent's entry. */
export interface AppendTable {
  kind: 'append'
  synced: readonly string[]
  local: readonly string[]
  parents: Readonly<Record<string, string>>
  /** Child tables written with the row, in the same entry, under the child table's name. */
  children?: readonly string[]
  /** The column naming the customer the row is about: erased customers take no new rows. */
  customerColumn?: string
  /** Or the row it hangs on that names the customer (an email request of a receipt). */
  customerVia?: { column: string; table: string }
}

/** Rows that only ever exist inside their parent's entry. */
export interface ChildTable {
  kind: 'child'
  parent: string
  /** The column holding the parent's id. */
  parentColumn: string
  synced: readonly string[]
  local: readonly string[]
  /** Other rows the child points at, which must exist before its parent's entry applies. */
  parents?: Readonly<Record<string, string>>
}

/** A set of (owner, member) pairs: each pair is added or removed on its own, last writer wins per pair. */
export interface SetTable {
  kind: 'set'
  ownerColumn: string
  memberColumn: string
  /** The table the owner id is a row of. */
  owner: string
  local: readonly string[]
}

export type TableSpec = RowTable | AppendTable | ChildTable | SetTable

const CUSTOMER_FIELDS = [
  'first_name',
  'last_name',
  'nickname',
  'phone',
  'sms_opt_in',
  'email',
  'email_opt_in',
  'gender',
  'date_of_birth',
  'nationality',
  'anniversary',
  'gate_code',
  'id_number',
  'customer_type',
  'notes',
  'username',
  'password_hash',
  'loyalty_enrolled',
  'gift_card_number',
  'address_line1',
  'address_line2',
  'city',
  'state',
  'zip',
  'country',
  'drivers_license_number',
  'drivers_license_state',
  'drivers_license_expiry',
  'medical_number',
  'medical_expiry',
] as const

export const SYNC_SPEC = {
  stores: {
    kind: 'row',
    synced: [
      'name',
      'currency',
      'time_zone',
      'country',
      'medical_shop',
      'loyalty_points_per_unit',
      'loyalty_value_per_point_minor',
      'auto_checkout_at_day_start',
      'receipt_prefix',
      'locale',
      'loyalty_enroll_by_default',
      'address',
      // The screen-lock rule (migration 20261202200000), a store setting like the others.
      'lock_idle_minutes',
      'lock_pin_unlock',
      'created_at',
    ],
    local: ['updated_at'],
  },
  users: {
    kind: 'row',
    // Password and PIN hashes travel as hashes: an owner signs in at any of their stores; so
    // does an owner's recovery key hash (auth/recovery.ts), which sets a new password.
    synced: [
      'store_id',
      'username',
      'display_name',
      'role',
      'password_hash',
      'pin_hash',
      'permission_overrides',
      'active',
      'created_at',
      'recovery_key_hash',
      'recovery_key_made_at',
    ],
    local: ['updated_at'],
    parents: { store_id: 'stores' },
  },
  tax_rates: {
    kind: 'row',
    synced: ['store_id', 'name', 'rate_millipercent', 'active', 'created_at'],
    local: ['updated_at'],
    parents: { store_id: 'stores' },
  },
  customers: {
    kind: 'row',
    // merged_into: set by a merge (customers/merge), a plain field; every store moves the merged
    // customer's history to the survivor when it applies it (customers/merge/settle.ts).
    synced: ['store_id', 'customer_number', ...CUSTOMER_FIELDS, 'active', 'created_at', 'merged_into'],
    local: [
      'local_rowid',
      'updated_at',
      // Derived from the fields by every store.
      'name_key',
      'last_key',
      'nickname_key',
      'search_text',
      // Caches of the ledger, the flag events and the join tables.
      'loyalty_points',
      'last_loyalty_reason',
      'flagged',
      'flag_reason',
      'store_ids',
      'assigned_staff_ids',
      // Set only by an erase entry.
      'erased_at',
      // The search words of the customers merged into this one (customers/merge/settle.ts).
      'merged_text',
    ],
    sets: ['customer_stores', 'customer_staff'],
  },
  customer_photos: {
    kind: 'row',
    synced: ['photo_hash'],
    local: ['thumbnail', 'updated_at'],
    parents: { id: 'customers' },
  },
  customer_stores: { kind: 'set', owner: 'customers', ownerColumn: 'customer_id', memberColumn: 'store_id', local: ['hlc'] },
  customer_staff: { kind: 'set', owner: 'customers', ownerColumn: 'customer_id', memberColumn: 'user_id', local: ['hlc'] },
  flag_events: {
    kind: 'append',
    synced: ['customer_id', 'action', 'reason', 'user_id', 'store_id', 'hlc', 'created_at'],
    local: ['merged_from'],
    parents: { customer_id: 'customers', user_id: 'users' },
    customerColumn: 'customer_id',
  },
  loyalty_ledger: {
    kind: 'append',
    synced: ['store_id', 'customer_id', 'kind', 'points', 'reason', 'receipt_id', 'user_id', 'approver_id', 'created_at', 'hlc'],
    local: ['merged_from'],
    parents: { store_id: 'stores', customer_id: 'customers', receipt_id: 'receipts', user_id: 'users', approver_id: 'users' },
    customerColumn: 'customer_id',
  },
  feedback: {
    kind: 'append',
    synced: ['store_id', 'customer_id', 'receipt_id', 'sentiment', 'comment', 'user_id', 'created_at', 'local_date'],
    local: ['merged_from'],
    parents: { store_id: 'stores', customer_id: 'customers', receipt_id: 'receipts', user_id: 'users' },
    customerColumn: 'customer_id',
  },
  receipts: {
    kind: 'append',
    synced: [
      'store_id',
      'seq',
      'number',
      'kind',
      'voids_receipt_id',
      'void_reason',
      'customer_id',
      'user_id',
      'created_at',
      'local_date',
      'currency',
      'subtotal_minor',
      'tax_minor',
      'total_minor',
      'paid_minor',
      'change_minor',
      'loyalty_points',
    ],
    local: ['merged_from'],
    parents: { store_id: 'stores', voids_receipt_id: 'receipts', customer_id: 'customers', user_id: 'users' },
    children: ['receipt_items', 'receipt_payments'],
  },
  receipt_items: {
    kind: 'child',
    parent: 'receipts',
    parentColumn: 'receipt_id',
    synced: [
      'receipt_id',
      'position',
      'name',
      'quantity',
      'unit_price_minor',
      'line_subtotal_minor',
      'tax_rate_id',
      'tax_rate_name',
      'tax_rate_millipercent',
      'tax_minor',
      'line_total_minor',
    ],
    local: [],
    parents: { tax_rate_id: 'tax_rates' },
  },
  // A request to email a receipt (the receipt's history); the message itself is the local outbox's.
  receipt_emails: {
    kind: 'append',
    synced: ['receipt_id', 'store_id', 'recipient', 'user_id', 'created_at'],
    local: [],
    parents: { receipt_id: 'receipts', store_id: 'stores', user_id: 'users' },
    // The address a receipt went to is about the receipt's customer: erasing them drops it everywhere.
    customerVia: { column: 'receipt_id', table: 'receipts' },
  },
  receipt_payments: {
    kind: 'child',
    parent: 'receipts',
    parentColumn: 'receipt_id',
    synced: ['receipt_id', 'position', 'method', 'amount_minor', 'reference', 'points'],
    local: [],
  },
  // Visits, deals and appointments: rows written once, changes as further rows, the state
  // settled by every store from them (visits/caches.ts); see sync/README.md.
  deals: {
    kind: 'append',
    synced: ['store_id', 'customer_id', 'created_by', 'created_at'],
    local: ['status', 'assigned_user_id', 'status_note', 'status_at', 'sold_at', 'delivered_at', 'lost_at', 'merged_from'],
    parents: { store_id: 'stores', customer_id: 'customers', created_by: 'users' },
    customerColumn: 'customer_id',
  },
  deal_events: {
    kind: 'append',
    synced: ['deal_id', 'customer_id', 'store_id', 'status', 'assigned_user_id', 'note', 'user_id', 'hlc', 'created_at'],
    local: ['merged_from'],
    parents: { deal_id: 'deals', customer_id: 'customers', store_id: 'stores', assigned_user_id: 'users', user_id: 'users' },
    customerColumn: 'customer_id',
  },
  visits: {
    kind: 'append',
    synced: ['store_id', 'customer_id', 'deal_id', 'return_visit', 'checked_in_by', 'checked_in_at', 'local_date', 'hlc'],
    local: ['open', 'merged_into', 'checked_out_at', 'checked_out_by', 'checkout_kind', 'checkout_hlc', 'final_deal_id', 'merged_from'],
    parents: { store_id: 'stores', customer_id: 'customers', deal_id: 'deals', checked_in_by: 'users' },
    customerColumn: 'customer_id',
  },
  visit_checkouts: {
    kind: 'append',
    synced: ['visit_id', 'customer_id', 'store_id', 'deal_id', 'kind', 'checked_out_at', 'user_id', 'hlc', 'created_at'],
    local: ['merged_from'],
    parents: { visit_id: 'visits', customer_id: 'customers', store_id: 'stores', deal_id: 'deals', user_id: 'users' },
    customerColumn: 'customer_id',
  },
  appointments: {
    kind: 'append',
    synced: ['store_id', 'customer_id', 'created_by', 'created_at'],
    local: ['local_start', 'local_date', 'staff_id', 'note', 'status', 'merged_from'],
    parents: { store_id: 'stores', customer_id: 'customers', created_by: 'users' },
    customerColumn: 'customer_id',
  },
  appointment_events: {
    kind: 'append',
    synced: ['appointment_id', 'customer_id', 'store_id', 'local_start', 'staff_id', 'note', 'status', 'user_id', 'hlc', 'created_at'],
    local: ['merged_from'],
    parents: { appointment_id: 'appointments', customer_id: 'customers', store_id: 'stores', staff_id: 'users', user_id: 'users' },
    customerColumn: 'customer_id',
  },
} as const satisfies Record<string, TableSpec>

export type SyncedTable = keyof typeof SYNC_SPEC

export function isSyncedTable(table: string): table is SyncedTable {
  return Object.prototype.hasOwnProperty.call(SYNC_SPEC, table)
}

export function specOf(table: string): TableSpec {
  if (!isSyncedTable(table)) throw new Error(`${table} is not a synced table: add it to sync/spec.ts`)
  return SYNC_SPEC[table]
}

/** Every table a row of this table points at, by column: its foreign keys. */
export function parentsOf(spec: TableSpec): Record<string, string> {
  if (spec.kind === 'set') return { [spec.ownerColumn]: spec.owner }
  if (spec.kind === 'child') return { [spec.parentColumn]: spec.parent, ...(spec.parents ?? {}) }
  return { ...(spec.parents ?? {}) }
}

/**
 * The synced tables, each after every table it points at: a batch writes its tables in this
 * order, so a row goes in after its parents whatever order the entries came in.
 */
export const TABLE_ORDER: readonly SyncedTable[] = (() => {
  const order: SyncedTable[] = []
  const visit = (table: SyncedTable) => {
    if (order.includes(table)) return
    // A table pointing at itself (a void's receipt) is written in one statement, checked at its end.
    for (const parent of Object.values(parentsOf(SYNC_SPEC[table]))) if (parent !== table && isSyncedTable(parent)) visit(parent)
    order.push(table)
  }
  for (const table of Object.keys(SYNC_SPEC) as SyncedTable[]) visit(table)
  return order
})()

/**
 * The version of the entry format and of the spec; a store parks entries of a newer one until it
 * is updated. 3: payments by loyalty points (a payment method, a ledger kind and a payment's
 * `points` an older store's bounds would refuse, losing the sale there). 4: owners' recovery
 * keys (two columns of `users` an older store skipped, so once updated it had no key there).
 */
export const SCHEMA_VERSION = 4

/** Operations an entry can carry. `legacy` entries predate sync: history only, never sent. */
export const OPERATIONS = ['insert', 'update', 'append', 'add', 'remove', 'erase', 'snapshot', 'legacy'] as const
export type Operation = (typeof OPERATIONS)[number]
