import type { Knex } from 'knex'

/**
 * The customer table sorts by its Reason column (the last loyalty reason) like every other
 * column: keyset-paged over (value, id), which needs the column's own index, as
 * customers_by_email and the others have had from the start.
 */
export async function up(knex: Knex): Promise<void> {
  await knex.raw('CREATE INDEX customers_by_loyalty_reason ON customers (last_loyalty_reason, id)')
}

export async function down(knex: Knex): Promise<void> {
  await knex.raw('DROP INDEX customers_by_loyalty_reason')
}
