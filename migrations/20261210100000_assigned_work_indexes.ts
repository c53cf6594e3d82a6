import type { Knex } from 'knex'

/**
 * Deactivating a user first says what stays theirs until reassigned (users:assignedWork): their
 * open deals, upcoming appointments and assigned customers. Nothing was keyed by the user, so
 * each count would read every deal, appointment or assignment of every store. Partial where only
 * the rows counted matter.
 */
export async function up(knex: Knex): Promise<void> {
  await knex.raw("CREATE INDEX deals_open_by_assignee ON deals (assigned_user_id) WHERE status = 'open'")
  await knex.raw("CREATE INDEX appointments_scheduled_by_staff ON appointments (staff_id, local_date) WHERE status = 'scheduled'")
  await knex.raw('CREATE INDEX customer_staff_by_user ON customer_staff (user_id, customer_id)')
}

export async function down(knex: Knex): Promise<void> {
  await knex.raw('DROP INDEX customer_staff_by_user')
  await knex.raw('DROP INDEX appointments_scheduled_by_staff')
  await knex.raw('DROP INDEX deals_open_by_assignee')
}
