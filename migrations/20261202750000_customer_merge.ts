import type { Knex } from 'knex'

/**
 * Duplicates and merge (issue 11).
 *
 * - `customers.merged_into`: the customer this one was merged into (synced, a plain field: the
 *   merge is a unit of ordinary entries, sync/README.md). A merged customer is a tombstone:
 *   inactive, its history moved to the survivor, opening it shows the survivor.
 * - `customers.merged_text`: local, the search words of the customers merged into this one, so
 *   searching an old phone, email or number finds the survivor (search_text carries it).
 * - Three partial indexes the duplicate check and the Possible duplicates list walk: same phone
 *   (E.164), same email (case-insensitive), same name and date of birth; merged and erased
 *   customers are left out of them. The list groups each index in order, keyset-paged.
 */
const LIVE = 'erased_at IS NULL AND merged_into IS NULL'

export async function up(knex: Knex): Promise<void> {
  await knex.raw('ALTER TABLE customers ADD COLUMN merged_into TEXT')
  await knex.raw('ALTER TABLE customers ADD COLUMN merged_text TEXT')
  await knex.raw('CREATE INDEX customers_merged_into ON customers (merged_into) WHERE merged_into IS NOT NULL')
  await knex.raw(`CREATE INDEX customers_dup_phone ON customers (phone, id) WHERE phone IS NOT NULL AND ${LIVE}`)
  await knex.raw(`CREATE INDEX customers_dup_email ON customers (lower(email), id) WHERE email IS NOT NULL AND ${LIVE}`)
  await knex.raw(`CREATE INDEX customers_dup_birth ON customers (name_key, date_of_birth, id) WHERE date_of_birth IS NOT NULL AND ${LIVE}`)
}

export async function down(knex: Knex): Promise<void> {
  for (const index of ['customers_dup_birth', 'customers_dup_email', 'customers_dup_phone', 'customers_merged_into']) await knex.raw(`DROP INDEX ${index}`)
  await knex.raw('ALTER TABLE customers DROP COLUMN merged_text')
  await knex.raw('ALTER TABLE customers DROP COLUMN merged_into')
}
