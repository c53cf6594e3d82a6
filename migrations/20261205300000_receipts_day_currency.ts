import type { Knex } from 'knex'

/**
 * The metrics aggregation sums a customer's receipts per day and per currency: the owner's
 * stores may keep different currencies, each receipt carries its store's, and amounts of two
 * currencies are never added. The covering index gains the currency, so the sum stays one
 * range scan with no table reads; it replaces receipts_customer_day_totals, a prefix of it in
 * all but the currency. Exported for the benchmark, which indexes after loading.
 */
export const RECEIPTS_CUSTOMER_DAY_CURRENCY_TOTALS =
  'CREATE INDEX receipts_customer_day_currency_totals ON receipts (customer_id, local_date, currency, kind, total_minor)'

export async function up(knex: Knex): Promise<void> {
  await knex.raw(RECEIPTS_CUSTOMER_DAY_CURRENCY_TOTALS)
  await knex.raw('DROP INDEX receipts_customer_day_totals')
}

export async function down(knex: Knex): Promise<void> {
  await knex.raw('CREATE INDEX receipts_customer_day_totals ON receipts (customer_id, local_date, kind, total_minor)')
  await knex.raw('DROP INDEX receipts_customer_day_currency_totals')
}
