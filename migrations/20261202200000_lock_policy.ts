import type { Knex } from 'knex'

/**
 * The store's screen-lock rule: lock after this many idle minutes (0: never by itself), and
 * whether a user may unlock with their PIN instead of their password.
 */
export async function up(knex: Knex): Promise<void> {
  await knex.schema.alterTable('stores', (t) => {
    t.integer('lock_idle_minutes').notNullable().defaultTo(10)
    t.boolean('lock_pin_unlock').notNullable().defaultTo(true)
  })
}

export async function down(knex: Knex): Promise<void> {
  await knex.schema.alterTable('stores', (t) => {
    t.dropColumn('lock_pin_unlock')
    t.dropColumn('lock_idle_minutes')
  })
}
