import type { Knex } from 'knex'

/**
 * Entries an erase removed from units that keep other entries (a sale's points, whose receipt
 * stays), by id. A unit is complete when what arrived and what was removed make its size: ids,
 * not a count, so the same removal learnt twice (from the erase, and again from a
 * store that dropped it while applying the erase) counts once. `erased_units` keeps the counts
 * of erases written before this (their tombstones name no ids). Local: every store fills it
 * from the erase entries it applies and writes.
 */
export async function up(knex: Knex): Promise<void> {
  await knex.raw('CREATE TABLE erased_entries (tx TEXT NOT NULL, entry_id TEXT NOT NULL, PRIMARY KEY (tx, entry_id)) WITHOUT ROWID')
}

export async function down(knex: Knex): Promise<void> {
  await knex.raw('DROP TABLE erased_entries')
}
