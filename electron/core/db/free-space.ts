import type { Knex } from 'knex'
import { checkpointSettled } from './checkpoint-aside'

/**
 * After personal data was deleted: merges the customer search index into one segment (an FTS5
 * delete only adds a marker; the old segment keeps the deleted row's trigrams until merged),
 * then checkpoints the WAL into the database and truncates it, so the old pages live in no
 * file. Deleted content in the database file itself is zeroed as it goes (secure_delete).
 */
export async function leaveNoTrace(db: Knex): Promise<void> {
  // A checkpoint running aside (after a large import) would make this one give up.
  await checkpointSettled(db)
  await db.raw("INSERT INTO customer_search (customer_search) VALUES ('optimize')")
  await db.raw('PRAGMA wal_checkpoint(TRUNCATE)')
}
