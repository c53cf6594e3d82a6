import type { Knex } from 'knex'

/**
 * Every command that adds a row each time it runs keeps its request id on disk, as sales alone
 * did (sale_requests): the request's command and id, a digest of its input (never the input:
 * it may hold a PIN) and the row it made, written in the command's own transaction
 * (core/command-requests.ts). A form's draft is put back with its id after a lost answer, a
 * crash or a restart, when main's memory of repeats (a minute) is gone: sent again, it is
 * answered with that row instead of adding a second. The sales' ids move here, kept. Local to
 * this PC: sync never carries it (the ids are this desk's), so it is in no list of sync/spec.ts.
 * Rows are forgotten after a week (the index on created_at).
 */
export async function up(knex: Knex): Promise<void> {
  await knex.schema.createTable('command_requests', (t) => {
    // A command name as the contract spells it ('loyalty:adjust'): an id sent to another command is another request.
    t.string('command').notNullable()
    t.string('request_id').notNullable()
    // A digest of the input without its id and secrets: the same id with other input is refused, not answered with this row.
    t.string('input_digest').notNullable()
    // The row the request made (a receipt, a customer, a ledger entry…): the table is the command's.
    t.string('row_id').notNullable()
    // UTC ISO, as the row's created_at.
    t.string('created_at').notNullable().index('command_requests_created_at')
    t.primary(['command', 'request_id'])
  })
  await knex.raw(
    `INSERT INTO command_requests (command, request_id, input_digest, row_id, created_at)
     SELECT 'sales:create', request_id, input_digest, receipt_id, created_at FROM sale_requests`,
  )
  await knex.schema.dropTable('sale_requests')
}

export async function down(knex: Knex): Promise<void> {
  await knex.schema.createTable('sale_requests', (t) => {
    t.string('request_id').primary()
    t.string('receipt_id').notNullable().references('id').inTable('receipts').onDelete('CASCADE')
    t.string('input_digest').notNullable()
    t.string('created_at').notNullable().index('sale_requests_created_at')
  })
  await knex.raw(
    `INSERT INTO sale_requests (request_id, receipt_id, input_digest, created_at)
     SELECT request_id, row_id, input_digest, created_at FROM command_requests
     WHERE command = 'sales:create' AND row_id IN (SELECT id FROM receipts)`,
  )
  await knex.schema.dropTable('command_requests')
}
