import type { Knex } from 'knex'

/**
 * `join_aside`: the indexes and full-text triggers a bulk join's first step set aside (JSON, see
 * db/defer-indexes.ts setAside), saved with their drop and put back when the step ends (or the
 * store leaves the hub): a join killed in between still knows what to make again.
 */
export async function up(knex: Knex): Promise<void> {
  await knex.raw('ALTER TABLE hub_link ADD COLUMN join_aside TEXT')
}

export async function down(knex: Knex): Promise<void> {
  await knex.raw('ALTER TABLE hub_link DROP COLUMN join_aside')
}
