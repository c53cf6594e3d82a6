import type { Knex } from 'knex'

const createListing = (where: string) => `CREATE INDEX customers_listing ON customers (active, created_at, id, search_text) WHERE ${where}`

/**
 * A merged customer is gone from every list (customers/search/filters.ts): it lives on in the
 * customer it was merged into, so it shows neither as inactive nor under "all". The listing
 * index leaves merged customers out as it leaves erased ones out, so the lists and their counts
 * are still read from the index alone (a query uses a partial index only when its WHERE names
 * the index's own conditions: `statusMatch` names both).
 */
export async function up(knex: Knex): Promise<void> {
  await knex.raw('DROP INDEX customers_listing')
  await knex.raw(createListing('erased_at IS NULL AND merged_into IS NULL'))
}

export async function down(knex: Knex): Promise<void> {
  await knex.raw('DROP INDEX customers_listing')
  await knex.raw(createListing('erased_at IS NULL'))
}
