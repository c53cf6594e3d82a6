import type { Knex } from 'knex'

/**
 * The tables whose rows move to a merged customer's survivor (customers/merge/settle.ts
 * HISTORY_TABLES; listed here as they are now: a migration never changes with the code).
 */
const TABLES = ['receipts', 'loyalty_ledger', 'flag_events', 'feedback', 'deals', 'deal_events', 'visits', 'visit_checkouts', 'appointments', 'appointment_events']

/**
 * `merged_from` (local, never synced): the merged customer a row was written about, while it sits
 * on that customer's survivor; null while it is on its own customer. Two stores may merge one
 * customer into two different survivors offline: the merge pointer that wins moves the rows the
 * losing merge had moved on to the winning survivor, and only the row itself can say which rows
 * those were. Rows moved before this migration keep null (treated as their survivor's own).
 * A partial index: merge settling looks rows up by it, and most rows never move.
 */
export async function up(knex: Knex): Promise<void> {
  for (const table of TABLES) {
    await knex.raw(`ALTER TABLE ${table} ADD COLUMN merged_from TEXT`)
    await knex.raw(`CREATE INDEX ${table}_merged_from ON ${table} (merged_from) WHERE merged_from IS NOT NULL`)
  }
}

export async function down(knex: Knex): Promise<void> {
  for (const table of TABLES) {
    await knex.raw(`DROP INDEX ${table}_merged_from`)
    await knex.raw(`ALTER TABLE ${table} DROP COLUMN merged_from`)
  }
}
