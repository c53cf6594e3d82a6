import type { Knex } from 'knex'

/**
 * `reclaim_own`: this store's next pulls take its own entries back too, from the pull cursor on
 * (until it has caught up). Set when an older backup is restored on a linked store, and when a
 * store joins again with its own credentials: the hub may hold entries this store sent that its
 * database no longer has, and a plain pull skips a store's own entries.
 */
export async function up(knex: Knex): Promise<void> {
  await knex.raw('ALTER TABLE hub_link ADD COLUMN reclaim_own INTEGER NOT NULL DEFAULT 0')
}

export async function down(knex: Knex): Promise<void> {
  await knex.raw('ALTER TABLE hub_link DROP COLUMN reclaim_own')
}
