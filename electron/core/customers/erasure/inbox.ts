import type { Knex } from 'knex'
import type { LogEntry } from '../../db/changelog'
import { customersOf } from '../../sync/about-customer'
import { recordErasedUnit, withoutFreeText } from './rows'

/**
 * Entries from other stores about the customer that wait in the inbox (their command's other
 * entries have not come, or they are ahead of this PC's clock): they hold the customer's
 * personal data, and may wait for ever (the store that sent them may have erased the rest).
 * Each is removed and remembered as taken by the erase (`erased_entries`), so the rest of its
 * unit still applies when it comes; a waiting receipt stays, without its free text. Answers the
 * ids removed.
 */
export async function eraseFromInbox(db: Knex, customerId: string): Promise<string[]> {
  const removed: string[] = []
  const rows: { entry: string }[] = await db('sync_inbox').select('entry')
  if (rows.length === 0) return removed
  const entries = rows.map((row) => JSON.parse(row.entry) as LogEntry)
  const customerOf = await customersOf(db, entries)
  for (const entry of entries) {
    if (customerOf.get(entry.id) !== customerId) continue
    if (entry.table_name === 'receipts') {
      await db('sync_inbox').where({ id: entry.id }).update({ entry: JSON.stringify({ ...entry, value: withoutFreeText(entry.value!) }) })
      continue
    }
    await db('sync_inbox').where({ id: entry.id }).delete()
    await recordErasedUnit(db, { tx: entry.tx, removed: 1, ids: [entry.id] })
    removed.push(entry.id)
  }
  return removed
}
