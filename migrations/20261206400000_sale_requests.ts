import type { Knex } from 'knex'

/**
 * A sale's request id (contract: requestId) and the receipt it made, written in the sale's own
 * transaction (sales/sale-requests.ts). Main's memory of repeated requests (a minute, per
 * session) is gone after a crash or a restart, while the desk's draft of the sale, kept by the
 * renderer with its id, is put back: sent again, it is answered with this receipt instead of
 * becoming a second sale. Local to this PC: sync never carries it (the id is this desk's), so it
 * is in no list of sync/spec.ts. Rows are forgotten after a week (the index on created_at).
 */
export async function up(knex: Knex): Promise<void> {
  await knex.schema.createTable('sale_requests', (t) => {
    t.string('request_id').primary()
    t.string('receipt_id').notNullable().references('id').inTable('receipts').onDelete('CASCADE')
    // A digest of the sale as sent (not its id): the same id with another sale is refused, not answered with this receipt.
    t.string('input_digest').notNullable()
    // UTC ISO, as the receipt's created_at.
    t.string('created_at').notNullable().index('sale_requests_created_at')
  })
}

export async function down(knex: Knex): Promise<void> {
  await knex.schema.dropTable('sale_requests')
}
