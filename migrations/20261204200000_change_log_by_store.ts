import type { Knex } from 'knex'

/**
 * A store's own entries after its push cursor, found by store: every sync round counts them
 * (the changes waiting to be sent) and pushes them, and by sequence alone that read every entry
 * applied from other stores since the last push: 100,000 of them made an empty round 67 ms
 * instead of 10.
 */
export async function up(knex: Knex): Promise<void> {
  await knex.raw('CREATE INDEX change_log_by_store ON change_log (store_id, seq)')
}

export async function down(knex: Knex): Promise<void> {
  await knex.raw('DROP INDEX change_log_by_store')
}
