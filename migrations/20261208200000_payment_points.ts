import type { Knex } from 'knex'

/**
 * Paying with loyalty points: a payment by points keeps how many points it took (its amount is
 * their value at the store's value per point when sold). Null on every other payment, and on
 * every payment written before. A column added, no rebuild.
 */
export async function up(knex: Knex): Promise<void> {
  await knex.schema.alterTable('receipt_payments', (t) => {
    t.integer('points')
  })
}

export async function down(knex: Knex): Promise<void> {
  await knex.schema.alterTable('receipt_payments', (t) => {
    t.dropColumn('points')
  })
}
