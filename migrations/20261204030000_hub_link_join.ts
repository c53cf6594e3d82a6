import type { Knex } from 'knex'

/**
 * Where a bulk join stands (hub schema step 3, hub/schema-join.ts): `join_pass` 1 (customers
 * and what the desk needs) or 2 (history), null before the join started and after it ended;
 * `join_horizon` the hub horizon both passes read below (xid8 as text); `join_pos` the last hub
 * position of the pass applied here, saved in the same local transaction as the page it ends.
 */
export async function up(knex: Knex): Promise<void> {
  await knex.raw('ALTER TABLE hub_link ADD COLUMN join_pass INTEGER')
  await knex.raw('ALTER TABLE hub_link ADD COLUMN join_horizon TEXT')
  await knex.raw('ALTER TABLE hub_link ADD COLUMN join_pos INTEGER NOT NULL DEFAULT 0')
}

export async function down(knex: Knex): Promise<void> {
  await knex.raw('ALTER TABLE hub_link DROP COLUMN join_pos')
  await knex.raw('ALTER TABLE hub_link DROP COLUMN join_horizon')
  await knex.raw('ALTER TABLE hub_link DROP COLUMN join_pass')
}
