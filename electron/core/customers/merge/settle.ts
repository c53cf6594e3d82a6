import type { Knex } from 'knex'
import { rebuildCaches, rebuildDerived } from '../../sync/caches'
import { derivedColumns, type DerivedFrom } from '../derived'
import { rebuildVisitCaches } from '../../visits/caches'
import { chainOf, mergedInto, mergedMap, survivorIn } from './family'

/**
 * The rows about a customer that move to its survivor when it is merged: the store's receipts
 * of it and every piece of its history. Plain writes, never logged: every store makes the
 * same move when it applies the merge's `merged_into` (and again for a row that arrives later
 * naming the merged customer), so the outcome is the same whatever order entries come in.
 */
export const HISTORY_TABLES = [
  'receipts',
  'loyalty_ledger',
  'flag_events',
  'feedback',
  'deals',
  'deal_events',
  'visits',
  'visit_checkouts',
  'appointments',
  'appointment_events',
] as const

export interface Settled {
  /** Survivors whose history or search words changed. */
  survivors: string[]
  /** Customers whose rows moved away. */
  moved: string[]
  /** Every family looked at: a survivor first, then the customers merged into it. */
  families: string[][]
}

/**
 * Brings merges to their end for the customers named (merged now, edited, or named by a row
 * just written): their rows and those of every customer whose chain passes through them go to
 * their survivor, and the caches of both sides are made again (balance = the sum of both
 * ledgers, flags, visits, deals, appointments, the survivor's search words).
 */
export async function settleMerges(db: Knex, customerIds: Iterable<string>): Promise<Settled> {
  const named = new Set(customerIds)
  if (named.size === 0) return { survivors: [], moved: [], families: [] }
  const map = await mergedMap(db)
  if (map.size === 0) return { survivors: [], moved: [], families: [] }
  const affected = [...map.keys()].filter((id) => chainOf(map, id).some((c) => named.has(c)))
  if (affected.length === 0) return { survivors: [], moved: [], families: [] }
  const survivors = new Set<string>()
  const moved: string[] = []
  for (const from of affected) {
    const to = survivorIn(map, from)
    survivors.add(to)
    if (to === from) continue
    let rows = 0
    for (const table of HISTORY_TABLES) {
      rows += Number(await db(table).where({ customer_id: from }).update({ customer_id: to }))
    }
    if (rows > 0) moved.push(from)
  }
  await refreshMergedText(db, map, [...survivors], affected.filter((id) => !survivors.has(id)))
  const all = [...survivors, ...moved]
  await rebuildCaches(db, ['ledger', 'flags'], all)
  await rebuildVisitCaches(db, all)
  return { survivors: [...survivors], moved, families: [...survivors].map((s) => [s, ...mergedInto(map, s)]) }
}

/** A survivor's search words include those of every customer merged into it: an old phone, email or number finds it. */
async function refreshMergedText(db: Knex, map: Map<string, string>, survivors: readonly string[], mergedAway: readonly string[]): Promise<void> {
  const texts = new Map<string, string | null>(mergedAway.map((id) => [id, null]))
  for (const survivor of survivors) {
    const merged = mergedInto(map, survivor)
    const rows: DerivedFrom[] = merged.length
      ? await db('customers').select('first_name', 'last_name', 'nickname', 'email', 'username', 'phone', 'customer_number').whereIn('id', merged).whereNull('erased_at').orderBy('id')
      : []
    // Each merged customer's own words (not what it carried of others: a cycle would feed itself).
    texts.set(survivor, rows.map((row) => derivedColumns(row).search_text).join(' ') || null)
  }
  const changed: string[] = []
  for (const [id, text] of texts) {
    const current = await db('customers').where({ id }).first('merged_text')
    if (!current || (current.merged_text ?? null) === text) continue
    await db('customers').where({ id }).update({ merged_text: text })
    changed.push(id)
  }
  await rebuildDerived(db, changed)
}
