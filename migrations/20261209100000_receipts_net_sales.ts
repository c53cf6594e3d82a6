import type { Knex } from 'knex'

/**
 * The metrics page's net sales are before tax (guide 004; points are earned on the same
 * subtotal), its sale amount and a customer's lifetime spend with tax: the aggregation sums both
 * per day and currency. The covering index gains subtotal_minor so the sum stays one range scan
 * with no table reads; it replaces receipts_customer_day_currency_totals, a prefix of it.
 * Exported for the benchmark, which indexes after loading.
 */
export const RECEIPTS_CUSTOMER_DAY_CURRENCY_AMOUNTS =
  'CREATE INDEX receipts_customer_day_currency_amounts ON receipts (customer_id, local_date, currency, kind, total_minor, subtotal_minor)'

export async function up(knex: Knex): Promise<void> {
  await knex.raw(RECEIPTS_CUSTOMER_DAY_CURRENCY_AMOUNTS)
  await knex.raw('DROP INDEX receipts_customer_day_currency_totals')
}

export async function down(knex: Knex): Promise<void> {
  await knex.raw('CREATE INDEX receipts_customer_day_currency_totals ON receipts (customer_id, local_date, currency, kind, total_minor)')
  await knex.raw('DROP INDEX receipts_customer_day_currency_amounts')
}
