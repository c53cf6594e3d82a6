import type { CoreServices } from '../context'
import { ENTRY_COLUMNS } from '../hub/exchange'
import { applyEntries } from '../sync/apply'

const BATCH = 2_000

/**
 * A restore on a store linked to a hub keeps what the hub has already acknowledged. The other
 * stores have applied those entries, so they come back anyway (the next pulls take this store's
 * own entries back, see hub_link.reclaim_own); carried into the copy now, they are there at once,
 * offline too, and the numbers they hold (customer and receipt numbers, per store) are not
 * handed out a second time by what is written before the hub is reached. Own entries of the
 * current database after the copy's last one and up to the push cursor are applied to the copy
 * by the sync applier (an entry the copy has is skipped by id); what was never sent is not kept.
 * Answers how many entries were applied.
 */
export async function carrySentEntries(current: CoreServices, copy: CoreServices, storeId: string): Promise<number> {
  if (current.localStoreId() !== storeId) return 0
  const link = await current.db('hub_link').first('push_seq').catch(() => undefined)
  if (!link) return 0
  const last = await copy.db('change_log').max<{ seq: number | null }>({ seq: 'seq' }).first()
  let after = Number(last?.seq ?? 0)
  let applied = 0
  for (;;) {
    const rows = await current
      .db('change_log')
      .where({ store_id: storeId })
      .whereNot({ op: 'legacy' })
      .where('seq', '>', after)
      .where('seq', '<=', Number(link.push_seq))
      .orderBy('seq')
      .limit(BATCH)
      .select('seq', ...ENTRY_COLUMNS)
    if (rows.length === 0) return applied
    after = rows[rows.length - 1].seq
    applied += (await applyEntries(copy, rows.map(({ seq: _seq, ...entry }) => entry))).applied
  }
}
