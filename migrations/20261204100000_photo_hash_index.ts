import type { Knex } from 'knex'

/**
 * Photos by their blob: erasing a customer or changing a photo asks whether anyone else still
 * shows the same image, and an arriving blob finds the photos waiting for it. Without an index
 * each question read every photo row, thumbnails included.
 */
export async function up(knex: Knex): Promise<void> {
  await knex.raw('CREATE INDEX customer_photos_by_hash ON customer_photos (photo_hash) WHERE photo_hash IS NOT NULL')
}

export async function down(knex: Knex): Promise<void> {
  await knex.raw('DROP INDEX customer_photos_by_hash')
}
