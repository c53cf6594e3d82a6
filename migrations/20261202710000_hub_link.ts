import type { Knex } from 'knex'

/**
 * This store's link to the owner's hub (issue 10): one row while connected. The password is kept
 * only as the secrets port sealed it (safeStorage in Electron). `push_seq` is the last own
 * change-log seq the hub has committed; (`pull_xid`, `pull_pos`) the hub position pulled and
 * applied so far, moved in the same local transaction as the entries it covers. Local: never synced.
 */
export async function up(knex: Knex): Promise<void> {
  await knex.raw(`
    CREATE TABLE hub_link (
      id INTEGER PRIMARY KEY CHECK (id = 1),
      host TEXT NOT NULL,
      port INTEGER NOT NULL,
      database TEXT NOT NULL,
      user TEXT NOT NULL,
      tls TEXT NOT NULL CHECK (tls IN ('verify', 'require', 'off')),
      password_sealed TEXT,
      joined_as TEXT NOT NULL CHECK (joined_as IN ('new', 'replacement')),
      joined_at TEXT NOT NULL,
      -- A replacement PC: the store its own first-run setup made, forgotten once the real one is back.
      setup_store_id TEXT,
      first_sync_done INTEGER NOT NULL DEFAULT 0,
      hub_schema_version INTEGER,
      push_seq INTEGER NOT NULL DEFAULT 0,
      pull_xid TEXT NOT NULL DEFAULT '0',
      pull_pos INTEGER NOT NULL DEFAULT 0,
      last_sync_at TEXT
    )`)
}

export async function down(knex: Knex): Promise<void> {
  await knex.raw('DROP TABLE hub_link')
}
