import type { Knex } from 'knex'

/**
 * An owner's recovery key (auth/recovery.ts): only its slow-KDF hash, and when it was made, so
 * *My account* can say so. Synced like the password hash beside it: an owner signs in, and so
 * may recover, at any of their stores. Null until a key is made (stores set up before this).
 */
export async function up(knex: Knex): Promise<void> {
  await knex.schema.alterTable('users', (t) => {
    t.text('recovery_key_hash').nullable()
    t.text('recovery_key_made_at').nullable()
  })
}

export async function down(knex: Knex): Promise<void> {
  await knex.schema.alterTable('users', (t) => {
    t.dropColumn('recovery_key_made_at')
    t.dropColumn('recovery_key_hash')
  })
}
