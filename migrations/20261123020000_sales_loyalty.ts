import type { Knex } from 'knex'

/**
 * Tax rates, receipts (with their items and payments), the loyalty points ledger and
 * feedback. Receipts, items, payments, ledger entries and feedback are only ever inserted:
 * a void is a receipt of its own, a points change is a ledger row.
 */
export async function up(knex: Knex): Promise<void> {
  // '' means "the initials of the store's name" (see core/sales/receipt-number.ts).
  await knex.schema.alterTable('stores', (t) => {
    t.string('receipt_prefix').notNullable().defaultTo('')
  })

  await knex.schema.createTable('tax_rates', (t) => {
    t.string('id').primary()
    t.string('store_id').notNullable().references('stores.id')
    t.string('name').notNullable()
    // Thousandths of a percent: 8.875 % is 8875, so the rate is exact.
    t.integer('rate_millipercent').notNullable()
    t.boolean('active').notNullable().defaultTo(true)
    t.string('created_at').notNullable()
    t.string('updated_at').notNullable()
  })

  await knex.schema.createTable('receipts', (t) => {
    t.string('id').primary()
    t.string('store_id').notNullable().references('stores.id')
    // This store's running count, and the number people read: `<prefix>-<seq>`.
    t.integer('seq').notNullable()
    t.string('number').notNullable()
    t.string('kind').notNullable()
    t.string('voids_receipt_id').references('receipts.id')
    t.string('void_reason')
    t.string('customer_id').references('customers.id')
    t.string('user_id').references('users.id')
    t.string('created_at').notNullable()
    // The store-local day it counts on, written once: metrics bucket by it without time-zone maths.
    t.string('local_date').notNullable()
    t.string('currency', 3).notNullable()
    t.integer('subtotal_minor').notNullable()
    t.integer('tax_minor').notNullable()
    t.integer('total_minor').notNullable()
    t.integer('paid_minor').notNullable()
    t.integer('change_minor').notNullable()
    t.integer('loyalty_points').notNullable().defaultTo(0)
  })
  for (const statement of RECEIPT_INDEXES) await knex.raw(statement)

  await knex.schema.createTable('receipt_items', (t) => {
    t.string('id').primary()
    t.string('receipt_id').notNullable().references('receipts.id')
    t.integer('position').notNullable()
    t.string('name').notNullable()
    t.integer('quantity').notNullable()
    t.integer('unit_price_minor').notNullable()
    t.integer('line_subtotal_minor').notNullable()
    // The rate as sold: later edits to the rate do not change old receipts.
    t.string('tax_rate_id').references('tax_rates.id')
    t.string('tax_rate_name')
    t.integer('tax_rate_millipercent')
    t.integer('tax_minor').notNullable()
    t.integer('line_total_minor').notNullable()
    t.unique(['receipt_id', 'position'])
  })

  await knex.schema.createTable('receipt_payments', (t) => {
    t.string('id').primary()
    t.string('receipt_id').notNullable().references('receipts.id')
    t.integer('position').notNullable()
    t.string('method').notNullable()
    t.integer('amount_minor').notNullable()
    t.string('reference')
    t.unique(['receipt_id', 'position'])
  })

  await knex.schema.createTable('loyalty_ledger', (t) => {
    t.string('id').primary()
    t.string('store_id').notNullable().references('stores.id')
    t.string('customer_id').notNullable().references('customers.id')
    t.string('kind').notNullable()
    t.integer('points').notNullable()
    t.string('reason').notNullable()
    t.string('receipt_id').references('receipts.id')
    t.string('user_id').references('users.id')
    t.string('approver_id').references('users.id')
    t.string('created_at').notNullable()
    // Ledger order across stores: entries from several stores interleave by hybrid logical clock.
    t.string('hlc').notNullable()
    t.index(['customer_id', 'hlc'])
  })

  await knex.schema.createTable('feedback', (t) => {
    t.string('id').primary()
    t.string('store_id').notNullable().references('stores.id')
    t.string('customer_id').notNullable().references('customers.id')
    t.string('receipt_id').references('receipts.id')
    t.string('sentiment').notNullable()
    t.text('comment')
    t.string('user_id').references('users.id')
    t.string('created_at').notNullable()
    t.string('local_date').notNullable()
    t.index(['customer_id', 'local_date', 'sentiment'])
  })
}

/**
 * The receipts table's indexes, exported for the benchmark, which loads millions of receipts
 * first and indexes after.
 */
export const RECEIPT_INDEXES = [
  'CREATE UNIQUE INDEX receipts_store_seq ON receipts (store_id, seq)',
  // Covers the metrics aggregation: one range scan, no table reads.
  'CREATE INDEX receipts_customer_day_totals ON receipts (customer_id, local_date, kind, total_minor)',
  // The transaction history: newest first within the period, keyset-paged.
  'CREATE INDEX receipts_customer_day_time ON receipts (customer_id, local_date, created_at, id)',
  // A sale can be voided once.
  'CREATE UNIQUE INDEX receipts_voids_once ON receipts (voids_receipt_id) WHERE voids_receipt_id IS NOT NULL',
]

export async function down(knex: Knex): Promise<void> {
  for (const table of ['feedback', 'loyalty_ledger', 'receipt_payments', 'receipt_items', 'receipts', 'tax_rates']) {
    await knex.schema.dropTable(table)
  }
  await knex.schema.alterTable('stores', (t) => {
    t.dropColumn('receipt_prefix')
  })
}
