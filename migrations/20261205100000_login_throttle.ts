import type { Knex } from 'knex'

/**
 * The sign-in and PIN throttle (auth/throttle.ts), kept on disk: held only in memory, closing
 * and opening the app cleared it, about six guesses a restart instead of one a minute. One row
 * per throttled key ("login:<username>", "pin:<user id>"). Local to this PC: sync never carries
 * it (a guess is throttled where it is typed), so it is in no list of sync/spec.ts.
 */
export async function up(knex: Knex): Promise<void> {
  await knex.schema.createTable('login_throttle', (t) => {
    t.string('key').primary()
    t.integer('failures').notNullable()
    // Milliseconds since the epoch, as the throttle counts.
    t.bigInteger('blocked_until').notNullable()
  })
}

export async function down(knex: Knex): Promise<void> {
  await knex.schema.dropTable('login_throttle')
}
