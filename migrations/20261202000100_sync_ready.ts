import { createHash, randomUUID } from 'node:crypto'
import type { Knex } from 'knex'
import { v7 as uuidv7 } from 'uuid'

/**
 * The sync-ready core (issue 9).
 *
 * - `change_log` becomes a replayable history: a local sequence (the push cursor), an entry
 *   id, a transaction id and size (the entries of one command apply together), an operation
 *   (insert, update, append, add, remove, erase, snapshot), one JSON value, and the schema
 *   version. Old entries stay as `legacy` (history only, never sent); every existing synced row
 *   gets one `snapshot` entry holding it whole, so another store can build it.
 * - A customer's stores and assigned staff become join rows (`customer_stores`,
 *   `customer_staff`) that merge element by element; the JSON columns stay as caches.
 * - Photos become content-addressed blobs; `customer_photos.photo_hash` points at one.
 * - A username or gift card number taken at two stores is settled by `customer_claims`, not
 *   by a unique index that would make applying another store's entries fail. Staff usernames
 *   are unique per store.
 * - `sync_inbox` parks entries that cannot apply yet; `sync_conflicts` lists what staff must settle.
 *
 * Runs outside a transaction: it drops columns (a table rebuild).
 */
export const config = { transaction: false }

const SCHEMA_VERSION = 2

/** Synced columns per table at this version (the sync spec's, frozen here: migrations never change). */
const SNAPSHOT_TABLES: Record<string, { op: 'snapshot'; columns: string[] }> = {
  stores: {
    op: 'snapshot',
    columns: ['name', 'currency', 'time_zone', 'country', 'medical_shop', 'loyalty_points_per_unit', 'loyalty_value_per_point_minor', 'auto_checkout_at_day_start', 'receipt_prefix', 'created_at'],
  },
  users: {
    op: 'snapshot',
    columns: ['store_id', 'username', 'display_name', 'role', 'password_hash', 'pin_hash', 'permission_overrides', 'active', 'created_at'],
  },
  tax_rates: { op: 'snapshot', columns: ['store_id', 'name', 'rate_millipercent', 'active', 'created_at'] },
  customers: {
    op: 'snapshot',
    columns: [
      'store_id', 'customer_number', 'first_name', 'last_name', 'nickname', 'phone', 'sms_opt_in', 'email', 'email_opt_in', 'gender',
      'date_of_birth', 'nationality', 'anniversary', 'gate_code', 'id_number', 'customer_type', 'notes', 'username', 'password_hash',
      'loyalty_enrolled', 'gift_card_number', 'address_line1', 'address_line2', 'city', 'state', 'zip', 'country',
      'drivers_license_number', 'drivers_license_state', 'drivers_license_expiry', 'medical_number', 'medical_expiry', 'active',
      'erased_at', 'created_at',
    ],
  },
}

/** Hybrid-logical-clock stamps after the largest stored one, by this install's node id. */
function stampsAfter(latest: string | null, node: string, wallNow: number) {
  const match = latest ? /^(\d{15})-(\d{6})-/.exec(latest) : null
  let wall = Math.max(match ? Number(match[1]) : 0, wallNow)
  let counter = match && Number(match[1]) >= wallNow ? Number(match[2]) : -1
  return () => {
    counter += 1
    if (counter > 999_999) {
      wall += 1
      counter = 0
    }
    return `${String(wall).padStart(15, '0')}-${String(counter).padStart(6, '0')}-${node}`
  }
}

async function rebuildChangeLog(knex: Knex): Promise<void> {
  await knex.raw('ALTER TABLE change_log RENAME TO change_log_v1')
  await knex.raw('DROP INDEX IF EXISTS change_log_table_name_row_id_hlc_index')
  await knex.raw('DROP INDEX IF EXISTS change_log_hlc_index')
  await knex.raw(`
    CREATE TABLE change_log (
      seq INTEGER PRIMARY KEY AUTOINCREMENT,
      id TEXT NOT NULL UNIQUE,
      tx TEXT NOT NULL,
      tx_size INTEGER NOT NULL,
      op TEXT NOT NULL CHECK (op IN ('insert', 'update', 'append', 'add', 'remove', 'erase', 'snapshot', 'legacy')),
      table_name TEXT NOT NULL,
      row_id TEXT NOT NULL,
      field TEXT,
      value TEXT,
      old_value TEXT,
      hlc TEXT NOT NULL,
      store_id TEXT NOT NULL,
      user_id TEXT,
      created_at TEXT NOT NULL,
      schema_version INTEGER NOT NULL
    )`)
  // A row's history, and the latest write of one field (last writer wins), from one index.
  await knex.raw('CREATE INDEX change_log_by_row ON change_log (row_id, table_name, field, hlc)')
  // Old entries: kept for the change-history tab, never sent to another store.
  await knex.raw(`
    INSERT INTO change_log (id, tx, tx_size, op, table_name, row_id, field, value, old_value, hlc, store_id, user_id, created_at, schema_version)
    SELECT id, id, 1, 'legacy', table_name, row_id, field, new_value, old_value, hlc, store_id, user_id, created_at, 1
    FROM change_log_v1 ORDER BY hlc, id`)
  await knex.raw('DROP TABLE change_log_v1')
}

async function createJoinTables(knex: Knex): Promise<void> {
  await knex.raw(`
    CREATE TABLE customer_stores (
      customer_id TEXT NOT NULL REFERENCES customers (id) ON DELETE CASCADE,
      store_id TEXT NOT NULL,
      hlc TEXT NOT NULL,
      PRIMARY KEY (customer_id, store_id)
    ) WITHOUT ROWID`)
  await knex.raw(`
    CREATE TABLE customer_staff (
      customer_id TEXT NOT NULL REFERENCES customers (id) ON DELETE CASCADE,
      user_id TEXT NOT NULL,
      hlc TEXT NOT NULL,
      PRIMARY KEY (customer_id, user_id)
    ) WITHOUT ROWID`)
}

async function createSyncTables(knex: Knex): Promise<void> {
  await knex.raw(`
    CREATE TABLE blobs (
      hash TEXT PRIMARY KEY,
      mime TEXT NOT NULL,
      data BLOB NOT NULL,
      created_at TEXT NOT NULL
    )`)
  await knex.raw(`
    CREATE TABLE customer_claims (
      kind TEXT NOT NULL CHECK (kind IN ('username', 'gift_card')),
      customer_id TEXT NOT NULL,
      value_key TEXT NOT NULL,
      value TEXT NOT NULL,
      hlc TEXT NOT NULL,
      entry_id TEXT NOT NULL,
      PRIMARY KEY (kind, customer_id)
    ) WITHOUT ROWID`)
  await knex.raw('CREATE INDEX customer_claims_by_value ON customer_claims (kind, value_key)')
  await knex.raw(`
    CREATE TABLE sync_inbox (
      id TEXT PRIMARY KEY,
      tx TEXT NOT NULL,
      reason TEXT NOT NULL,
      entry TEXT NOT NULL,
      received_at TEXT NOT NULL
    )`)
  await knex.raw('CREATE INDEX sync_inbox_by_tx ON sync_inbox (tx)')
  // Units that lost some of their entries to an erase (a sale's points) and kept others (its receipt).
  await knex.raw('CREATE TABLE erased_units (tx TEXT PRIMARY KEY, removed INTEGER NOT NULL) WITHOUT ROWID')
  await knex.raw(`
    CREATE TABLE sync_conflicts (
      id TEXT PRIMARY KEY,
      kind TEXT NOT NULL,
      value TEXT NOT NULL,
      winner_id TEXT NOT NULL,
      loser_id TEXT NOT NULL,
      created_at TEXT NOT NULL,
      resolved_at TEXT,
      UNIQUE (kind, loser_id)
    )`)
}

type Row = Record<string, unknown>

/** Moves the JSON lists, photos and unique values into their new homes. */
async function moveCustomerData(knex: Knex, stamp: () => string, now: string): Promise<void> {
  const customers: Row[] = await knex('customers').select('id', 'store_ids', 'assigned_staff_ids', 'username', 'gift_card_number')
  for (const c of customers) {
    const stores = JSON.parse(String(c.store_ids)) as string[]
    const staff = JSON.parse(String(c.assigned_staff_ids)) as string[]
    for (const storeId of stores) await knex('customer_stores').insert({ customer_id: c.id, store_id: storeId, hlc: stamp() })
    for (const userId of staff) await knex('customer_staff').insert({ customer_id: c.id, user_id: userId, hlc: stamp() })
    for (const [kind, value] of [['username', c.username], ['gift_card', c.gift_card_number]] as const) {
      if (typeof value !== 'string') continue
      await knex('customer_claims').insert({ kind, customer_id: c.id, value_key: value.toLowerCase(), value, hlc: stamp(), entry_id: `migrated-${c.id}` })
    }
  }
  await knex.raw('ALTER TABLE customer_photos ADD COLUMN photo_hash TEXT')
  const photos: Row[] = await knex('customer_photos').select('id', 'photo').whereNotNull('photo')
  for (const p of photos) {
    const match = /^data:(image\/[a-z]+);base64,(.*)$/s.exec(String(p.photo))
    if (!match) continue
    const data = Buffer.from(match[2], 'base64')
    const hash = createHash('sha256').update(data).digest('hex')
    await knex.raw('INSERT OR IGNORE INTO blobs (hash, mime, data, created_at) VALUES (?, ?, ?, ?)', [hash, match[1], data, now])
    await knex('customer_photos').where({ id: p.id }).update({ photo_hash: hash })
  }
  await knex.raw('ALTER TABLE customer_photos DROP COLUMN photo')
  // Unique values are settled by claims now, so another store's entries can never fail to apply.
  await knex.raw('DROP INDEX customers_username')
  await knex.raw('CREATE INDEX customers_by_username ON customers (username) WHERE username IS NOT NULL')
  await knex.raw('DROP INDEX users_username_unique')
  await knex.raw('CREATE UNIQUE INDEX users_store_username ON users (store_id, username COLLATE NOCASE)')
  await knex.raw('CREATE INDEX users_by_username ON users (username COLLATE NOCASE)')
}

/** One `snapshot` entry per existing synced row: what another store needs to build it. */
async function snapshotExistingRows(knex: Knex, stamp: () => string, now: string): Promise<void> {
  const storeRow = await knex('meta').where({ key: 'local_store_id' }).first()
  if (!storeRow) return
  const storeId = String(storeRow.value)
  const entries: Row[] = []
  const entry = (table: string, rowId: string, op: string, value: unknown, field: string | null = null) => {
    const id = uuidv7()
    entries.push({ id, tx: id, tx_size: 1, op, table_name: table, row_id: rowId, field, value: JSON.stringify(value), old_value: null, hlc: stamp(), store_id: storeId, user_id: null, created_at: now, schema_version: SCHEMA_VERSION })
  }
  for (const [table, { columns }] of Object.entries(SNAPSHOT_TABLES)) {
    const rows: Row[] = await knex(table).select('id', ...columns)
    for (const row of rows) {
      if (table === 'customers' && row.erased_at) {
        // An erased customer travels as its erase: a tombstone, no personal value.
        const { store_id, customer_number, created_at, erased_at } = row
        entry(table, String(row.id), 'erase', { store_id, customer_number, created_at, erased_at })
        continue
      }
      const value = Object.fromEntries(columns.filter((c) => row[c] !== null).map((c) => [c, row[c]]))
      entry(table, String(row.id), 'snapshot', value)
    }
  }
  for (const m of await knex('customer_stores')) entry('customer_stores', m.customer_id, 'add', null, m.store_id)
  for (const m of await knex('customer_staff')) entry('customer_staff', m.customer_id, 'add', null, m.user_id)
  for (const p of await knex('customer_photos').whereNotNull('photo_hash')) entry('customer_photos', p.id, 'snapshot', { photo_hash: p.photo_hash })
  for (const table of ['flag_events', 'loyalty_ledger', 'feedback']) {
    for (const row of await knex(table)) entry(table, row.id, 'append', row)
  }
  for (const receipt of await knex('receipts')) {
    const items = await knex('receipt_items').where({ receipt_id: receipt.id }).orderBy('position')
    const payments = await knex('receipt_payments').where({ receipt_id: receipt.id }).orderBy('position')
    entry('receipts', receipt.id, 'append', { ...receipt, receipt_items: items, receipt_payments: payments })
  }
  for (let i = 0; i < entries.length; i += 500) await knex('change_log').insert(entries.slice(i, i + 500))
}

export async function up(knex: Knex): Promise<void> {
  await knex.raw('PRAGMA foreign_keys = OFF')
  try {
    await knex.transaction(async (trx) => {
      const latest = (await trx('change_log').max<{ hlc: string | null }>({ hlc: 'hlc' }).first())?.hlc ?? null
      const node = String((await trx('meta').where({ key: 'node_id' }).first())?.value ?? randomUUID())
      const now = new Date().toISOString()
      const stamp = stampsAfter(latest, node, Date.now())
      await rebuildChangeLog(trx)
      await createJoinTables(trx)
      await createSyncTables(trx)
      await moveCustomerData(trx, stamp, now)
      await snapshotExistingRows(trx, stamp, now)
      const broken = await trx.raw('PRAGMA foreign_key_check')
      if (broken.length) throw new Error(`sync_ready migration broke ${broken.length} foreign keys`)
    })
  } finally {
    await knex.raw('PRAGMA foreign_keys = ON')
  }
}

export async function down(): Promise<void> {
  throw new Error('The sync-ready migration cannot be undone: restore the backup taken before it')
}
