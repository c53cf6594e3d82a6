import type { Knex } from 'knex'

/**
 * Receipts at the desk: the store's postal address (printed and emailed with every receipt),
 * the receipt's email history (synced: every store sees that a receipt was emailed, to whom,
 * by whom), and two tables local to this store that sync never carries: the SMTP settings and
 * the outbox. Plus the indexes the Receipts screen needs on a store of ten million receipts.
 */
export async function up(knex: Knex): Promise<void> {
  await knex.schema.alterTable('stores', (t) => {
    t.text('address').notNullable().defaultTo('')
  })

  // Append-only: one row per request to email a receipt, logged whole in the change log.
  await knex.schema.createTable('receipt_emails', (t) => {
    t.string('id').primary()
    t.string('receipt_id').notNullable().references('receipts.id')
    t.string('store_id').notNullable().references('stores.id')
    t.string('recipient').notNullable()
    t.string('user_id').references('users.id')
    t.string('created_at').notNullable()
    t.index(['receipt_id', 'created_at'])
  })

  await knex.schema.createTable('mail_settings', (t) => {
    t.string('store_id').primary().references('stores.id')
    t.string('host').notNullable()
    t.integer('port').notNullable()
    // 'starttls' (587) or 'tls' (465).
    t.string('security').notNullable()
    t.string('username').notNullable().defaultTo('')
    // Sealed by the platform's secret storage (Electron: safeStorage), never the password itself.
    t.text('password_sealed')
    t.string('from_name').notNullable()
    t.string('from_address').notNullable()
    t.string('reply_to').notNullable().defaultTo('')
    t.boolean('attach_pdf').notNullable().defaultTo(true)
    t.string('updated_at').notNullable()
  })

  // One row per message, its id the receipt_emails row it sends. `raw` is the whole rendered
  // message (headers with the fixed Message-ID, both bodies, the PDF): a retry sends it byte for byte.
  await knex.schema.createTable('mail_outbox', (t) => {
    t.string('id').primary().references('receipt_emails.id')
    t.string('store_id').notNullable().references('stores.id')
    t.string('receipt_id').notNullable().references('receipts.id')
    t.string('recipient').notNullable()
    t.string('envelope_from').notNullable()
    t.string('subject').notNullable()
    t.string('message_id').notNullable().unique()
    t.text('raw').notNullable()
    // queued → sending → sent | failed | cancelled (failed and cancelled may be queued again).
    t.string('state').notNullable()
    t.integer('attempts').notNullable().defaultTo(0)
    t.string('next_attempt_at')
    t.string('last_attempt_at')
    t.text('last_error')
    t.string('sent_at')
    t.text('server_response')
    t.string('user_id').references('users.id')
    t.string('created_at').notNullable()
    t.index(['state', 'next_attempt_at'])
    t.index(['created_at', 'id'])
    t.index(['receipt_id'])
  })

  for (const statement of RECEIPT_SEARCH_INDEXES) await knex.raw(statement)
}

/** Exported for the benchmark, which indexes its ten million receipts after loading them. */
export const RECEIPT_SEARCH_INDEXES = [
  // The Receipts screen: newest first, and a date range, keyset-paged; the total rides along so
  // an amount filter walking this index never reads the table to reject a receipt.
  'CREATE INDEX receipts_store_time ON receipts (store_id, created_at, id, total_minor)',
  // A receipt by its full number ("CS-000123"); digits alone use receipts_store_seq.
  'CREATE INDEX receipts_number ON receipts (number)',
  // An amount (or a narrow range of amounts): few receipts, read by amount and sorted.
  'CREATE INDEX receipts_store_total ON receipts (store_id, total_minor, created_at, id)',
]

export async function down(knex: Knex): Promise<void> {
  for (const index of ['receipts_store_time', 'receipts_number', 'receipts_store_total']) await knex.raw(`DROP INDEX ${index}`)
  await knex.schema.dropTable('mail_outbox')
  await knex.schema.dropTable('mail_settings')
  await knex.schema.dropTable('receipt_emails')
  await knex.schema.alterTable('stores', (t) => {
    t.dropColumn('address')
  })
}
