import type { Knex } from 'knex'

/**
 * Two store settings the desk asked for (issue 8):
 * - locale: how dates and numbers are shown and typed (en-US reads 12/02/2026, en-GB 02/12/2026);
 * - loyalty_enroll_by_default: whether a new customer starts in the loyalty programme (on:
 *   customers silently earning no points was the surprise).
 */
export async function up(knex: Knex): Promise<void> {
  await knex.schema.alterTable('stores', (t) => {
    t.string('locale', 20).notNullable().defaultTo('en-US')
    t.boolean('loyalty_enroll_by_default').notNullable().defaultTo(true)
  })
}

export async function down(knex: Knex): Promise<void> {
  await knex.schema.alterTable('stores', (t) => {
    t.dropColumn('loyalty_enroll_by_default')
    t.dropColumn('locale')
  })
}
