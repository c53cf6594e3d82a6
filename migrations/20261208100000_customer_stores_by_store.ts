import type { Knex } from 'knex'

/**
 * The customer list filters by store (customers/search: "this store's customers"). The join
 * rows are keyed (customer, store), which answers "is this customer in that store?" but not
 * "which customers are in that store?": without this index, the list and its count narrowed to
 * a store that holds few of the hub's customers would read every membership of every store.
 */
export async function up(knex: Knex): Promise<void> {
  await knex.raw('CREATE INDEX customer_stores_by_store ON customer_stores (store_id, customer_id)')
}

export async function down(knex: Knex): Promise<void> {
  await knex.raw('DROP INDEX customer_stores_by_store')
}
