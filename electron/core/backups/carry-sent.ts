import type { CoreServices } from '../context'
import { ENTRY_COLUMNS } from '../hub/exchange'
import { applyEntries } from '../sync/apply'

const BATCH = 2_000

/**
 * A restore on a store linked to a hub keeps what the hub has already acknowledged. The other
 * stores have applied those entries, so they come back anyway (the next pulls take this store's
 * own entries back, see hub_link.reclaim_own); carried into the copy now, they are there at once,
 * offline too, and the numbers they hold (customer and receipt numbers, per store) are not
 * handed out a second time by what is written before the hub is reached.
 *
 * Which entries: the current database's own entries up to its push cursor (sent) whose id the
 * copy lacks. Not "after the copy's last seq": the copy and the current data may be two
 * histories that parted (restoring the Before a restore safety backup undoes a restore, and the
 * copy's log may then be the longer one), and their seqs count different entries. They are
 * applied by the sync applier, in the current data's order; what was never sent is not kept.
 * The applier leaves the backups folder alone here: it runs in the restore's turn of the backup
 * operations, and an erase among these entries cleaned the folder when it was made.
 * Answers how many entries were applied.
 */
export async function carrySentEntries(current: CoreServices, copy: CoreServices, storeId: string): Promise<number> {
  if (current.localStoreId() !== storeId) return 0
  const link = await current.db('hub_link').first('push_seq').catch(() => undefined)
  if (!link) return 0
  let after = 0
  let applied = 0
  for (;;) {
    const sent = await current
      .db('change_log')
      .where({ store_id: storeId })
      .whereNot({ op: 'legacy' })
      .where('seq', '>', after)
      .where('seq', '<=', Number(link.push_seq))
      .orderBy('seq')
      .limit(BATCH)
      .select('seq', 'id')
    if (sent.length === 0) return applied
    after = sent[sent.length - 1].seq
    const held = new Set<string>(await copy.db('change_log').whereIn('id', sent.map((row) => row.id)).pluck('id'))
    const missing = sent.filter((row) => !held.has(row.id)).map((row) => row.seq)
    if (missing.length === 0) continue
    const entries = await current.db('change_log').whereIn('seq', missing).orderBy('seq').select(...ENTRY_COLUMNS)
    applied += (await applyEntries(copy, entries, { cleanBackups: false })).applied
  }
}
