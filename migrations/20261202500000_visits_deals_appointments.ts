import type { Knex } from 'knex'

/**
 * Visits, deals and appointments (issue 12). Every table is append-only: a row is written once
 * and never changed, and what changes (a deal's status, a visit's check-out, a rescheduled
 * appointment) is a further row. So two PCs or stores that act on the same thing offline both
 * keep what they wrote, and every store settles the outcome the same way from the same rows.
 * The columns marked "cache" are computed again by every store from those rows
 * (electron/core/visits/caches.ts) and never travel.
 *
 * Each row names its customer, so erasing a customer removes all of them, and anything about
 * that customer arriving later is dropped.
 */
export async function up(knex: Knex): Promise<void> {
  // A conversion cycle: opened at a first visit (or by hand), then sold, delivered or lost.
  await knex.raw(`
    CREATE TABLE deals (
      id TEXT PRIMARY KEY,
      store_id TEXT NOT NULL REFERENCES stores (id),
      customer_id TEXT NOT NULL REFERENCES customers (id),
      created_by TEXT REFERENCES users (id),
      created_at TEXT NOT NULL,
      -- caches of deal_events
      status TEXT NOT NULL DEFAULT 'open',
      assigned_user_id TEXT,
      status_note TEXT,
      status_at TEXT,
      sold_at TEXT,
      delivered_at TEXT,
      lost_at TEXT
    )`)
  await knex.raw('CREATE INDEX deals_customer ON deals (customer_id, status)')
  await knex.raw('CREATE INDEX deals_store_opened ON deals (store_id, created_at)')
  await knex.raw('CREATE INDEX deals_store_sold ON deals (store_id, sold_at) WHERE sold_at IS NOT NULL')
  await knex.raw('CREATE INDEX deals_store_delivered ON deals (store_id, delivered_at) WHERE delivered_at IS NOT NULL')
  await knex.raw('CREATE INDEX deals_store_status ON deals (store_id, status, created_at)')

  // A change of a deal: its status (with a note: why it was lost) or its assigned staff; the latest of each wins.
  await knex.raw(`
    CREATE TABLE deal_events (
      id TEXT PRIMARY KEY,
      deal_id TEXT NOT NULL REFERENCES deals (id),
      customer_id TEXT NOT NULL REFERENCES customers (id),
      store_id TEXT NOT NULL REFERENCES stores (id),
      status TEXT CHECK (status IN ('open', 'sold', 'delivered', 'lost')),
      assigned_user_id TEXT REFERENCES users (id),
      note TEXT,
      user_id TEXT REFERENCES users (id),
      hlc TEXT NOT NULL,
      created_at TEXT NOT NULL
    )`)
  await knex.raw('CREATE INDEX deal_events_deal ON deal_events (deal_id, hlc)')
  await knex.raw('CREATE INDEX deal_events_customer ON deal_events (customer_id)')

  // A check-in. `hlc` orders check-ins of one customer at one store: the first of two that
  // overlap keeps the visit, the other is merged into it (caches).
  await knex.raw(`
    CREATE TABLE visits (
      id TEXT PRIMARY KEY,
      store_id TEXT NOT NULL REFERENCES stores (id),
      customer_id TEXT NOT NULL REFERENCES customers (id),
      deal_id TEXT REFERENCES deals (id),
      return_visit INTEGER NOT NULL DEFAULT 0,
      checked_in_by TEXT REFERENCES users (id),
      checked_in_at TEXT NOT NULL,
      local_date TEXT NOT NULL,
      hlc TEXT NOT NULL,
      -- caches of visit_checkouts and of the other visits of the customer at the store
      open INTEGER NOT NULL DEFAULT 1,
      merged_into TEXT,
      checked_out_at TEXT,
      checked_out_by TEXT,
      checkout_kind TEXT,
      checkout_hlc TEXT,
      final_deal_id TEXT
    )`)
  await knex.raw('CREATE INDEX visits_open ON visits (store_id, customer_id) WHERE open = 1')
  await knex.raw('CREATE INDEX visits_customer ON visits (customer_id, store_id, local_date)')
  await knex.raw('CREATE INDEX visits_store_day ON visits (store_id, local_date)')
  await knex.raw('CREATE INDEX visits_checked_out ON visits (store_id, checked_out_at) WHERE checked_out_at IS NOT NULL')

  // A check-out: by hand or automatic at the start of a new store day; the earliest of a visit's wins.
  await knex.raw(`
    CREATE TABLE visit_checkouts (
      id TEXT PRIMARY KEY,
      visit_id TEXT NOT NULL REFERENCES visits (id),
      customer_id TEXT NOT NULL REFERENCES customers (id),
      store_id TEXT NOT NULL REFERENCES stores (id),
      deal_id TEXT REFERENCES deals (id),
      kind TEXT NOT NULL CHECK (kind IN ('manual', 'automatic')),
      checked_out_at TEXT NOT NULL,
      user_id TEXT REFERENCES users (id),
      hlc TEXT NOT NULL,
      created_at TEXT NOT NULL
    )`)
  await knex.raw('CREATE INDEX visit_checkouts_visit ON visit_checkouts (visit_id)')
  await knex.raw('CREATE INDEX visit_checkouts_customer ON visit_checkouts (customer_id)')

  await knex.raw(`
    CREATE TABLE appointments (
      id TEXT PRIMARY KEY,
      store_id TEXT NOT NULL REFERENCES stores (id),
      customer_id TEXT NOT NULL REFERENCES customers (id),
      created_by TEXT REFERENCES users (id),
      created_at TEXT NOT NULL,
      -- caches of appointment_events: the store-local start ('YYYY-MM-DDTHH:MM') and its day
      local_start TEXT,
      local_date TEXT,
      staff_id TEXT,
      note TEXT,
      status TEXT
    )`)
  await knex.raw('CREATE INDEX appointments_store_day ON appointments (store_id, local_date, local_start)')
  await knex.raw('CREATE INDEX appointments_customer ON appointments (customer_id, local_start)')

  // Scheduled, rescheduled, cancelled: each field the latest event that gives it.
  await knex.raw(`
    CREATE TABLE appointment_events (
      id TEXT PRIMARY KEY,
      appointment_id TEXT NOT NULL REFERENCES appointments (id),
      customer_id TEXT NOT NULL REFERENCES customers (id),
      store_id TEXT NOT NULL REFERENCES stores (id),
      local_start TEXT,
      staff_id TEXT REFERENCES users (id),
      note TEXT,
      status TEXT CHECK (status IN ('scheduled', 'cancelled')),
      user_id TEXT REFERENCES users (id),
      hlc TEXT NOT NULL,
      created_at TEXT NOT NULL
    )`)
  await knex.raw('CREATE INDEX appointment_events_appointment ON appointment_events (appointment_id, hlc)')
  await knex.raw('CREATE INDEX appointment_events_customer ON appointment_events (customer_id)')
}

export async function down(knex: Knex): Promise<void> {
  for (const table of ['appointment_events', 'appointments', 'visit_checkouts', 'visits', 'deal_events', 'deals']) await knex.schema.dropTable(table)
}
