import type { Knex } from 'knex'

/** Tables whose rows a command may keep in memory between commands (db/read-cache.ts). */
export const CACHED_TABLES = ['users', 'stores'] as const
const EVENTS = ['INSERT', 'UPDATE', 'DELETE'] as const

/**
 * One value that changes whenever a cached table is written, by any path (a command, a sync
 * apply, a repair by hand): a trigger sets it to a new random number in the same transaction.
 * A command compares it with the value its cache was read at; a rollback restores the old
 * value together with the rows. Random, not a counter: a value set by a transaction that rolled
 * back never comes back for different rows (53 bits, so it stays exact as a JavaScript number).
Local only: never synced, never logged.
 */
export async function up(knex: Knex): Promise<void> {
  await knex.raw('CREATE TABLE read_cache_token (id INTEGER PRIMARY KEY CHECK (id = 1), token INTEGER NOT NULL)')
  await knex.raw('INSERT INTO read_cache_token (id, token) VALUES (1, random() >> 11)')
  for (const table of CACHED_TABLES) {
    for (const event of EVENTS) {
      await knex.raw(`CREATE TRIGGER ${table}_${event.toLowerCase()}_read_cache AFTER ${event} ON ${table}
        BEGIN UPDATE read_cache_token SET token = random() >> 11 WHERE id = 1; END`)
    }
  }
}

export async function down(knex: Knex): Promise<void> {
  for (const table of CACHED_TABLES) {
    for (const event of EVENTS) await knex.raw(`DROP TRIGGER ${table}_${event.toLowerCase()}_read_cache`)
  }
  await knex.raw('DROP TABLE read_cache_token')
}
