import type { Knex } from 'knex'

export async function up(knex: Knex): Promise<void> {
  await knex.schema.createTable('meta', (t) => {
    t.string('key').primary()
    t.text('value').notNullable()
  })

  await knex.schema.createTable('stores', (t) => {
    t.string('id').primary()
    t.string('name').notNullable()
    t.string('currency', 3).notNullable()
    t.string('time_zone').notNullable()
    t.boolean('medical_shop').notNullable().defaultTo(false)
    t.float('loyalty_points_per_unit').notNullable().defaultTo(1)
    t.integer('loyalty_value_per_point_minor').notNullable().defaultTo(1)
    t.boolean('auto_checkout_at_day_start').notNullable().defaultTo(false)
    t.string('created_at').notNullable()
    t.string('updated_at').notNullable()
  })

  await knex.schema.createTable('users', (t) => {
    t.string('id').primary()
    t.string('store_id').notNullable().references('stores.id')
    t.string('username').notNullable()
    t.string('display_name').notNullable()
    t.string('role').notNullable()
    t.string('password_hash').notNullable()
    t.string('pin_hash').notNullable()
    t.text('permission_overrides').notNullable().defaultTo('{}')
    t.boolean('active').notNullable().defaultTo(true)
    t.string('created_at').notNullable()
    t.string('updated_at').notNullable()
  })
  // Usernames are unique however they are capitalised.
  await knex.raw('CREATE UNIQUE INDEX users_username_unique ON users (username COLLATE NOCASE)')

  await knex.schema.createTable('change_log', (t) => {
    t.string('id').primary()
    t.string('table_name').notNullable()
    t.string('row_id').notNullable()
    t.string('field').notNullable()
    t.text('old_value')
    t.text('new_value')
    t.string('hlc').notNullable()
    t.string('store_id').notNullable()
    t.string('user_id')
    t.string('created_at').notNullable()
    t.index(['table_name', 'row_id', 'hlc'])
    t.index(['hlc'])
  })
}

export async function down(knex: Knex): Promise<void> {
  await knex.schema.dropTable('change_log')
  await knex.schema.dropTable('users')
  await knex.schema.dropTable('stores')
  await knex.schema.dropTable('meta')
}
