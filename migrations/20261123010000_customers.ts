import type { Knex } from 'knex'

/**
 * Customers, their photos and their flag events, plus the store's country (phones typed
 * without a country code are read as numbers of that country).
 *
 * Column groups on `customers`:
 * - identity: `id` (UUIDv7, the customer everywhere, also in other stores), `store_id` (the
 *   store that created it) and `customer_number` (a human number, unique within that store);
 * - the form's fields, one column each (synced per field, last writer wins);
 * - derived columns (`name_key`, `last_key`, `nickname_key`, `search_text`): computed from the
 *   fields by core/customers/derived.ts on every write, never in the change log, so every
 *   store recomputes them;
 * - caches kept by their own modules from append-only rows, never in the change log:
 *   `loyalty_points`/`last_loyalty_reason` (the loyalty ledger's sum and its latest entry's
 *   reason), `flagged`/`flag_reason` (the latest flag event);
 * - `local_rowid`: SQLite's rowid, named so VACUUM cannot renumber it under the full-text
 *   index. It never leaves this database.
 */
export async function up(knex: Knex): Promise<void> {
  await knex.schema.alterTable('stores', (t) => {
    t.string('country', 2).notNullable().defaultTo('US')
  })

  await knex.raw(`
    CREATE TABLE customers (
      local_rowid INTEGER PRIMARY KEY,
      id TEXT NOT NULL UNIQUE,
      store_id TEXT NOT NULL,
      customer_number INTEGER NOT NULL,
      first_name TEXT NOT NULL,
      last_name TEXT,
      nickname TEXT,
      phone TEXT,
      sms_opt_in INTEGER NOT NULL DEFAULT 0,
      email TEXT COLLATE NOCASE,
      email_opt_in INTEGER NOT NULL DEFAULT 0,
      gender TEXT,
      date_of_birth TEXT,
      nationality TEXT,
      anniversary TEXT,
      gate_code TEXT,
      id_number TEXT,
      customer_type TEXT,
      notes TEXT,
      username TEXT COLLATE NOCASE,
      password_hash TEXT,
      assigned_staff_ids TEXT NOT NULL DEFAULT '[]',
      store_ids TEXT NOT NULL DEFAULT '[]',
      loyalty_enrolled INTEGER NOT NULL DEFAULT 0,
      gift_card_number TEXT COLLATE NOCASE,
      address_line1 TEXT,
      address_line2 TEXT,
      city TEXT,
      state TEXT,
      zip TEXT,
      country TEXT,
      drivers_license_number TEXT,
      drivers_license_state TEXT,
      drivers_license_expiry TEXT,
      medical_number TEXT,
      medical_expiry TEXT,
      active INTEGER NOT NULL DEFAULT 1,
      erased_at TEXT,
      created_at TEXT NOT NULL,
      updated_at TEXT NOT NULL,
      name_key TEXT NOT NULL,
      last_key TEXT,
      nickname_key TEXT,
      search_text TEXT NOT NULL DEFAULT '',
      loyalty_points INTEGER NOT NULL DEFAULT 0,
      last_loyalty_reason TEXT,
      flagged INTEGER NOT NULL DEFAULT 0,
      flag_reason TEXT
    )`)
  // Store ids are not foreign keys: a customer pulled from another store may arrive before
  // that store's row does.
  await knex.raw('CREATE UNIQUE INDEX customers_store_number ON customers (store_id, customer_number)')
  await knex.raw('CREATE UNIQUE INDEX customers_username ON customers (username) WHERE username IS NOT NULL')
  // One (sort key, id) index per sortable column: keyset paging walks them, never OFFSET.
  await knex.raw('CREATE INDEX customers_by_name ON customers (name_key, id)')
  await knex.raw('CREATE INDEX customers_by_email ON customers (email, id)')
  await knex.raw('CREATE INDEX customers_by_phone ON customers (phone, id)')
  await knex.raw('CREATE INDEX customers_by_loyalty ON customers (loyalty_points, id)')
  await knex.raw('CREATE INDEX customers_by_gift_card ON customers (gift_card_number, id)')
  await knex.raw('CREATE INDEX customers_by_created ON customers (created_at, id)')
  await knex.raw('CREATE INDEX customers_by_number ON customers (customer_number, id)')
  // Status + registration period: the default table view and its count, from the index alone.
  await knex.raw('CREATE INDEX customers_listing ON customers (active, created_at, id) WHERE erased_at IS NULL')
  // One- and two-letter searches match the start of these (and of name_key, email, username).
  await knex.raw('CREATE INDEX customers_by_last_key ON customers (last_key)')
  await knex.raw('CREATE INDEX customers_by_nickname_key ON customers (nickname_key) WHERE nickname_key IS NOT NULL')
  await knex.raw('CREATE INDEX customers_flagged ON customers (created_at) WHERE flagged = 1 AND erased_at IS NULL')

  // Substring search (three characters or more) over search_text, kept in step by triggers so
  // no writer (service, bulk import, sync) can forget it.
  await knex.raw(
    "CREATE VIRTUAL TABLE customer_search USING fts5(search_text, content='customers', content_rowid='local_rowid', tokenize='trigram')",
  )
  await knex.raw(`
    CREATE TRIGGER customers_search_insert AFTER INSERT ON customers BEGIN
      INSERT INTO customer_search (rowid, search_text) VALUES (new.local_rowid, new.search_text);
    END`)
  await knex.raw(`
    CREATE TRIGGER customers_search_delete AFTER DELETE ON customers BEGIN
      INSERT INTO customer_search (customer_search, rowid, search_text) VALUES ('delete', old.local_rowid, old.search_text);
    END`)
  await knex.raw(`
    CREATE TRIGGER customers_search_update AFTER UPDATE OF search_text ON customers BEGIN
      INSERT INTO customer_search (customer_search, rowid, search_text) VALUES ('delete', old.local_rowid, old.search_text);
      INSERT INTO customer_search (rowid, search_text) VALUES (new.local_rowid, new.search_text);
    END`)

  // One photo per customer; `id` is the customer's id. The change log records only that it changed.
  await knex.raw(`
    CREATE TABLE customer_photos (
      id TEXT PRIMARY KEY REFERENCES customers (id) ON DELETE CASCADE,
      photo TEXT,
      thumbnail TEXT,
      updated_at TEXT NOT NULL
    )`)

  // Append-only: the current flag state of a customer is its latest event by HLC.
  await knex.raw(`
    CREATE TABLE flag_events (
      id TEXT PRIMARY KEY,
      customer_id TEXT NOT NULL REFERENCES customers (id) ON DELETE CASCADE,
      action TEXT NOT NULL CHECK (action IN ('flagged', 'unflagged')),
      reason TEXT,
      user_id TEXT,
      store_id TEXT NOT NULL,
      hlc TEXT NOT NULL,
      created_at TEXT NOT NULL
    )`)
  await knex.raw('CREATE INDEX flag_events_by_customer ON flag_events (customer_id, hlc)')
}

export async function down(knex: Knex): Promise<void> {
  await knex.raw('DROP TABLE flag_events')
  await knex.raw('DROP TABLE customer_photos')
  await knex.raw('DROP TABLE customer_search')
  await knex.raw('DROP TABLE customers')
  await knex.schema.alterTable('stores', (t) => {
    t.dropColumn('country')
  })
}
